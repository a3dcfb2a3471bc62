from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class EntitiesConfig(AppConfig):
    name = "trendwatch.entities"
    label = "entities"
    verbose_name = _("People, organisations and places")

    def ready(self):
        from trendwatch.search.query import QUERY_EXPANSIONS

        from . import signals  # noqa: F401  (connects the publishing events)
        from .matching import spellings_in_query

        if spellings_in_query not in QUERY_EXPANSIONS:
            QUERY_EXPANSIONS.append(spellings_in_query)
