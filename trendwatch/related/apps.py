from django.apps import AppConfig


class RelatedConfig(AppConfig):
    name = "trendwatch.related"
    label = "related"
    verbose_name = "Similar articles"

    def ready(self):
        from . import signals  # noqa: F401  (connects the publishing events)
