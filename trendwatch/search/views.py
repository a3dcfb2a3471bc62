"""The search page: /<language>/search/?q=…, with filters, highlighted passages and pages of 20."""

from dataclasses import dataclass

from django.core.paginator import Paginator
from django.db.models import Q
from django.shortcuts import render
from django.utils import translation
from django.utils.translation import gettext as _

from trendwatch.publishing.dates import published_on_days
from trendwatch.publishing.models import ArticlePage, HomePage, published_articles

from .forms import SearchForm
from .highlight import highlighted, passage
from .query import MAX_QUERY_TERMS, search

RESULTS_PER_PAGE = 20
# A query quoted back to the reader is cut to this many characters.
QUOTED_QUERY_LENGTH = 80


@dataclass
class Result:
    """One found article with its headline and best passage, marked for the reader."""

    article: ArticlePage
    title: str
    passage: str
    trend_url: str


def search_page(request):
    language = translation.get_language()
    form = SearchForm(request.GET, language)
    form.is_valid()
    notices = form.ignored_filters()
    query = form.value_of("q", "")
    filters, swapped = article_filters(form)
    if swapped:
        notices.append(_("The start date was after the end date; the two were swapped."))
    outcome = search(query, form.languages(), filters, order=form.value_of("sort", "relevance"))
    page = Paginator(outcome.ids, RESULTS_PER_PAGE).get_page(request.GET.get("page"))
    results = found_results(page.object_list, outcome, language)
    return render(
        request,
        "search/search.html",
        {
            "form": form,
            "query": query,
            "quoted_query": quoted(query),
            "notices": notices + outcome_notices(query, outcome),
            "page_of_results": page,
            "results": results,
            "total": len(outcome.ids),
            "searched": outcome.has_words,
            "show_language": len(form.languages()) > 1,
        },
    )


def article_filters(form):
    """The form's filters as a Q object on ArticlePage, and whether the dates had to be swapped."""
    filters = Q()
    if trend := form.value_of("trend"):
        filters &= Q(trend__slug=trend)
    if direction := form.value_of("direction"):
        filters &= Q(direction=direction)
    if author := form.value_of("author"):
        filters &= Q(authors__slug=author)
    start, end = form.value_of("from"), form.value_of("to")
    swapped = bool(start and end and start > end)
    if swapped:
        start, end = end, start
    filters &= Q(**published_on_days(start, end))
    return filters, swapped


def outcome_notices(query, outcome):
    """What the reader should know about how the query was read."""
    if not query.strip():
        return [_("Type one or more words to search the commentaries.")]
    if not outcome.has_words:
        return [
            _("There is nothing to search for in “%(query)s”: very common words and punctuation are left out.")
            % {"query": quoted(query)}
        ]
    notices = []
    if outcome.shortened:
        notices.append(
            _("Your query is long: only its first %(count)s words were searched for.") % {"count": MAX_QUERY_TERMS}
        )
    for word, correction in outcome.corrections.items():
        notices.append(
            _("No commentary has “%(word)s”: these have “%(correction)s”.") % {"word": word, "correction": correction}
        )
    if not outcome.every_word:
        notices.append(_("No commentary contains all of your words; these contain some of them."))
    return notices


def quoted(query):
    return query if len(query) <= QUOTED_QUERY_LENGTH else query[:QUOTED_QUERY_LENGTH] + "…"


def found_results(ids, outcome, language):
    """The page's articles in ranked order, each with its headline and passage marked.

    Trend links lead to the trend pages in the page `language`, like the rest of the page.
    """
    articles = published_articles().filter(pk__in=ids).in_bulk()
    home = HomePage.objects.live().filter(locale__language_code=language).first()
    results = []
    for pk in ids:
        article = articles.get(pk)
        if article is None:  # unpublished between ranking and loading
            continue
        words = outcome.marked_stems(article.language)
        results.append(
            Result(
                article=article,
                title=highlighted(article.title, words, article.language),
                passage=passage(f"{article.lead}\n{article.body}", words, article.language),
                trend_url=home.url + home.reverse_subpage("trend", args=[article.trend.slug]) if home else "",
            )
        )
    return results
