"""Trends: the monitored topics every article belongs to."""

from django.db.models import Count
from ninja import Router

from trendwatch.publishing.models import Trend, published_articles

from .representations import localized_text
from .schemas import Trend as TrendSchema

router = Router(tags=["trends"])


@router.get("", response=list[TrendSchema], summary="The monitored trends, in the site's order")
def list_trends(request):
    counts = dict(
        published_articles().order_by().values("trend_id").annotate(articles=Count("pk")).values_list("trend_id", "articles")
    )
    return [
        {
            "slug": trend.slug,
            "name": localized_text(trend, "name"),
            "description": localized_text(trend, "description"),
            "article_count": counts.get(trend.pk, 0),
        }
        for trend in Trend.objects.all()
    ]
