"""The people, places and organisations of a generated archive, spelt as Belarus watchers spell them.

A person's surname is made in Russian Cyrillic, turned into Belarusian by a few regular sound
rules, and romanised twice: from the Russian form (Kovalev) and from the Belarusian one (Kavaleu).
English texts use one romanisation most of the time and the other now and then, as outlets do;
Russian and Belarusian texts decline some names. Plain Python, no Django.
"""

from dataclasses import dataclass, field

# Given names as (Russian, Belarusian, English spellings): facts of naming, the common ones.
MALE_NAMES = [
    ("Александр", "Аляксандр", ("Aliaksandr", "Alexander")), ("Сергей", "Сяргей", ("Siarhei", "Sergei")),
    ("Дмитрий", "Дзмітрый", ("Dzmitry", "Dmitry")), ("Андрей", "Андрэй", ("Andrei",)),
    ("Виктор", "Віктар", ("Viktar", "Viktor")), ("Владимир", "Уладзімір", ("Uladzimir", "Vladimir")),
    ("Николай", "Мікалай", ("Mikalai", "Nikolai")), ("Павел", "Павел", ("Pavel",)),
    ("Игорь", "Ігар", ("Ihar", "Igor")), ("Юрий", "Юрый", ("Yury", "Yuri")),
    ("Михаил", "Міхаіл", ("Mikhail",)), ("Алексей", "Аляксей", ("Aliaksei", "Alexei")),
    ("Иван", "Іван", ("Ivan",)), ("Олег", "Алег", ("Aleh", "Oleg")), ("Василий", "Васіль", ("Vasil", "Vasily")),
    ("Геннадий", "Генадзь", ("Hienadz", "Gennady")), ("Вадим", "Вадзім", ("Vadzim", "Vadim")),
    ("Роман", "Раман", ("Raman", "Roman")), ("Анатолий", "Анатоль", ("Anatol", "Anatoly")),
    ("Валерий", "Валерый", ("Valery",)), ("Максим", "Максім", ("Maksim",)), ("Евгений", "Яўген", ("Yauhen", "Evgeny")),
]
FEMALE_NAMES = [
    ("Светлана", "Святлана", ("Sviatlana", "Svetlana")), ("Мария", "Марыя", ("Maryia", "Maria")),
    ("Ольга", "Вольга", ("Volha", "Olga")), ("Наталья", "Наталля", ("Natallia", "Natalia")),
    ("Елена", "Алена", ("Alena", "Elena")), ("Татьяна", "Таццяна", ("Tatsiana", "Tatiana")),
    ("Ирина", "Ірына", ("Iryna", "Irina")), ("Анна", "Ганна", ("Hanna", "Anna")),
    ("Людмила", "Людміла", ("Liudmila", "Lyudmila")), ("Вероника", "Вераніка", ("Veranika", "Veronika")),
]

# Syllables and endings surnames and towns are made of (Russian Cyrillic).
_ONSETS = ["б", "в", "г", "д", "ж", "з", "к", "л", "м", "н", "п", "р", "с", "т", "ф", "х", "ц", "ч", "ш",
           "бр", "гр", "др", "кр", "пр", "тр", "ст", "сл", "кл", "пл", "гл", "зв", "св", "шл", "хв"]
_VOWELS = ["а", "о", "у", "е", "и", "ы", "я"]
_CODAS = ["", "", "", "н", "р", "л", "к", "ш", "д", "м"]
_MALE_SURNAME_ENDINGS = ["ов", "ев", "ин", "ский", "ович", "евич", "енко", "ук", "чик", "ко", "ёнок", "ец"]
_TOWN_ENDINGS = ["ск", "ичи", "ово", "ино", "ев", "ка", "цы", "овка"]

