"""Each language's home page with its routes (trends, weekly issues, authors, the archive), and the
pages editors write under it (About, methodology).

Every list here reads one page of rows through indexes (see `stories.py`): its cost grows with the
page size, not with the archive.
"""

import datetime

from django.db.models import Exists, OuterRef
from django.http import Http404
from django.shortcuts import get_object_or_404
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from wagtail.admin.panels import FieldPanel
from wagtail.contrib.routable_page.models import RoutablePageMixin, path, re_path
from wagtail.fields import RichTextField
from wagtail.models import Page

from trendwatch.pagecache.memo import memoised

from .dates import EARLIEST_DAY, LATEST_DAY, week_start, within_bounds
from .models import (
    Author,
    MemoisedChildren,
    MemoisedSiteData,
    Trend,
    WeeklyIssue,
    all_trends,
    paginate,
)
from .listed_stories import ListedStory
from .stories import articles_of, issue_rows, issue_summary, neighbour_issues, published_stories, released_issue, story_list

# Weekly issues on one page of the list of issues: a year of them.
ISSUES_PER_PAGE = 52


class HomePage(RoutablePageMixin, MemoisedSiteData, MemoisedChildren, Page):
    """The front page of one language: the newest released weekly issue and the latest commentaries."""

    max_count_per_parent = 1
    parent_page_types = ["wagtailcore.Page"]
    subpage_types = ["publishing.ArticleIndexPage", "publishing.InformationPage"]

    class Meta:
        app_label = "publishing"

    def get_context(self, request, *args, **kwargs):
        context = super().get_context(request, *args, **kwargs)
        context["latest_issue"] = issue_summary(released_issue(), self.language)
        context["latest_articles"] = articles_of(published_stories(self.language)[:10])
        return context

    @property
    def language(self):
        return self.locale.language_code

    def render_route(self, request, template, **context):
        return self.render(request, context_overrides=context, template=f"publishing/{template}.html")

    def render_story_list(self, request, template, stories, **context):
        """A route that lists `stories` a page at a time, as `articles`."""
        return self.render_route(request, template, articles=paginate(request, story_list(stories)), **context)

    @path("trends/", name="trends")
    def all_trends(self, request):
        trends = all_trends()
        latest = {}
        for trend in trends:
            latest[trend.pk] = next(iter(articles_of(published_stories(self.language).filter(trend=trend)[:1])), None)
        return self.render_route(request, "trend_list", trend_rows=[(trend, latest[trend.pk]) for trend in trends])

    @path("trends/<slug:slug>/", name="trend")
    def trend(self, request, slug):
        trend = get_object_or_404(Trend, slug=slug)
        return self.render_story_list(request, "trend_page", published_stories(self.language).filter(trend=trend), trend=trend)

    @path("weeks/", name="weeks")
    def weeks(self, request):
        issues = WeeklyIssue.objects.filter(Exists(ListedStory.objects.filter(language=self.language, weekly_issue=OuterRef("pk"))))
        return self.render_route(request, "week_list", issues=paginate(request, issues, ISSUES_PER_PAGE))

    @re_path(r"^weeks/(?P<start>\d{4}-\d{2}-\d{2})/$", name="week")
    def week(self, request, start):
        issue = self._issue(start)
        previous, following = neighbour_issues(issue)
        rows = issue_rows(articles_of(published_stories(self.language).filter(weekly_issue=issue)))
        return self.render_route(request, "week_page", issue=issue, rows=rows, previous=previous, following=following)

    @re_path(r"^weeks/(?P<start>\d{4}-\d{2}-\d{2})/full/$", name="week_full")
    def week_full(self, request, start):
        """The week's commentaries with their whole texts, one after another: the issue to read or print."""
        issue = self._issue(start)
        stories = published_stories(self.language).filter(weekly_issue=issue).order_by("trend__sort_order", "published_at")
        return self.render_route(request, "week_full", issue=issue, articles=articles_of(stories))

    def _issue(self, start):
        try:
            day = datetime.date.fromisoformat(start)
        except ValueError:
            raise Http404("No such week")
        if not within_bounds(day):
            raise Http404("No week is published so early or so late")
        return get_object_or_404(WeeklyIssue, week_start=week_start(day))

    @path("authors/", name="authors")
    def authors(self, request):
        return self.render_route(request, "author_list", authors=Author.objects.filter(articles__live=True).distinct())

    @path("authors/<slug:slug>/", name="author")
    def author(self, request, slug):
        author = get_object_or_404(Author, slug=slug)
        stories = published_stories(self.language).filter(article__authors=author)
        return self.render_story_list(request, "author_page", stories, author=author)

    @path("archive/", name="archive")
    def archive(self, request):
        years = {}
        for month in archive_months(self.language):
            years.setdefault(month.year, []).append(month)
        return self.render_route(request, "archive", years=years.items())

    @re_path(r"^archive/(?P<year>\d{4})/(?:(?P<month>\d{1,2})/)?$", name="archive_period")
    def archive_period(self, request, year, month=None):
        year = int(year)
        if not EARLIEST_DAY.year <= year <= LATEST_DAY.year:
            raise Http404("No article is published so early or so late")
        if month is not None:
            month = int(month)
            if not 1 <= month <= 12:
                raise Http404("No such month")
        stories = published_stories(self.language).filter(published_at__range=period_bounds(year, month))
        return self.render_story_list(request, "archive_period", stories, year=year, month=month)


def archive_months(language):
    """The months with published commentaries for a reader of `language`, newest first."""
    return memoised(("archive months", language), lambda: list(published_stories(language).dates("published_at", "month", order="DESC")))


def period_bounds(year, month=None):
    """(first moment, last moment) of a year or one of its months, in the outlet's time zone: a range
    the index on publication moments serves, where a year or month taken from each moment would not."""
    first = datetime.datetime(year, month or 1, 1)
    following = datetime.datetime(year + (month is None or month == 12), (month % 12 + 1) if month else 1, 1)
    return timezone.make_aware(first), timezone.make_aware(following) - datetime.timedelta(microseconds=1)


class InformationPage(MemoisedSiteData, Page):
    """A page editors write about the outlet itself: About, the methodology, how to cite."""

    body = RichTextField(_("text"), features=["h2", "h3", "bold", "italic", "link", "ol", "ul", "blockquote"])

    parent_page_types = ["publishing.HomePage"]
    subpage_types = []
    content_panels = Page.content_panels + [FieldPanel("body")]

    class Meta:
        app_label = "publishing"
        verbose_name = _("information page")
