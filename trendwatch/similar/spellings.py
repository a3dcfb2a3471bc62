"""One word of a name, however it is written, reduced to the keys its spellings share.

A Cyrillic word is brought back to its lemma (case endings, possessives) and romanised; a Latin
word loses its diacritics, read in a Slavic orthography when it shows one; either way the result
becomes a phonetic skeleton that keeps gender endings. ``names`` reads whole names with these.

Pure Python, no Django.
"""

from __future__ import annotations

import itertools
import re
import unicodedata
from dataclasses import dataclass

from .text import APOSTROPHES

__all__ = ["COUNTRY_AND_CAPITAL_KEYS", "GivenName", "given_name", "reads_slavic_latin", "surname_word_keys"]

# --- scripts and homoglyphs ------------------------------------------------------------------

_CYRILLIC_TO_LATIN = {
    "а": "a", "б": "b", "в": "v", "г": "g", "ґ": "g", "д": "d", "е": "e", "ё": "yo", "є": "ye",
    "ж": "zh", "з": "z", "и": "i", "і": "i", "ї": "yi", "й": "y", "к": "k", "л": "l", "м": "m",
    "н": "n", "о": "o", "п": "p", "р": "r", "с": "s", "т": "t", "у": "u", "ў": "w", "ф": "f",
    "х": "kh", "ц": "ts", "ч": "ch", "ш": "sh", "щ": "shch", "ъ": "", "ы": "y", "ь": "", "э": "e",
    "ю": "yu", "я": "ya", "-": "-",
} | dict.fromkeys(APOSTROPHES, "")

# Letters that look the same in both scripts; a word typed with a stray letter of the other
# script is folded to its majority script.
_LATIN_LOOKALIKES = dict(zip("aceopxyikmtACEHKMOPTXYIB", "асеорхуікмтАСЕНКМОРТХУІВ"))
_CYRILLIC_LOOKALIKES = {cyr: lat for lat, cyr in _LATIN_LOOKALIKES.items()} | {"ј": "j", "ѕ": "s"}

# Diacritics of Łacinka, Polish, Czech-style scholarly and ISO 9 romanisations, as plain digraphs.
# A letter with two common readings lists both (Polish ó is "o" in Krakow, "u" in Жешув).
_LATIN_LETTERS = {
    "ł": ("l",), "ŭ": ("w",), "ć": ("c",), "ś": ("s",), "ź": ("z",), "ż": ("zh",), "ń": ("n",),
    "č": ("ch",), "š": ("sh",), "ž": ("zh",), "ŝ": ("shch",), "ĉ": ("ch",), "ě": ("e",),
    "ř": ("rzh",), "ů": ("u",), "ą": ("a", "on"), "ę": ("e", "en"), "ó": ("o", "u"), "ë": ("yo",),
    "û": ("yu",), "â": ("ya",), "ß": ("ss",), "ʹ": ("",), "ʺ": ("",),
} | dict.fromkeys(APOSTROPHES, ("",))
_MAX_AMBIGUOUS_LETTERS = 2  # beyond this, take each letter's first reading (keeps readings few)

# Signs that a Latin word is written in a Slavic Latin orthography (Łacinka, Polish, Czech,
# scholarly, German-style "j"), where "ch" is the sound of Cyrillic х rather than ч.
_SLAVIC_LATIN = re.compile(r"[łŭćśźżńčšžěřůąęóŝ]|cz(?!h)|sz(?!h)|rz(?!h)|j[aeiou]|[aeiou]j")
_POLISH_DIGRAPHS = {"szcz": "shch", "cz": "ch", "sz": "sh", "rz": "zh"}
_POLISH_DIGRAPH = re.compile(r"szcz|(?:cz|sz|rz)(?!h)")


def reads_slavic_latin(word: str) -> bool:
    """Whether a lowercase Latin ``word`` shows a Slavic Latin orthography."""
    return bool(_SLAVIC_LATIN.search(word))


_VOWELS = frozenset("aeiouy")


def _is_cyrillic(char: str) -> bool:
    return "\u0400" <= char <= "\u04ff"


def _fold_homoglyphs(word: str) -> str:
    """Rewrite the minority script's look-alike letters of a mixed-script word."""
    cyrillic = sum(1 for c in word if _is_cyrillic(c))
    latin = sum(1 for c in word if c.isalpha() and c.isascii())
    if not cyrillic or not latin:
        return word
    table = _LATIN_LOOKALIKES if cyrillic >= latin else _CYRILLIC_LOOKALIKES
    return "".join(table.get(c, c) for c in word)


_WITHOUT_APOSTROPHES = str.maketrans("", "", APOSTROPHES)