# Romanisations: from Russian (BGN-like, as most English-language media write) and from Belarusian
# (the national system, as Belarusian outlets write).
_FROM_RUSSIAN = {
    "а": "a", "б": "b", "в": "v", "г": "g", "д": "d", "е": "e", "ё": "yo", "ж": "zh", "з": "z", "и": "i",
    "й": "y", "к": "k", "л": "l", "м": "m", "н": "n", "о": "o", "п": "p", "р": "r", "с": "s", "т": "t",
    "у": "u", "ф": "f", "х": "kh", "ц": "ts", "ч": "ch", "ш": "sh", "щ": "shch", "ъ": "", "ы": "y", "ь": "",
    "э": "e", "ю": "yu", "я": "ya",
}
_FROM_BELARUSIAN = {
    "а": "a", "б": "b", "в": "v", "г": "h", "д": "d", "е": "ie", "ё": "io", "ж": "zh", "з": "z", "і": "i",
    "й": "j", "к": "k", "л": "l", "м": "m", "н": "n", "о": "o", "п": "p", "р": "r", "с": "s", "т": "t",
    "у": "u", "ў": "u", "ф": "f", "х": "kh", "ц": "ts", "ч": "ch", "ш": "sh", "ы": "y", "ь": "", "э": "e",
    "ю": "iu", "я": "ia", "'": "",
}
# Belarusian writes some Russian sounds otherwise: word endings, then (Russian, Belarusian) anywhere.
_ENDINGS_TO_BELARUSIAN = [("ский", "скі"), ("ович", "овіч"), ("евич", "евіч"), ("ов", "оў"), ("ев", "еў")]
_TO_BELARUSIAN = [
    ("ти", "ці"), ("те", "це"), ("ди", "дзі"), ("де", "дзе"), ("ре", "рэ"), ("че", "чэ"), ("ше", "шэ"),
    ("же", "жэ"), ("и", "і"), ("щ", "шч"), ("ъ", "'"),
]
# Case endings Russian and Belarusian texts add to a surname (genitive, dative, instrumental).
# (ending, what the stem keeps of it, the case endings); the Belarusian ў becomes в before a vowel.
_CASE_ENDINGS = [("ов", "ов", ["а", "у", "ым"]), ("ев", "ев", ["а", "у", "ым"]), ("ин", "ин", ["а", "у", "ым"]),
                 ("оў", "ов", ["а", "у", "ым"]), ("еў", "ев", ["а", "у", "ым"]), ("ский", "ск", ["ого", "ому"]),
                 ("скі", "ск", ["ага", "аму"])]


def romanise(word, table):
    latin = "".join(table.get(letter, letter) for letter in word.lower())
    return latin[:1].upper() + latin[1:]


def belarusian(word):
    """The Belarusian form of a Russian-Cyrillic name by a few regular rules (unstressed о -> а)."""
    lowered = word.lower()
    for russian, belarusian_form in _ENDINGS_TO_BELARUSIAN:
        if lowered.endswith(russian):
            lowered = lowered[: -len(russian)] + belarusian_form
            break
    for russian, belarusian_form in _TO_BELARUSIAN:
        lowered = lowered.replace(russian, belarusian_form)
    if "о" in lowered[:-3]:  # akanye: the first unstressed о of the stem
        at = lowered.index("о")
        lowered = lowered[:at] + "а" + lowered[at + 1 :]
    return lowered[:1].upper() + lowered[1:]


@dataclass
class Entity:
    """One name of the archive in every spelling it takes; `slug` is its identity."""

    kind: str  # person, place or organisation
    slug: str
    ru: str
    be: str
    en: tuple  # English spellings, the house spelling first
    description: str = ""
    case_stems: dict = field(default_factory=dict)  # language -> (stem, endings) for declension

    def surface(self, language, rng, full=False):
        """How one mention writes the entity in `language` (full: with the given name)."""
        if language == "en":
            spelling = self.en[0] if len(self.en) == 1 or rng.random() < 0.8 else rng.choice(self.en[1:])
        else:
            spelling = getattr(self, language)
        if self.kind != "person":
            return spelling
        given, _sep, surname = spelling.rpartition(" ")
        if language != "en" and language in self.case_stems and rng.random() < 0.4:
            stem, endings = self.case_stems[language]
            surname = stem + rng.choice(endings)
        return f"{given} {surname}" if full and given else surname


def _syllables(rng, count):
    return "".join(rng.choice(_ONSETS) + rng.choice(_VOWELS) + rng.choice(_CODAS) for _ in range(count))


