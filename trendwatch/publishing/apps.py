from django.apps import AppConfig
from django.db.models.signals import post_migrate


class PublishingConfig(AppConfig):
    name = "trendwatch.publishing"
    label = "publishing"
    verbose_name = "Publishing"

    def ready(self):
        from . import events  # noqa: F401  (turns Wagtail's page signals into article_changed)

        post_migrate.connect(_ensure_site_structure, sender=self)


def _ensure_site_structure(sender, using="default", **kwargs):
    from .site_setup import ensure_site_structure

    ensure_site_structure()
