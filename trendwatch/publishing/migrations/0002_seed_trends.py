"""A fresh install monitors the five trends of the model outlet; editors can change them later."""

from django.db import migrations

TRENDS = [
    {
        "slug": "ruling-elite",
        "name": ("The ruling elite", "Правящая элита", "Кіруючая эліта"),
        "description": (
            "Appointments, the government, the security apparatus and the balance of power at the top.",
            "Назначения, правительство, силовой аппарат и баланс сил на вершине власти.",
            "Прызначэнні, урад, сілавы апарат і баланс сіл на вяршыні ўлады.",
        ),
    },
    {
        "slug": "society-parties",
        "name": ("Society and political parties", "Общество и политические партии", "Грамадства і палітычныя партыі"),
        "description": (
            "Parties, civil society, public opinion, repressions and the opposition.",
            "Партии, гражданское общество, общественное мнение, репрессии и оппозиция.",
            "Партыі, грамадзянская супольнасць, грамадская думка, рэпрэсіі і апазіцыя.",
        ),
    },
    {
        "slug": "security",
        "name": ("Security issues", "Вопросы безопасности", "Пытанні бяспекі"),
        "description": (
            "The army, military cooperation, exercises and border security.",
            "Армия, военное сотрудничество, учения и безопасность границ.",
            "Армія, вайсковае супрацоўніцтва, вучэнні і бяспека межаў.",
        ),
    },
    {
        "slug": "belarus-west",
        "name": ("Belarus–West relations", "Отношения Беларуси и Запада", "Адносіны Беларусі і Захаду"),
        "description": (
            "Relations with the European Union, its neighbours and the United States.",
            "Отношения с Европейским союзом, соседними странами и США.",
            "Адносіны з Еўрапейскім саюзам, суседнімі краінамі і ЗША.",
        ),
    },
    {
        "slug": "belarus-russia",
        "name": ("Belarus–Russia relations", "Белорусско-российские отношения", "Беларуска-расійскія адносіны"),
        "description": (
            "The Union State, energy, trade, loans and the two leaders' bargaining.",
            "Союзное государство, энергетика, торговля, кредиты и торг двух лидеров.",
            "Саюзная дзяржава, энергетыка, гандаль, крэдыты і торг двух лідараў.",
        ),
    },
]


def add_trends(apps, schema_editor):
    Trend = apps.get_model("publishing", "Trend")
    if Trend.objects.exists():
        return
    for order, trend in enumerate(TRENDS):
        names, descriptions = trend["name"], trend["description"]
        Trend.objects.create(
            slug=trend["slug"],
            sort_order=order,
            **{f"name_{code}": text for code, text in zip(("en", "ru", "be"), names)},
            **{f"description_{code}": text for code, text in zip(("en", "ru", "be"), descriptions)},
        )


class Migration(migrations.Migration):
    dependencies = [("publishing", "0001_initial")]
    operations = [migrations.RunPython(add_trends, migrations.RunPython.noop)]
