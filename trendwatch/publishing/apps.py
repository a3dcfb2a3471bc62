from django.apps import AppConfig
from django.db.models.signals import post_migrate


class PublishingConfig(AppConfig):
    name = "trendwatch.publishing"
    label = "publishing"
    verbose_name = "Publishing"

    def ready(self):
        # Imported once the models are loaded: both import model classes.
        from trendwatch.pagecache.framework import look_up_child_relations_once_per_model

        from . import events  # noqa: F401  (turns Wagtail's page signals into article_changed)

        post_migrate.connect(_ensure_site_structure, sender=self)
        look_up_child_relations_once_per_model()


def _ensure_site_structure(sender, using="default", **kwargs):
    from django.db import connections

    from .listed_stories import ListedStory, list_every_story
    from .models import ArticlePage
    from .site_setup import ensure_site_structure

    ensure_site_structure()
    # A site upgraded from before the reader lists kept their stories lists them once (a database
    # migrated back to before them has no table for them).
    listed = ListedStory._meta.db_table in connections[using].introspection.table_names()
    if listed and not ListedStory.objects.exists() and ArticlePage.objects.filter(live=True).exists():
        list_every_story()