# --- Cyrillic inflection ---------------------------------------------------------------------

# Adjectival surnames (Тихановский, Ціханоўская, Зеленський): every case form -> masculine or
# feminine nominative.
_ADJECTIVAL = re.compile(
    r"^(?P<stem>.{2,}(?:с|ц|з)ь?к)"
    r"(?P<ending>ий|ій|ый|і|ы|и|ого|ага|аго|ому|аму|им|ім|ым|ом|ая|ой|ай|ую|ою|аю)$"
)
_ADJECTIVAL_FEMININE = frozenset({"ая", "ой", "ай", "ую", "ою", "аю"})

# Possessive surnames (Равков, Раўкоў, Путин, Колесникова). A bare "-ова" is read as the feminine
# nominative, never as a masculine genitive: Колесникова is Maria, not Kolesnikov's.
_POSSESSIVE = re.compile(r"^(?P<stem>.{2,}(?:ов|ев|ёв|ав|ин|ын|ін))(?P<ending>у|ым|ім|е|ой|ою|ай|аю)$")
_POSSESSIVE_NOMINATIVE = re.compile(r"^.{2,}(?:ов|ев|ёв|ав|ин|ын|ін|оў|аў|еў|ёў)а?$")
_POSSESSIVE_LEMMAS = {
    "у": ("", "а"),   # masculine dative or feminine accusative
    "ым": ("",), "ім": ("",),
    "е": ("", "а"),   # masculine locative, or a noun in -а (Украине)
    "ой": ("а",), "ою": ("а",), "ай": ("а",), "аю": ("а",),
}

# Other adjectival surnames (Навальный, Толстая): oblique cases -> nominative; a nominative stays.
_ADJECTIVE_NOMINATIVE = re.compile(r"^.{3,}(?:ий|ый|ій|ой|ая|яя)$")
_ADJECTIVE_OBLIQUE = re.compile(r"^(?P<stem>.{3,})(?P<ending>ого|его|ага|ому|ему|аму|ую|юю)$")

# Other nouns (Лукашэнку, Минске, Гомеля, Протасевичем, России): ending -> nominative endings.
# For -у/-ю after a -к stem the -а lemma is the likelier one (Лукашэнку, Латушку), except for the
# -ск/-цк place names (Минску).
_KA_STEM = re.compile(r"(?<![сц])к$")
_NOUN_ENDINGS = (
    ("ией", ("ия",)), ("ии", ("ия",)), ("ию", ("ия",)), ("іі", ("ія",)), ("ію", ("ія",)),
    ("іяй", ("ія",)), ("ами", ()), ("ями", ()),
    ("ой", ("а",)), ("ою", ("а",)), ("ей", ("а", "я")), ("ёй", ("я",)), ("ай", ("а",)),
    ("аю", ("а",)), ("яй", ("я",)),
    ("ем", ("",)), ("ём", ("",)), ("ом", ("", "о")), ("ам", ("", "а")), ("ям", ("", "я")),
    ("у", ("", "а")), ("ю", ("", "я")), ("е", ("", "а", "о")), ("ы", ("а", "")), ("и", ("а", "", "я")),
    ("і", ("а", "", "я")), ("а", ("",)), ("я", ("",)),
)
_MIN_STEM = 3


def _cyrillic_lemmas(word: str, running_text: bool = False) -> list[str]:
    """Candidate nominative forms of a lowercase Cyrillic word, the word itself first.

    running_text: the word comes from a sentence, where "-ова" is as often a masculine genitive
    (визит Равкова) as a feminine name; default False (a name on its own is read as nominative).
    """
    lemmas = [word]
    adjectival = _ADJECTIVAL.match(word)
    if adjectival:
        feminine = adjectival["ending"] in _ADJECTIVAL_FEMININE
        lemmas.append(adjectival["stem"] + ("ая" if feminine else "ий"))
        return lemmas
    possessive = _POSSESSIVE.match(word)
    if possessive:
        lemmas.extend(possessive["stem"] + e for e in _POSSESSIVE_LEMMAS[possessive["ending"]])
        return lemmas
    if _POSSESSIVE_NOMINATIVE.match(word):
        if running_text and word.endswith("а"):
            lemmas.append(word[:-1])
        return lemmas
    if _ADJECTIVE_NOMINATIVE.match(word):
        if word.endswith("ой"):  # Толстой, or the instrumental of a noun in -а (Кучмой)
            lemmas.append(word[:-2] + "а")
        return lemmas
    adjective = _ADJECTIVE_OBLIQUE.match(word)
    if adjective:
        feminine = adjective["ending"] in ("ую", "юю")
        lemmas.append(adjective["stem"] + ("ая" if feminine else "ий"))
        return lemmas
    for ending, nominatives in _NOUN_ENDINGS:
        if word.endswith(ending) and len(word) - len(ending) >= _MIN_STEM:
            stem = word[: -len(ending)]
            if ending in ("у", "ю") and _KA_STEM.search(stem):
                nominatives = nominatives[::-1]
            lemmas.extend(stem + e for e in nominatives)
            break
    return list(dict.fromkeys(lemmas))


