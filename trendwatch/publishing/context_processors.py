from django.conf import settings
from django.utils import translation

from trendwatch.pagecache.memo import memoised

from .models import InformationPage, all_trends, live_homes
from .routes import route_address


def site_context(request):
    """What every public page's header and footer need."""
    language = translation.get_language() or settings.LANGUAGE_CODE
    return {
        "site_name": settings.SITE_NAME,
        "country_name": settings.COUNTRY_NAMES.get(language, settings.COUNTRY_NAMES[settings.LANGUAGE_CODE]),
        "language": language,
        "nav_trends": memoised(("trend links", language), lambda: trend_links(language)),
        "homes": live_homes(),
        "information_pages": memoised(("information pages", language), lambda: information_pages(language)),
    }


def information_pages(language):
    """(address, title) of the live pages editors wrote under the language's home (About, methodology)."""
    home = live_homes().get(language)
    if home is None:
        return []
    return [(page.url, page.title) for page in InformationPage.objects.child_of(home).live().public()]


def trend_links(language):
    """(address, name) of every trend's page in `language`, for the main navigation."""
    home = live_homes().get(language)
    if home is None:
        return []
    return [(route_address(home, "trend", trend.slug), trend.localized("name", language)) for trend in all_trends()]
