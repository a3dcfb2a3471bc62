"""What a reader of one language is shown of the archive: every commentary once, in their language
where it is translated, else in the original, so that every language tells the same story.

The version each language shows is chosen when a commentary changes and stored as a `ListedStory`
(see `listed_stories.py`); lists filter and sort those rows through their indexes and read only the
articles of the page they show.
"""

from django.db.models import Exists, OuterRef
from django.utils.translation import gettext_lazy as _

from .listed_stories import ListedStory
from .listing import ListedArticles
from .models import WeeklyIssue, all_trends, published_articles

# Said beside a commentary shown in a language other than the page's.
LANGUAGE_NAMES_IN = {"en": _("in English"), "ru": _("in Russian"), "be": _("in Belarusian")}


def published_stories(language):
    """Every published commentary once, as a `ListedStory` query for a reader of `language`, newest
    first; filter it on its own fields (trend, weekly_issue, published_at, translation_key) or on
    its article's (`article__authors`), then read its articles with `articles_of` or `story_list`."""
    return ListedStory.objects.filter(language=language).order_by("-published_at", "-article_id")


def articles_of(stories):
    """The articles of a short (sliced or narrowly filtered) query of listed stories, in its order."""
    ids = list(stories.values_list("article_id", flat=True))
    found = {article.pk: article for article in published_articles().filter(pk__in=ids)}
    return [found[pk] for pk in ids if pk in found]


def story_list(stories):
    """A long query of listed stories as a list that pages read a page of articles at a time."""
    return ListedArticles(stories, article_id="article_id", articles=published_articles())


def issue_rows(articles):
    """One row per trend, in trend order, with that trend's newest commentary of the week (or None)."""
    by_trend = {}
    for article in articles:
        by_trend.setdefault(article.trend_id, article)
    return [(trend, by_trend.get(trend.pk)) for trend in all_trends()]


def released_issue():
    """The newest weekly issue the editors have released, or None."""
    return WeeklyIssue.objects.filter(released_at__isnull=False).order_by("-week_start").first()


def issue_summary(issue, language):
    """A weekly issue with its rows for a reader of `language`."""
    if issue is None:
        return None
    return {"issue": issue, "rows": issue_rows(articles_of(published_stories(language).filter(weekly_issue=issue)))}


def neighbour_issues(issue):
    """(previous, next) weekly issues with published commentaries, each None at the archive's ends."""
    with_articles = WeeklyIssue.objects.filter(Exists(ListedStory.objects.filter(weekly_issue=OuterRef("pk"))))
    previous = with_articles.filter(week_start__lt=issue.week_start).order_by("-week_start").first()
    following = with_articles.filter(week_start__gt=issue.week_start).order_by("week_start").first()
    return previous, following