def _romanise_cyrillic(word: str) -> str:
    return "".join(_CYRILLIC_TO_LATIN.get(c, c if c.isascii() else "") for c in word)


# --- Latin spellings -------------------------------------------------------------------------

_POSSESSIVE_S = re.compile(rf"[{APOSTROPHES}]s?$")
_CK = re.compile(r"ck(?=[aeiouy])")


def _romanise_latin(word: str, slavic: bool) -> list[str]:
    """Plain lowercase ASCII spellings of a lowercase Latin word (usually one).

    slavic: the name is written in a Slavic Latin orthography, where "ch" is Cyrillic х.
    """
    if slavic:
        word = word.replace("ch", "kh")
        word = _POLISH_DIGRAPH.sub(lambda m: _POLISH_DIGRAPHS[m.group()], word)
    choices = [_LATIN_LETTERS.get(c, (c,)) for c in word]
    if sum(len(c) > 1 for c in choices) > _MAX_AMBIGUOUS_LETTERS:
        choices = [c[:1] for c in choices]
    spellings = []
    for combination in itertools.product(*choices):
        decomposed = unicodedata.normalize("NFKD", "".join(combination))
        ascii_word = "".join(c for c in decomposed if c.isascii() and (c.isalpha() or c == "-"))
        spellings.append(_CK.sub("tsk", ascii_word))
    return list(dict.fromkeys(spellings))


# --- phonetic skeleton -----------------------------------------------------------------------

# Multi-letter spellings of one sound, longest first, as one internal symbol each. Belarusian
# дз and ц (Дзмітрый, Ціханоўская) fold to д and т, as in the Russian spellings.
_DIGRAPHS = (
    ("shch", "Q"), ("tsch", "C"), ("sch", "S"), ("tch", "C"), ("zh", "Z"), ("kh", "H"), ("ch", "C"), ("sh", "S"),
    ("ts", "t"), ("tz", "t"), ("dz", "d"), ("c", "t"), ("x", "ks"), ("q", "k"), ("ph", "f"),
    ("th", "t"), ("w", "v"), ("g", "h"), ("j", "i"), ("y", "i"),
)
_DIGRAPH_PATTERN = re.compile("|".join(re.escape(d) for d, _ in _DIGRAPHS))
_DIGRAPH_SYMBOL = dict(_DIGRAPHS)
# Belarusian ў after a vowel (Раўкоў, Лаўроў) is Russian в; so is ў in place of л (Ваўкавыск).
_U_AFTER_VOWEL = re.compile(r"(?<=[aeo])u")
_L_BEFORE_CONSONANT = re.compile(r"(?<=[ao])l(?=[^aeiou])")
_DOUBLE = re.compile(r"(.)\1+")
# Vowel quality differs between systems and languages (akanye: Калеснікава / Колесникова; я for
# е: Сяргей / Сергей; ё as e or o), so a run of vowels keeps only its class: "u" if it holds a u
# (Лида / Люда), "i" if it is only i/y (Литва / Латвия), otherwise "a". In a closed last syllable
# i joins "a", for the Ukrainian і of Харків / Харьков, Київ / Киев.
_VOWEL_RUN = re.compile(r"[aeiou]+")
_SYMBOL_SPELLING = {"Q": "shch", "S": "sh", "Z": "zh", "C": "ch", "H": "h"}

# Adjectival endings once romanised: they carry gender, which the skeleton must not erase.
_MASCULINE_ADJECTIVE = re.compile(r"(?<=[^aeiouy-])(?:iy|ii|ij|yi|yy|yj|oy|oi|oj|y|i)$")
_FEMININE_ADJECTIVE = re.compile(r"(?<=[^aeiouy-])(?:aya|aja|aia)$|(?<=sk)a$")
_MASCULINE_TAG, _FEMININE_TAG = "ij", "aja"


def _phonemes(word: str) -> str:
    """Lowercase ASCII -> internal phoneme string, consonants exact, vowels as written."""
    word = _DOUBLE.sub(r"\1", _DIGRAPH_PATTERN.sub(lambda m: _DIGRAPH_SYMBOL[m.group()], word))
    word = _U_AFTER_VOWEL.sub("v", word)
    return _L_BEFORE_CONSONANT.sub("v", word)


