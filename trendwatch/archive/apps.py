from django.apps import AppConfig


class ArchiveConfig(AppConfig):
    name = "trendwatch.archive"
    label = "archive"
    verbose_name = "Archive import and export"
