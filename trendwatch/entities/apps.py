from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class EntitiesConfig(AppConfig):
    name = "trendwatch.entities"
    label = "entities"
    verbose_name = _("People, organisations and places")

    def ready(self):
        from trendwatch.publishing.extensions import add_article_page_column
        from trendwatch.search.query import QUERY_EXPANSIONS

        from . import signals  # noqa: F401  (connects the publishing events)
        from .matching import mention_rows, spellings_in_query

        add_article_page_column("mention_rows", mention_rows)
        if spellings_in_query not in QUERY_EXPANSIONS:
            QUERY_EXPANSIONS.append(spellings_in_query)
