from django.apps import AppConfig
from django.db.models.signals import post_migrate


class PublishingConfig(AppConfig):
    name = "trendwatch.publishing"
    label = "publishing"
    verbose_name = "Publishing"

    def ready(self):
        post_migrate.connect(_ensure_site_structure, sender=self)


def _ensure_site_structure(sender, using="default", **kwargs):
    from .site_setup import ensure_site_structure

    ensure_site_structure()
