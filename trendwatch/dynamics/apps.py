from django.apps import AppConfig
from django.db.models.signals import post_migrate

# The newsroom's Editors resolve forecasts and keep the likelihood scale.
EDITOR_PERMISSIONS = [
    "add_forecastresolution",
    "change_forecastresolution",
    "delete_forecastresolution",
    "view_forecastresolution",
    "add_likelihoodlevel",
    "change_likelihoodlevel",
    "view_likelihoodlevel",
]
EDITORS_GROUP = "Editors"


class DynamicsConfig(AppConfig):
    name = "trendwatch.dynamics"
    label = "dynamics"
    verbose_name = "Trend dynamics and forecasts"

    def ready(self):
        post_migrate.connect(grant_editor_permissions, sender=self)


def grant_editor_permissions(app_config, using="default", **kwargs):
    """After every migrate, so the grant holds whichever app creates or resets the Editors group."""
    from django.contrib.auth.management import create_permissions
    from django.contrib.auth.models import Group, Permission

    create_permissions(app_config, verbosity=0, using=using)
    editors = Group.objects.using(using).filter(name=EDITORS_GROUP).first()
    if editors is not None:
        editors.permissions.add(
            *Permission.objects.using(using).filter(content_type__app_label="dynamics", codename__in=EDITOR_PERMISSIONS)
        )
