"""Trend dynamics from the directions on published commentaries: one mark per trend and week.

Rules, so that every chart and download counts the same way:
- Only published articles count (`published_articles()`), in every language: a commentary and its
  translations are one commentary (one translation key). The reader sees the version in their own
  language when it is published, else the English one, else any other.
- The week of a commentary is its weekly issue (derived from the publication date unless an editor
  overrides it).
- When a trend has several commentaries in one week, the newest one that assesses a direction
  (improved, worsened or unchanged) is the week's mark; if none does, the week is "not assessed".
- A week with no commentary on the trend has no mark and leaves the index where it was.
- The cumulative index starts at 0 before the first week shown: improved +1, worsened -1.
- A trend is one record whatever its name: renaming it keeps its history.
"""

import datetime
from dataclasses import dataclass

from django.conf import settings
from django.db.models import Exists, OuterRef
from django.utils import timezone

from trendwatch.pagecache.memo import memoised
from trendwatch.publishing.dates import week_start
from trendwatch.publishing.listed_stories import ListedStory
from trendwatch.publishing.models import LINK_FIELDS, ArticlePage, Direction, WeeklyIssue, published_articles, with_locales

INDEX_STEPS = {Direction.IMPROVED: 1, Direction.WORSENED: -1}
# What a week's mark shows of its commentary: a link with its title in its language.
MARK_FIELDS = (*LINK_FIELDS, "published_at", "direction", "trend_id")
ASSESSED = {Direction.IMPROVED, Direction.WORSENED, Direction.UNCHANGED}
ONE_WEEK = datetime.timedelta(weeks=1)


@dataclass
class WeekMark:
    """One trend in one week: its direction (None without a commentary) and the commentary shown."""

    week: datetime.date
    direction: str | None
    article: ArticlePage | None
    commentaries: int
    index: int = 0

    @property
    def week_end(self):
        return self.week + datetime.timedelta(days=6)


@dataclass
class TrendSummary:
    """How many weeks of a range each trend improved, worsened, stayed, went unassessed or unwritten."""

    improved: int
    worsened: int
    unchanged: int
    not_assessed: int
    no_commentary: int
    net: int


def cumulative_index(directions):
    """Running sum of +1 (improved) and -1 (worsened) over a sequence of directions or None."""
    index, values = 0, []
    for direction in directions:
        index += INDEX_STEPS.get(direction, 0)
        values.append(index)
    return values


def weeks_between(first, last):
    """The Mondays from the week of `first` to the week of `last`, both included."""
    monday, last_monday = week_start(first), week_start(last)
    weeks = []
    while monday <= last_monday:
        weeks.append(monday)
        monday += ONE_WEEK
    return weeks


def latest_week():
    """The newest week with a published commentary, or the current week when there is none."""
    return memoised("latest week", lambda: _weeks_with_stories().order_by("-week_start").values_list("week_start", flat=True).first()) or week_start(timezone.localdate())


def first_week(trend=None):
    """The week of the trend's (or the archive's) first published commentary, or None."""
    return memoised(("first week", trend and trend.pk),
                    lambda: _weeks_with_stories(trend).order_by("week_start").values_list("week_start", flat=True).first())


def _weeks_with_stories(trend=None):
    """Weekly issues with a published commentary (of `trend`, default None: of any)."""
    # Every commentary is listed in every language: the site's own language's rows name them all.
    stories = ListedStory.objects.filter(language=settings.LANGUAGE_CODE, weekly_issue=OuterRef("pk"))
    return WeeklyIssue.objects.filter(Exists(stories.filter(trend=trend) if trend else stories))


def trend_marks(trends, weeks, language):
    """{trend id: [WeekMark for each of `weeks`]}, with the cumulative index filled in."""
    commentaries = _commentaries(trends, weeks, language)
    chosen = {key: week_verdict(shown) for key, shown in commentaries.items()}
    articles = published_articles().filter(pk__in=[story.pk for story in chosen.values()]).select_related(None).only(*MARK_FIELDS)
    articles = {article.pk: article for article in with_locales(articles)}
    marks = {}
    for trend in trends:
        row = []
        for week in weeks:
            story = chosen.get((trend.pk, week))
            article = articles.get(story.pk) if story else None
            row.append(WeekMark(week, story.direction if story else None, article, len(commentaries.get((trend.pk, week), []))))
        for mark, value in zip(row, cumulative_index(mark.direction for mark in row)):
            mark.index = value
        marks[trend.pk] = row
    return marks


def week_verdict(articles):
    """The commentary that marks a trend-week: the newest assessing one, else the newest of all."""
    if not articles:
        return None
    newest_first = sorted(articles, key=lambda article: (article.published_at, article.pk), reverse=True)
    return next((article for article in newest_first if article.direction in ASSESSED), newest_first[0])


def summarise(row):
    counts = {direction: 0 for direction in Direction.values}
    for mark in row:
        if mark.direction:
            counts[mark.direction] += 1
    return TrendSummary(
        improved=counts[Direction.IMPROVED],
        worsened=counts[Direction.WORSENED],
        unchanged=counts[Direction.UNCHANGED],
        not_assessed=counts[Direction.NOT_ASSESSED],
        no_commentary=sum(1 for mark in row if mark.direction is None),
        net=row[-1].index if row else 0,
    )


@dataclass(frozen=True)
class ListedCommentary:
    """What a trend-week's verdict reads of one commentary (the version its reader is shown)."""

    pk: int
    published_at: datetime.datetime
    direction: str


def _commentaries(trends, weeks, language):
    """{(trend id, week): [one ListedCommentary per commentary]} for the commentaries in the weeks."""
    if not weeks:
        return {}
    rows = ListedStory.objects.filter(
        language=language, trend__in=trends, weekly_issue__week_start__gte=weeks[0], weekly_issue__week_start__lte=weeks[-1]
    ).values_list("trend_id", "weekly_issue__week_start", "article_id", "published_at", "direction")
    grouped = {}
    for trend_id, week, article_id, published_at, direction in rows:
        grouped.setdefault((trend_id, week), []).append(ListedCommentary(article_id, published_at, direction))
    return grouped


def version_preference(article, language):
    """Sort key: the reader's language first, then English, then the oldest version."""
    code = article.locale.language_code
    return (code != language, code != settings.LANGUAGE_CODE, article.pk)