def _vowel_class(run: re.Match) -> str:
    vowels = run.group()
    if "u" in vowels:
        return "u"
    closed_last_syllable = run.end() < len(run.string) and not _VOWEL_RUN.search(run.string, run.end())
    return "i" if set(vowels) == {"i"} and not closed_last_syllable else "a"


def _skeleton(word: str) -> str:
    phonemes = _phonemes(word)
    folded = _VOWEL_RUN.sub(_vowel_class, phonemes)
    folded = _DOUBLE.sub(r"\1", folded)
    return "".join(_SYMBOL_SPELLING.get(c, c) for c in folded)


def _word_key(ascii_word: str) -> str:
    """Key of one romanised word (hyphenated parts keyed separately)."""
    parts = []
    for part in ascii_word.split("-"):
        if not part:
            continue
        tag = ""
        for pattern, gender_tag in ((_FEMININE_ADJECTIVE, _FEMININE_TAG), (_MASCULINE_ADJECTIVE, _MASCULINE_TAG)):
            match = pattern.search(part)
            if match and match.start() > 0:
                part, tag = part[: match.start()], gender_tag
                break
        parts.append(_skeleton(part) + tag)
    return "-".join(parts)


# English and neighbouring-language names of the region's countries and capitals that are not
# romanisations of the local name (Moscow / Москва), so no phonetic rule can join them.
_EXONYMS = (
    ("Belarus", "Беларусь", "Byelorussia", "Belorussia", "Белоруссия", "Białoruś", "Weißrussland"),
    ("Russia", "Россия", "Расія", "Rossiya", "Rosja", "Rasija"),
    ("Ukraine", "Украина", "Україна", "Украіна", "Ukraina", "Ukrayina"),
    ("Poland", "Польша", "Польшча", "Polska", "Polsha"),
    ("Lithuania", "Литва", "Літва", "Litwa", "Lietuva"),
    ("Latvia", "Латвия", "Латвія", "Łotwa", "Latvija"),
    ("Estonia", "Эстония", "Эстонія", "Eesti"),
    ("Germany", "Германия", "Германія", "Niemcy", "Deutschland"),
    ("Moscow", "Москва", "Maskva", "Moskwa"),
    ("Warsaw", "Варшава", "Warszawa"),
    ("Vilnius", "Вильнюс", "Вільнюс", "Vilnia", "Вільня", "Wilno"),
    ("Cracow", "Краков", "Kraków"),
)

# Given names whose forms in Belarusian, Russian, Ukrainian and Polish differ in consonants, so
# their skeletons cannot meet (Мікалай / Николай / Микола).
_GIVEN_NAME_COGNATES = (
    ("Mikalai", "Nikolai", "Mykola", "Mikołaj"),
    ("Hanna", "Anna", "Ganna"),
    ("Volha", "Olga", "Olha"),
    ("Ryhor", "Grigory", "Hryhoriy", "Grzegorz"),
    ("Zmitser", "Dzmitry", "Dmitry", "Dmytro"),
    ("Alena", "Elena", "Olena", "Helena", "Alyona"),
    ("Uladzimir", "Vladimir", "Volodymyr", "Włodzimierz"),
    ("Kanstantsin", "Konstantin", "Kostiantyn", "Konstanty"),
    ("Liavon", "Lev", "Leu", "Leon"),
    ("Kiryla", "Kirill", "Kyrylo"),
    ("Andrei", "Andrzej", "Andriy"),
    ("Mikita", "Nikita", "Mykyta"),
    ("Yury", "Yuri", "Yuriy", "Jerzy"),
)


@dataclass(frozen=True)
class GivenName:
    """A given name, full or as an initial."""

    initials: frozenset[str]
    skeletons: frozenset[tuple[str, bool]] = frozenset()  # (consonants, ends in -a) per reading
    cognates: frozenset[int] = frozenset()

    @property
    def is_initial(self) -> bool:
        return not self.skeletons


def _ascii_spellings(word: str, slavic: bool = False, running_text: bool = False) -> list[tuple[str, bool]]:
    """(romanised lemma, inflected?) for every reading of one word, the written form first.

    slavic: read Latin letters as a Slavic Latin orthography (default False).
    running_text: the word was found in a sentence (see ``_cyrillic_lemmas``; default False).
    """
    word = _fold_homoglyphs(word).lower()
    if any(_is_cyrillic(c) for c in word):
        lemmas = _cyrillic_lemmas(word.translate(_WITHOUT_APOSTROPHES), running_text)
        return [(_romanise_cyrillic(lemma), i > 0) for i, lemma in enumerate(lemmas)]
    word = _POSSESSIVE_S.sub("", word) if len(word) > 3 else word
    return [(spelling, False) for spelling in _romanise_latin(word, slavic or bool(_SLAVIC_LATIN.search(word)))]


