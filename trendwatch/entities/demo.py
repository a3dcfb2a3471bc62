"""A small curated set of entities for the demo archive, loaded by `manage.py load_demo`.

Aliases are given only where the matching rules cannot see the sameness (an organisation's
name in another language); Lukashenko, Лукашэнка, Grodno or Viktor Khrenin need none.
"""

from django.db import transaction

from .matching import rebuild
from .models import Entity, EntityAlias, Kind

# (kind, slug, English, Russian, Belarusian, English description, aliases)
DEMO_ENTITIES = [
    (Kind.PERSON, "aliaksandr-lukashenka", "Aliaksandr Lukashenka", "Александр Лукашенко", "Аляксандр Лукашэнка",
     "President of Belarus since 1994.", []),
    (Kind.PERSON, "sviatlana-tsikhanouskaya", "Sviatlana Tsikhanouskaya", "Светлана Тихановская", "Святлана Ціханоўская",
     "Leader of the democratic forces in exile.", []),
    (Kind.PERSON, "viktar-khrenin", "Viktar Khrenin", "Виктор Хренин", "Віктар Хрэнін", "Minister of Defence of Belarus.", []),
    (Kind.PERSON, "maria-kalesnikava", "Maria Kalesnikava", "Мария Колесникова", "Марыя Калеснікава",
     "Opposition politician, one of the leaders of the 2020 campaign.", []),
    (Kind.PERSON, "viktar-babaryka", "Viktar Babaryka", "Виктор Бабарико", "Віктар Бабарыка",
     "Former banker and would-be presidential candidate in 2020.", []),
    (Kind.PERSON, "vladimir-putin", "Vladimir Putin", "Владимир Путин", "Уладзімір Пуцін", "President of Russia.", []),
    (Kind.PERSON, "aliaksandr-volfovich", "Aliaksandr Volfovich", "Александр Вольфович", "Аляксандр Вальфовіч",
     "State Secretary of the Security Council of Belarus.", []),
    (Kind.PERSON, "maksim-ryzhenkov", "Maksim Ryzhenkov", "Максим Рыженков", "Максім Рыжанкоў", "Foreign Minister of Belarus.", []),
    (Kind.PERSON, "aliaksandr-turchyn", "Aliaksandr Turchyn", "Александр Турчин", "Аляксандр Турчын", "Prime Minister of Belarus.", []),
    (Kind.PERSON, "andrei-raukou", "Andrei Raukou", "Андрей Равков", "Андрэй Раўкоў", "Former Minister of Defence of Belarus.", []),
    (Kind.ORGANISATION, "defence-ministry", "Ministry of Defence", "Министерство обороны", "Міністэрства абароны",
     "The Belarusian Ministry of Defence.", ["Defence Ministry"]),
    (Kind.ORGANISATION, "belavia", "Belavia", "Белавиа", "Белавія", "The Belarusian state airline.", []),
    (Kind.ORGANISATION, "union-state", "Union State", "Союзное государство", "Саюзная дзяржава",
     "The union of Belarus and Russia.", ["Союзного государства", "Саюзнай дзяржавы"]),
    (Kind.PLACE, "minsk", "Minsk", "Минск", "Мінск", "Capital of Belarus.", []),
    (Kind.PLACE, "hrodna", "Hrodna", "Гродно", "Гродна", "Regional centre in western Belarus.", []),
    (Kind.PLACE, "homiel", "Homiel", "Гомель", "Гомель", "Regional centre in south-eastern Belarus.", []),
    (Kind.PLACE, "mahiliou", "Mahiliou", "Могилёв", "Магілёў", "Regional centre in eastern Belarus.", []),
    (Kind.PLACE, "viciebsk", "Viciebsk", "Витебск", "Віцебск", "Regional centre in north-eastern Belarus.", []),
    (Kind.PLACE, "brest", "Brest", "Брест", "Брэст", "Regional centre on the Polish border.", []),
    (Kind.PLACE, "vilnius", "Vilnius", "Вильнюс", "Вільнюс", "Capital of Lithuania.", ["Вільня"]),
    (Kind.PLACE, "warsaw", "Warsaw", "Варшава", "Варшава", "Capital of Poland.", []),
    (Kind.PLACE, "moscow", "Moscow", "Москва", "Масква", "Capital of Russia.", []),
]


def load_demo_entities(progress=None):
    """Create the demo entities (once) and find their mentions; returns how many were created.

    progress: a `callable(done, total)` for the reading of the articles (default None).
    """
    made = 0
    with transaction.atomic():
        for kind, slug, name_en, name_ru, name_be, description_en, aliases in DEMO_ENTITIES:
            entity, created = Entity.objects.get_or_create(
                slug=slug,
                defaults={"kind": kind, "name_en": name_en, "name_ru": name_ru, "name_be": name_be,
                          "description_en": description_en},
            )
            if created:
                made += 1
                EntityAlias.objects.bulk_create(EntityAlias(entity=entity, name=alias) for alias in aliases)
    rebuild(progress=progress)
    return made