def _person(rng, number, used):
    female = rng.random() < 0.3
    while True:
        stem = _syllables(rng, rng.choice((1, 1, 2)))
        ending = rng.choice(_MALE_SURNAME_ENDINGS)
        surname = (stem + ending).capitalize()
        if surname not in used:
            used.add(surname)
            break
    if female:
        surname = surname[:-2] + "ая" if ending == "ский" else surname + "а" if ending in ("ов", "ев", "ин") else surname
    given_ru, given_be, given_en = rng.choice(FEMALE_NAMES if female else MALE_NAMES)
    surname_be = belarusian(surname)
    house_first = rng.random() < 0.5
    latin = [romanise(surname_be, _FROM_BELARUSIAN), romanise(surname, _FROM_RUSSIAN)]
    if not house_first:
        latin.reverse()
    spellings = tuple(dict.fromkeys(f"{given_en[0]} {surname_latin}" for surname_latin in latin))
    entity = Entity("person", f"person-{number}", f"{given_ru} {surname}", f"{given_be} {surname_be}", spellings)
    if not female:
        for language, form in (("ru", surname), ("be", surname_be)):
            for ending, kept, case_endings in _CASE_ENDINGS:
                if form.endswith(ending):
                    entity.case_stems[language] = (form[: -len(ending)] + kept, case_endings)
                    break
    return entity


# The head of state and a few well-known places and bodies, in their established spellings.
HEAD_OF_STATE = Entity(
    "person", "head-of-state", "Александр Лукашенко", "Аляксандр Лукашэнка",
    ("Aliaksandr Lukashenka", "Alexander Lukashenko"), "President of Belarus.",
)
KNOWN_PLACES = [
    ("minsk", "Минск", "Мінск", ("Minsk",)), ("hrodna", "Гродно", "Гродна", ("Hrodna", "Grodno")),
    ("brest", "Брест", "Брэст", ("Brest",)), ("homiel", "Гомель", "Гомель", ("Homiel", "Gomel")),
    ("mahiliou", "Могилёв", "Магілёў", ("Mahiliou", "Mogilev")), ("viciebsk", "Витебск", "Віцебск", ("Viciebsk", "Vitebsk")),
    ("vilnius", "Вильнюс", "Вільнюс", ("Vilnius",)), ("warsaw", "Варшава", "Варшава", ("Warsaw",)),
    ("moscow", "Москва", "Масква", ("Moscow",)), ("kyiv", "Киев", "Кіеў", ("Kyiv", "Kiev")),
    ("riga", "Рига", "Рыга", ("Riga",)), ("brussels", "Брюссель", "Брусель", ("Brussels",)),
    ("beijing", "Пекин", "Пекін", ("Beijing",)), ("smolensk", "Смоленск", "Смаленск", ("Smolensk",)),
]
KNOWN_ORGANISATIONS = [
    ("defence-ministry", "Минобороны", "Мінабароны", ("Defence Ministry",)),
    ("kgb", "КГБ", "КДБ", ("KGB",)), ("belavia", "Белавиа", "Белавія", ("Belavia",)),
    ("belaruskali", "Беларуськалий", "Беларуськалій", ("Belaruskali",)), ("nato", "НАТО", "НАТО", ("NATO",)),
    ("osce", "ОБСЕ", "АБСЕ", ("OSCE",)), ("csto", "ОДКБ", "АДКБ", ("CSTO",)),
    ("national-bank", "Нацбанк", "Нацбанк", ("National Bank",)),
    ("eurasian-union", "ЕАЭС", "ЕАЭС", ("Eurasian Economic Union",)),
]


def make_cast(rng, people=600, towns=120):
    """(people, places, organisations): the head of state first, then the rest in order of fame."""
    used = set()
    persons = [HEAD_OF_STATE] + [_person(rng, number, used) for number in range(1, people)]
    places = [Entity("place", slug, ru, be, en) for slug, ru, be, en in KNOWN_PLACES]
    while len(places) < len(KNOWN_PLACES) + towns:
        town = (_syllables(rng, rng.choice((1, 2))) + rng.choice(_TOWN_ENDINGS)).capitalize()
        if town in used:
            continue
        used.add(town)
        town_be = belarusian(town)
        spellings = tuple(dict.fromkeys([romanise(town_be, _FROM_BELARUSIAN), romanise(town, _FROM_RUSSIAN)]))
        places.append(Entity("place", f"place-{len(places)}", town, town_be, spellings))
    organisations = [Entity("organisation", slug, ru, be, en) for slug, ru, be, en in KNOWN_ORGANISATIONS]
    return persons, places, organisations
