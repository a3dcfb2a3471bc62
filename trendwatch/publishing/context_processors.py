from django.conf import settings
from django.utils import translation

from trendwatch.pagecache.memo import memoised

from .models import all_trends, live_homes


def site_context(request):
    """What every public page's header and footer need."""
    language = translation.get_language() or settings.LANGUAGE_CODE
    return {
        "site_name": settings.SITE_NAME,
        "country_name": settings.COUNTRY_NAMES.get(language, settings.COUNTRY_NAMES[settings.LANGUAGE_CODE]),
        "language": language,
        "nav_trends": memoised(("trend links", language), lambda: trend_links(language)),
        "homes": live_homes(),
    }


def trend_links(language):
    """(address, name) of every trend's page in `language`, for the main navigation."""
    home = live_homes().get(language)
    if home is None:
        return []
    return [(home.url + home.reverse_subpage("trend", args=[trend.slug]), trend.localized("name", language)) for trend in all_trends()]