_MAX_ACRONYM_LETTERS = 6


def surname_word_keys(word: str, slavic: bool = False, running_text: bool = False) -> tuple[str, ...]:
    """The keys a surname (or a one-word name) may have, the key of its written form's reading
    first; ``slavic`` and ``running_text`` as for ``_ascii_spellings``."""
    if word.isupper() and word.isalpha() and 2 <= len(word) <= _MAX_ACRONYM_LETTERS:
        # Acronyms (КГБ, NATO) keep every letter: folding would make AP and App one name.
        letters = _fold_homoglyphs(word).lower()
        romanised = _romanise_cyrillic(letters) if any(_is_cyrillic(c) for c in letters) else letters
        return (unicodedata.normalize("NFKD", romanised).encode("ascii", "ignore").decode().upper(),)
    # A recognised case form's lemma comes first: it is the key name_key reports.
    spellings = sorted(_ascii_spellings(word, slavic, running_text), key=lambda reading: not reading[1])
    keys = (_EXONYM_KEYS.get(k, k) for k in (_word_key(s) for s, _ in spellings))
    return tuple(dict.fromkeys(k for k in keys if k))


def _given_skeleton(ascii_word: str) -> tuple[str, bool]:
    if len(ascii_word) > 1 and ascii_word[0] == "u" and ascii_word[1] not in _VOWELS:
        ascii_word = "v" + ascii_word[1:]  # Belarusian prothetic у: Уладзімір / Владимир
    consonants = _VOWEL_RUN.sub("", _DOUBLE.sub(r"\1", _phonemes(ascii_word)))
    return _DOUBLE.sub(r"\1", consonants), ascii_word.endswith("a")


def _initial_class(ascii_word: str) -> str:
    phonemes = _phonemes(ascii_word)
    first = phonemes[:1]
    if first in ("u", "v"):
        return "v"
    return "a" if first in _VOWELS else first


def given_name(word: str, is_initial: bool, slavic: bool = False) -> GivenName:
    """The given name ``word`` (an initial when ``is_initial``), with every reading's skeleton."""
    # "ch" in a given name is read both ways: Lech and Michail are often written in Slavic Latin
    # next to an English-style surname.
    readings = _ascii_spellings(word, slavic) + (_ascii_spellings(word, True) if "ch" in word.lower() else [])
    spellings = list(dict.fromkeys(s for s, _ in readings if s))
    if is_initial:
        return GivenName(initials=frozenset(_initial_class(s) for s in spellings))
    skeletons = frozenset(_given_skeleton(s) for s in spellings)
    cognates = frozenset(i for s in skeletons for i in _COGNATE_GROUPS.get(s, ()))
    initials = {_initial_class(s) for s in spellings}
    initials.update(c for i in cognates for c in _COGNATE_INITIALS[i])
    return GivenName(initials=frozenset(initials), skeletons=skeletons, cognates=cognates)


# --- tables keyed by the rules above ---------------------------------------------------------

def _exonym_keys() -> dict[str, str]:
    keys = {}
    for group in _EXONYMS:
        group_keys = [_word_key(s) for name in group for s, _ in _ascii_spellings(name)]
        for key in group_keys:
            keys[key] = group_keys[0]
    return keys


def _cognate_groups() -> tuple[dict[tuple[str, bool], tuple[int, ...]], dict[int, frozenset[str]]]:
    groups: dict[tuple[str, bool], set[int]] = {}
    initials: dict[int, set[str]] = {}
    for index, names in enumerate(_GIVEN_NAME_COGNATES):
        for name in names:
            for spelling, _ in _ascii_spellings(name):
                groups.setdefault(_given_skeleton(spelling), set()).add(index)
                initials.setdefault(index, set()).add(_initial_class(spelling))
    return (
        {skeleton: tuple(sorted(ids)) for skeleton, ids in groups.items()},
        {index: frozenset(classes) for index, classes in initials.items()},
    )


_EXONYM_KEYS = _exonym_keys()
_COGNATE_GROUPS, _COGNATE_INITIALS = _cognate_groups()
#: The keys of the region's countries and capitals (one per country or capital).
COUNTRY_AND_CAPITAL_KEYS = frozenset(_EXONYM_KEYS.values())
