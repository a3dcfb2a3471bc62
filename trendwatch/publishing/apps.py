from django.apps import AppConfig
from django.db.models.signals import post_migrate


class PublishingConfig(AppConfig):
    name = "trendwatch.publishing"
    label = "publishing"
    verbose_name = "Publishing"

    def ready(self):
        from . import events  # noqa: F401  (turns Wagtail's page signals into article_changed)

        post_migrate.connect(_ensure_site_structure, sender=self)
        _look_up_child_relations_once_per_model()


def _look_up_child_relations_once_per_model():
    """modelcluster finds a model's child relations among all its fields for every instance it makes
    (about a quarter of the cost of reading a page row); they are fixed once the models are loaded."""
    import modelcluster.models as cluster

    for name in ("get_all_child_relations", "get_all_child_m2m_relations"):
        known = {}

        def look_up(model, find=getattr(cluster, name), known=known):
            model_class = model if isinstance(model, type) else type(model)
            if model_class not in known:
                known[model_class] = tuple(find(model_class))
            return list(known[model_class])

        setattr(cluster, name, look_up)


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
