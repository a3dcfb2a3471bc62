"""A fresh install gets a seven-step likelihood scale; editors can change it later."""

from django.db import migrations

SCALE = [
    ("almost-certain", 0.95, ("almost certain", "почти наверняка", "амаль напэўна")),
    ("very-likely", 0.85, ("very likely", "весьма вероятно", "вельмі верагодна")),
    ("likely", 0.7, ("likely", "вероятно", "верагодна")),
    ("even-chance", 0.5, ("even chance", "равные шансы", "роўныя шанцы")),
    ("unlikely", 0.3, ("unlikely", "маловероятно", "малаверагодна")),
    ("very-unlikely", 0.15, ("very unlikely", "крайне маловероятно", "вельмі малаверагодна")),
    ("almost-no-chance", 0.05, ("almost no chance", "почти исключено", "амаль выключана")),
]


def add_scale(apps, schema_editor):
    LikelihoodLevel = apps.get_model("dynamics", "LikelihoodLevel")
    for slug, probability, (english, russian, belarusian) in SCALE:
        LikelihoodLevel.objects.get_or_create(
            slug=slug,
            defaults={"probability": probability, "label_en": english, "label_ru": russian, "label_be": belarusian},
        )


class Migration(migrations.Migration):
    dependencies = [
        ("dynamics", "0001_initial"),
    ]

    operations = [
        migrations.RunPython(add_scale, migrations.RunPython.noop),
    ]
