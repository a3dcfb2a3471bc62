from django.apps import AppConfig


class SearchConfig(AppConfig):
    name = "trendwatch.search"
    label = "search"
    verbose_name = "Site search"

    def ready(self):
        from . import signals  # noqa: F401  (connects the publishing events)
