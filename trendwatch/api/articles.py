"""Articles: the filtered list, one article with its body and translations, and its similar articles."""

from django.conf import settings
from django.http import Http404
from ninja import Field, Path, Query, Router
from ninja.errors import HttpError

from trendwatch.publishing.dates import published_on_days, week_start
from trendwatch.pagecache.memo import memoised
from trendwatch.publishing.listing import ListedArticles, ListedIds
from trendwatch.publishing.models import published_articles
from trendwatch.related.models import similar_articles_for

from .representations import article_detail, article_summary, page_of
from .schemas import (
    ArticleDetail, ArticleList, Day, DirectionCode, Language, Paging, SimilarList, described_error, error_responses,
)

router = Router(tags=["articles"])

# Ids are database keys: larger numbers cannot name an article and would overflow the column.
LARGEST_ID = 2**63 - 1
SLUG_PATTERN = r"^[-a-zA-Z0-9_]+$"
LARGEST_SIMILAR_LIMIT = 20


class ArticleFilters(Paging):
    language: Language | None = Field(None, description="Only articles in this language.")
    trend: str | None = Field(None, max_length=80, pattern=SLUG_PATTERN, description="Only this trend (its slug).")
    direction: DirectionCode | None = Field(None, description="Only articles marked with this direction of change.")
    published_from: Day | None = Field(
        None, alias="from", description="Published on or after this day (the outlet's time zone); not after `to` (400)."
    )
    published_to: Day | None = Field(
        None, alias="to", description="Published on or before this day (the outlet's time zone)."
    )
    author: str | None = Field(None, max_length=80, pattern=SLUG_PATTERN, description="Only this author's (their slug).")
    week: Day | None = Field(
        None, description="Only the weekly issue of the week that contains this day (any day of it)."
    )


def filtered_articles(filters):
    if filters.published_from and filters.published_to and filters.published_from > filters.published_to:
        raise HttpError(400, f"The date range is empty: from={filters.published_from} is after to={filters.published_to}.")
    articles = published_articles(filters.language).prefetch_related("authors")
    if filters.trend:
        articles = articles.filter(trend__slug=filters.trend)
    if filters.direction:
        articles = articles.filter(direction=filters.direction)
    articles = articles.filter(**published_on_days(filters.published_from, filters.published_to))
    if filters.author:
        articles = articles.filter(authors__slug=filters.author)
    if filters.week:
        articles = articles.filter(weekly_issue__week_start=week_start(filters.week))
    return articles


# Filters other than the language, which need the database to find their articles.
NARROWING_FILTERS = tuple(set(ArticleFilters.model_fields) - set(Paging.model_fields) - {"language"})


def listed_articles(filters):
    """The filtered articles as a list that reads a page's articles only. The whole archive, or
    one language of it, is listed from ids memoised per content version: counting and sorting
    every published article took 50-130 ms per request at 50,000 articles on PostgreSQL."""
    if any(getattr(filters, name) for name in NARROWING_FILTERS):
        return ListedArticles(filtered_articles(filters))
    ids = memoised(("api article ids", filters.language),
                   lambda: list(published_articles(filters.language).values_list("pk", flat=True)))
    return ListedIds(ids, published_articles().prefetch_related("authors"))


@router.get(
    "",
    response={200: ArticleList, **error_responses(400, 422)},
    summary="Published articles, newest first",
    openapi_extra={"responses": {"400": described_error("`from` is after `to`: the date range is empty.")}},
)
def list_articles(request, filters: Query[ArticleFilters]):
    articles = listed_articles(filters)
    listing = page_of(request, articles, filters.page, filters.page_size, articles.count())
    listing["results"] = [article_summary(request, article) for article in listing["results"]]
    return listing


def published_article(pk):
    article = published_articles().prefetch_related("authors").filter(pk=pk).first()
    if article is None:
        raise Http404(f"No published article has the id {pk}.")
    return article


@router.get("/{id}", response={200: ArticleDetail, **error_responses(404, 422)}, summary="One published article")
def get_article(request, id: int = Path(..., ge=1, le=LARGEST_ID)):
    return article_detail(request, published_article(id))


@router.get(
    "/{id}/similar",
    response={200: SimilarList, **error_responses(404, 422)},
    summary="The article's similar articles, as its page shows them",
)
def list_similar_articles(
    request,
    id: int = Path(..., ge=1, le=LARGEST_ID),
    limit: int = Query(
        settings.SIMILAR_BOX_SIZE, ge=1, le=LARGEST_SIMILAR_LIMIT, description="How many similar articles (default: the page's box size)."
    ),
):
    source = published_article(id)
    # A pin is shown in the reader's language: any version of the pinned article counts.
    pinned = set(source.similar_pins.values_list("target__translation_key", flat=True))
    results = []
    for page, entry in similar_articles_for(source, size=limit):
        if entry is not None:
            basis, score, reasons = "similarity", entry.score, stored_reasons(entry.reasons)
        else:
            basis, score, reasons = ("editor_pin" if page.translation_key in pinned else "closest_in_time"), None, None
        results.append({"article": article_summary(request, page), "basis": basis, "score": score, "reasons": reasons})
    return {"article": source.pk, "results": results}


def stored_reasons(reasons):
    """The engine's stored reasons, with every field present even in lists stored by older versions."""
    return {
        "shared_terms": reasons.get("shared_terms", []),
        "shared_names": reasons.get("shared_names", []),
        "same_trend": reasons.get("same_trend", False),
        "days_apart": reasons.get("days_apart"),
        "contributions": reasons.get("contributions", {}),
    }
