from django.utils.translation import gettext_lazy as _
from wagtail.snippets.models import register_snippet
from wagtail.snippets.views.snippets import SnippetViewSet, SnippetViewSetGroup

from .models import ForecastResolution, LikelihoodLevel


class ForecastResolutionViewSet(SnippetViewSet):
    model = ForecastResolution
    icon = "tasks"
    menu_label = _("Resolutions")
    list_display = ["forecast", "outcome", "resolved_on"]
    list_filter = ["outcome"]


class LikelihoodLevelViewSet(SnippetViewSet):
    model = LikelihoodLevel
    icon = "order"
    menu_label = _("Likelihood scale")
    list_display = ["label_en", "probability"]


class ForecastsGroup(SnippetViewSetGroup):
    items = (ForecastResolutionViewSet, LikelihoodLevelViewSet)
    menu_icon = "tasks"
    menu_label = _("Forecasts")
    menu_order = 220


register_snippet(ForecastsGroup)
