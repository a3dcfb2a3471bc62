from django.apps import AppConfig


class PageCacheConfig(AppConfig):
    name = "trendwatch.pagecache"
    label = "pagecache"
    verbose_name = "Page cache"
    default_auto_field = "django.db.models.BigAutoField"

    def ready(self):
        from . import signals  # noqa: F401  (connects the changes that make cached pages stale)
