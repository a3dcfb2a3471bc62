from django.conf import settings
from django.utils import translation

from .models import Trend, live_homes


def site_context(request):
    """What every public page's header and footer need."""
    language = translation.get_language() or settings.LANGUAGE_CODE
    return {
        "site_name": settings.SITE_NAME,
        "country_name": settings.COUNTRY_NAMES.get(language, settings.COUNTRY_NAMES[settings.LANGUAGE_CODE]),
        "language": language,
        "nav_trends": Trend.objects.all(),
        "homes": live_homes(),
    }
