"""Weekly issues: the Monday-to-Sunday weeks that have published commentaries."""

from django.db.models import Count
from django.http import Http404
from ninja import Field, Path, Query, Router

from trendwatch.publishing.dates import week_start
from trendwatch.publishing.models import WeeklyIssue, published_articles

from .representations import article_summary, issue_summary, page_of
from .schemas import Day, IssueDetail, IssueList, Language, Paging, error_responses

router = Router(tags=["weekly issues"])


class IssueFilters(Paging):
    language: Language | None = Field(None, description="Only weeks with articles in this language, counted in it.")


def article_counts(articles):
    """{weekly issue id: number of the given articles in it}."""
    return dict(
        articles.filter(weekly_issue__isnull=False)
        .order_by()
        .values("weekly_issue_id")
        .annotate(articles=Count("pk"))
        .values_list("weekly_issue_id", "articles")
    )


@router.get("", response={200: IssueList, **error_responses(422)}, summary="Weekly issues with published articles, newest first")
def list_issues(request, filters: Query[IssueFilters]):
    articles = published_articles(filters.language)
    counts = article_counts(articles)
    issues = WeeklyIssue.objects.filter(pk__in=articles.order_by().values("weekly_issue_id")).order_by("-week_start")
    listing = page_of(request, issues, filters.page, filters.page_size, len(counts))
    listing["results"] = [issue_summary(issue, counts[issue.pk]) for issue in listing["results"]]
    return listing


@router.get(
    "/{week}",
    response={200: IssueDetail, **error_responses(404, 422)},
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
