from django.db import migrations, models
from django.db.models import OuterRef, Subquery


def copy_translation_keys(apps, schema_editor):
    Neighbour = apps.get_model("related", "Neighbour")
    Page = apps.get_model("wagtailcore", "Page")

    def key_of(column):
        return Subquery(Page.objects.filter(pk=OuterRef(column)).values("translation_key")[:1])

    Neighbour.objects.update(group=key_of("article_id"), neighbour_group=key_of("neighbour_id"))


class Migration(migrations.Migration):
    dependencies = [
        ("related", "0001_initial"),
    ]

    operations = [
        migrations.AddField(model_name="neighbour", name="group", field=models.UUIDField(null=True)),
        migrations.AddField(model_name="neighbour", name="neighbour_group", field=models.UUIDField(null=True)),
        migrations.RunPython(copy_translation_keys, migrations.RunPython.noop),
        migrations.AlterField(model_name="neighbour", name="group", field=models.UUIDField()),
        migrations.AlterField(model_name="neighbour", name="neighbour_group", field=models.UUIDField()),
        migrations.AddIndex(
            model_name="neighbour",
            index=models.Index(fields=["group", "neighbour_group"], name="neighbour_groups"),
        ),
    ]
