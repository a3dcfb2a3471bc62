from django.conf import settings
from django.utils import translation

from .models import Trend


def site_context(request):
    """What every public page's header and footer need."""
    return {
        "site_name": settings.SITE_NAME,
        "country_name": settings.COUNTRY_NAME,
        "language": translation.get_language() or settings.LANGUAGE_CODE,
        "nav_trends": Trend.objects.all(),
    }
