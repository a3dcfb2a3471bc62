"""Weekly issues: the Monday-to-Sunday weeks that have published commentaries."""

from django.db.models import Count
from django.http import Http404
from ninja import Field, Path, Query, Router, Schema

from trendwatch.publishing.dates import week_start
from trendwatch.publishing.models import WeeklyIssue, published_articles

from .articles import DEFAULT_PAGE_SIZE, LARGEST_PAGE_SIZE
from .representations import article_summary, issue_summary, page_of
from .schemas import Day, ErrorBody, IssueDetail, IssueList, Language

router = Router(tags=["weekly issues"])


class IssueFilters(Schema):
    language: Language | None = Field(None, description="Only weeks with articles in this language, counted in it.")
    page: int = Field(1, ge=1, description="Page number, from 1; pages past the last are empty.")
    page_size: int = Field(DEFAULT_PAGE_SIZE, ge=1, le=LARGEST_PAGE_SIZE, description="Issues per page.")


def article_counts(articles):
    """{weekly issue id: number of the given articles in it}."""
    return dict(
        articles.filter(weekly_issue__isnull=False)
        .order_by()
        .values("weekly_issue_id")
        .annotate(articles=Count("pk"))
        .values_list("weekly_issue_id", "articles")
    )


@router.get("", response={200: IssueList, 422: ErrorBody}, summary="Weekly issues with published articles, newest first")
def list_issues(request, filters: Query[IssueFilters]):
    articles = published_articles(filters.language)
    counts = article_counts(articles)
    issues = WeeklyIssue.objects.filter(pk__in=articles.order_by().values("weekly_issue_id")).order_by("-week_start")
    listing = page_of(request, issues, filters.page, filters.page_size, len(counts))
    listing["results"] = [issue_summary(issue, counts[issue.pk]) for issue in listing["results"]]
    return listing


@router.get(
    "/{week}",
    response={200: IssueDetail, 404: ErrorBody, 422: ErrorBody},
    summary="One weekly issue and its articles",
)
def get_issue(
    request,
    week: Day = Path(..., description="Any day of the week (its Monday is the issue's address)."),
    language: Language | None = Query(None, description="Only the articles in this language."),
):
    articles = published_articles(language).filter(weekly_issue__week_start=week_start(week)).prefetch_related("authors")
    articles = list(articles.order_by("trend__sort_order", "trend__name_en", "-published_at", "pk"))
    if not articles:
        raise Http404(f"No articles are published for the week of {week}.")
    return {
        **issue_summary(articles[0].weekly_issue, len(articles)),
        "articles": [article_summary(request, article) for article in articles],
    }
