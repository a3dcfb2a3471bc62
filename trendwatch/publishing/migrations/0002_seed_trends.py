"""A fresh install monitors the five trends of the model outlet; editors can change them later."""

from django.db import migrations

TRENDS = [
    ("ruling-elite", "The ruling elite", "Правящая элита", "Кіруючая эліта",
     "Appointments, the government, the security apparatus and the balance of power at the top."),
    ("society-parties", "Society and political parties", "Общество и политические партии", "Грамадства і палітычныя партыі",
     "Parties, civil society, public opinion, repressions and the opposition."),
    ("security", "Security issues", "Вопросы безопасности", "Пытанні бяспекі",
     "The army, military cooperation, exercises and border security."),
    ("belarus-west", "Belarus–West relations", "Отношения Беларуси и Запада", "Адносіны Беларусі і Захаду",
     "Relations with the European Union, its neighbours and the United States."),
    ("belarus-russia", "Belarus–Russia relations", "Белорусско-российские отношения", "Беларуска-расійскія адносіны",
     "The Union State, energy, trade, loans and the two leaders' bargaining."),
]


def add_trends(apps, schema_editor):
    Trend = apps.get_model("publishing", "Trend")
    if Trend.objects.exists():
        return
    for order, (slug, name_en, name_ru, name_be, description) in enumerate(TRENDS):
        Trend.objects.create(
            slug=slug, name_en=name_en, name_ru=name_ru, name_be=name_be, description_en=description, sort_order=order
        )


class Migration(migrations.Migration):
    dependencies = [("publishing", "0001_initial")]
    operations = [migrations.RunPython(add_trends, migrations.RunPython.noop)]
