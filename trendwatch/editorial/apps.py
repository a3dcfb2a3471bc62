from django.apps import AppConfig, apps
from django.db.models.signals import post_migrate


class EditorialConfig(AppConfig):
    name = "trendwatch.editorial"
    label = "editorial"
    verbose_name = "Editorial workflow"

    def ready(self):
        post_migrate.connect(_attach_roles)


def _attach_roles(sender, **kwargs):
    """After the last app's post-migrate step: the article indexes (made by publishing's step) and
    every app's permissions (made by each app's step) exist only by then."""
    from .roles import (
        attach_to_article_indexes,
        grant_every_permission_to_administrators,
        grant_later_permissions_to_editors,
    )

    last = [config for config in apps.get_app_configs() if config.models_module is not None][-1]
    if sender is not last:
        return
    attach_to_article_indexes(apps)
    grant_later_permissions_to_editors(apps)
    grant_every_permission_to_administrators(apps)
