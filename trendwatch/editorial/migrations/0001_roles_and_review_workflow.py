from django.contrib.auth.management import create_permissions
from django.db import migrations


def install_roles(apps, schema_editor):
    from trendwatch.editorial.roles import install

    # Model permissions are otherwise made after all migrations; the roles need them now.
    for app_config in apps.get_app_configs():
        app_config.models_module = True
        create_permissions(app_config, apps=apps, verbosity=0)
        app_config.models_module = None
    install(apps)


class Migration(migrations.Migration):
    dependencies = [
        ("auth", "0012_alter_user_first_name_max_length"),
        ("contenttypes", "0002_remove_content_type_name"),
        ("wagtailcore", "0098_apitoken"),
        ("wagtailadmin", "0006_formstate"),
        ("wagtailimages", "0027_image_description"),
        ("publishing", "0002_seed_trends"),
    ]

    operations = [migrations.RunPython(install_roles, migrations.RunPython.noop)]
