"""Names across transliterations: one matching key for Раўкоў, Равкову, Raukou and Ravkov.

Analysts of Belarus write the same person or place under Russian-based and Belarusian-based
romanisations, in Cyrillic with case endings, with Łacinka or Polish diacritics and in the informal
spellings newsrooms use. This module reduces a name to a phonetic skeleton that those spellings share,
while keeping apart what only looks alike: gendered surname forms (Kolesnikov / Kolesnikova,
Tsikhanouski / Tsikhanouskaya) and relatives who share a surname but not a given name.

Public API:

- ``name_key(name)``: canonical key; equal keys mean the same entity.
- ``same_entity(a, b)``: the decision used by the evaluation, also for keys that differ
  (initials, inflected forms that could belong to two lemmas, surname-first order).
- ``group_variants(names)``: groups surface forms into entity candidates.

Run ``python -m trendwatch.similar.names FILE.jsonl [--json] [--errors]`` to measure the decision on
lines of ``{"a": ..., "b": ..., "same": true|false}``.

Pure Python, no Django.
"""

from __future__ import annotations

import argparse
import functools
import itertools
import json
import os
import platform
import re
import sys
import unicodedata
from dataclasses import dataclass
from typing import Iterable

from .text import APOSTROPHES, NAME_WORD

__all__ = ["MAX_NAME_CHARS", "name_key", "surname_keys", "same_entity", "group_variants"]

#: Only this many characters of a name are considered: real names are far shorter, and the cap
#: keeps pathological input (a pasted paragraph) fast.
MAX_NAME_CHARS = 200

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


# --- parsing a name --------------------------------------------------------------------------

# A word with an English possessive, and the full stop of an initial.
_WORD = re.compile(rf"({NAME_WORD}[{APOSTROPHES}]?s?)(\.?)")
_PATRONYMIC = re.compile(
    r"(?:ович|евич|овна|евна|ична|авіч|евіч|аўна|еўна|івна|ївна|ovich|evich|ovna|evna|ichna|"
    r"avich|auna|euna|ovych|ivna|ovič|evič)$"
)
_INITIAL_MAX_LETTERS = 2


@dataclass(frozen=True)
class _Given:
    """A given name, full or as an initial."""

    initials: frozenset[str]
    skeletons: frozenset[tuple[str, bool]] = frozenset()  # (consonants, ends in -a) per reading
    cognates: frozenset[int] = frozenset()

    @property
    def is_initial(self) -> bool:
        return not self.skeletons


@dataclass(frozen=True)
class _Reading:
    """One way to read a name: its surname readings and its given name."""

    surnames: frozenset[str]
    given: _Given | None
    swapped: bool = False


@dataclass(frozen=True)
class _ParsedName:
    key: str
    readings: tuple[_Reading, ...]

    @property
    def surname_keys(self) -> frozenset[str]:
        return frozenset().union(*(r.surnames for r in self.readings if not r.swapped))


def _validated(name: object, what: str = "name") -> str:
    if not isinstance(name, str):
        raise TypeError(f"{what} must be a string, got {type(name).__name__}")
    if not name.strip():
        raise ValueError(f"{what} is empty: expected a person's or place's name, got {name!r}")
    return unicodedata.normalize("NFC", name[:MAX_NAME_CHARS])


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


def _surname_keys(word: str, slavic: bool = False, running_text: bool = False) -> tuple[str, ...]:
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


def _given(word: str, is_initial: bool, slavic: bool = False) -> _Given:
    # "ch" in a given name is read both ways: Lech and Michail are often written in Slavic Latin
    # next to an English-style surname.
    readings = _ascii_spellings(word, slavic) + (_ascii_spellings(word, True) if "ch" in word.lower() else [])
    spellings = list(dict.fromkeys(s for s, _ in readings if s))
    if is_initial:
        return _Given(initials=frozenset(_initial_class(s) for s in spellings))
    skeletons = frozenset(_given_skeleton(s) for s in spellings)
    cognates = frozenset(i for s in skeletons for i in _COGNATE_GROUPS.get(s, ()))
    initials = {_initial_class(s) for s in spellings}
    initials.update(c for i in cognates for c in _COGNATE_INITIALS[i])
    return _Given(initials=frozenset(initials), skeletons=skeletons, cognates=cognates)


def _words(name: str) -> tuple[list[tuple[str, bool]], list[tuple[str, bool]] | None]:
    """(word, is_initial) pairs of a name; a part before a comma is returned separately."""
    head, comma, tail = name.partition(",")
    def split(text: str) -> list[tuple[str, bool]]:
        words = []
        for match in _WORD.finditer(text):
            word, dot = match.groups()
            letters = sum(c.isalpha() for c in word)
            words.append((word, letters == 1 or (bool(dot) and letters <= _INITIAL_MAX_LETTERS)))
        return words
    if comma and split(head) and split(tail):
        return split(tail), split(head)
    return split(name), None


@functools.lru_cache(maxsize=65536)
def _parse(name: str, running_text: bool = False) -> _ParsedName:
    """Readings of a validated name; running_text: it was found in a sentence (default False)."""
    words, surname_first = _words(name)
    if surname_first is not None:
        surname_words = [w for w, initial in surname_first if not initial]
        given_words = words
    else:
        surname_words, given_words = [], words
    full = [w for w, initial in given_words if not initial]
    initials = [w for w, initial in given_words if initial]
    if not surname_words and not full and not initials:
        raise ValueError(f"name has no letters: {name!r}")

    slavic = any(_SLAVIC_LATIN.search(w.lower()) for w, _ in words + (surname_first or []))
    swapped_reading: tuple[str, str] | None = None
    if surname_words:
        surname, given_word = surname_words[-1], (full[0] if full else None)
    elif not full:  # only initials, e.g. "A. G."
        surname, given_word, initials = initials[-1], None, initials[:-1]
    elif len(full) == 1:
        surname, given_word = full[0], None
    elif len(full) >= 3 and _PATRONYMIC.search(full[-1].lower()):
        surname, given_word = full[0], full[1]  # Лукашенко Александр Григорьевич
    else:
        surname, given_word = full[-1], full[0]
        if len(full) == 2 and not initials:
            swapped_reading = (full[0], full[1])  # "Lukashenko Alexander"

    if given_word:
        given = _given(given_word, False, slavic)
    else:
        given = _given(initials[0], True, slavic) if initials else None
    surname_keys = _surname_keys(surname, slavic, running_text)
    if not surname_keys:
        raise ValueError(f"name has no letters that can be read: {name!r}")
    readings = [_Reading(frozenset(surname_keys), given)]
    if swapped_reading:
        swapped_surname, swapped_given = swapped_reading
        readings.append(
            _Reading(frozenset(_surname_keys(swapped_surname, slavic)), _given(swapped_given, False, slavic), True)
        )
    return _ParsedName(_format_key(surname_keys[0], given), tuple(readings))


def _format_key(surname_key: str, given: _Given | None) -> str:
    if given is None:
        return surname_key
    if given.is_initial:
        return f"{surname_key} {min(given.initials)}."
    if given.cognates:
        return f"{surname_key} ~{min(given.cognates)}"
    consonants, feminine = min(given.skeletons)
    return f"{surname_key} {consonants}{'-a' if feminine else ''}"


def _given_compatible(a: _Given | None, b: _Given | None) -> bool:
    if a is None or b is None:
        return True
    if a.is_initial or b.is_initial:
        return bool(a.initials & b.initials)
    return bool(a.cognates & b.cognates) or bool(a.skeletons & b.skeletons)


def _readings_match(a: _Reading, b: _Reading, a_has_given: bool, b_has_given: bool) -> bool:
    if (a.swapped and not b_has_given) or (b.swapped and not a_has_given):
        return False
    return bool(a.surnames & b.surnames) and _given_compatible(a.given, b.given)


def _same(a: _ParsedName, b: _ParsedName) -> bool:
    a_has_given = a.readings[0].given is not None
    b_has_given = b.readings[0].given is not None
    return any(
        _readings_match(ra, rb, a_has_given, b_has_given)
        for ra in a.readings for rb in b.readings
        if not (ra.swapped and rb.swapped)
    )


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


# --- public API ------------------------------------------------------------------------------

def name_key(name: str) -> str:
    """Canonical phonetic-skeleton key of a person's or place's name.

    Cyrillic is romanised, case endings are stripped (Равковым -> Равков, Лукашэнку -> Лукашэнка),
    an English possessive is dropped, diacritics and look-alike letters of the other script are
    folded, and spellings of one sound are merged (kh/h/g, ts/c/ц, ou/ov/ow/ŭ, ya/ia/ja, y/i/j,
    dz/d, double letters, vowel quality); acronyms (КГБ, NATO) keep all their letters, in capitals.
    Gender endings are kept, so Kolesnikov and Kolesnikova
    get different keys. A multi-word name gives ``"<surname key> <given-name key>"``; patronymics
    and middle names are left out.

    Equal keys mean the same entity; different keys may still be the same entity (an initial
    against a full given name, an inflected form with two possible lemmas): use ``same_entity``
    for the decision.

    name: the name as written; only its first ``MAX_NAME_CHARS`` (200) characters are read.
    Raises ValueError if the name is empty or has no letters, TypeError if it is not a string.
    """
    return _parse(_validated(name)).key


def surname_keys(name: str, running_text: bool = False) -> frozenset[str]:
    """The keys the surname of ``name`` may have (an inflected Cyrillic form may have several).

    Two names can only be ``same_entity``, or grouped by ``group_variants``, when they share one,
    so stored keys tell which names a new one may join without reading every name.
    running_text: the name was found in a sentence, where a Cyrillic form may be any case of
    another name (Равкова, of Равков), as ``extract_mentions`` reads it (default False).
    Raises as ``name_key`` does.
    """
    return _parse(_validated(name), running_text=running_text).surname_keys


def same_entity(a: str, b: str) -> bool:
    """Whether two written names are the same person or place.

    The surnames (or single-word names) must match under ``name_key``'s rules, trying every
    lemma an inflected Cyrillic form may have. Given names, when both names have one, must be
    compatible: the same skeleton and the same -a ending (Aleksandr / Aleksandra differ), known
    cognates (Мікалай / Николай / Mykola), or an initial that fits (A. / Aliaksandr). A two-word
    name may also be read surname first ("Lukashenko Alexander") when the other name has a
    given name too.

    a, b: names as written. Raises ValueError for an empty name, TypeError for a non-string.
    """
    return _same(_parse(_validated(a, "first name")), _parse(_validated(b, "second name")))


def group_variants(names: Iterable[str]) -> list[list[str]]:
    """Group surface forms of names into entity candidates.

    Every member of a group is ``same_entity`` with every other member, so a bare surname never
    chains two different people together: names with full given names are placed first, then
    names with initials, then bare names. A bare name that fits several people (a surname two
    relatives share) is not attached to either: it joins the other bare forms of that surname.

    names: surface forms; exact duplicates are kept once. Groups come in the order of their
    first member in the input, members in input order.
    Raises ValueError naming the position of an empty name.
    """
    unique: dict[str, _ParsedName] = {}
    for position, name in enumerate(names):
        parsed = _parse(_validated(name, f"name #{position}"))
        unique.setdefault(name, parsed)
    order = {name: i for i, name in enumerate(unique)}

    def specificity(name: str) -> int:
        given = unique[name].readings[0].given
        return 2 if given is None else (1 if given.is_initial else 0)

    groups: list[list[str]] = []
    groups_by_key: dict[str, list[int]] = {}
    for name in sorted(unique, key=lambda n: (specificity(n), order[n])):
        parsed = unique[name]
        candidates = {g for key in parsed.surname_keys for g in groups_by_key.get(key, ())}
        fitting = [g for g in sorted(candidates) if all(_same(parsed, unique[m]) for m in groups[g])]
        named = [g for g in fitting if specificity(groups[g][0]) < 2]
        bare = [g for g in fitting if specificity(groups[g][0]) == 2]
        if len(named) == 1:
            target = named[0]
        elif len(bare) == 1:
            target = bare[0]
        else:
            target = len(groups)
            groups.append([])
        groups[target].append(name)
        for key in parsed.surname_keys:
            if target not in groups_by_key.setdefault(key, []):
                groups_by_key[key].append(target)
    for group in groups:
        group.sort(key=order.__getitem__)
    return sorted(groups, key=lambda g: order[g[0]])


# --- evaluation CLI --------------------------------------------------------------------------

class _PairsFileError(Exception):
    """A line of a pairs file that cannot be evaluated."""


def _read_pairs(path: str) -> list[tuple[str, str, bool]]:
    pairs = []
    try:
        with open(path, encoding="utf-8") as lines:
            for number, line in enumerate(lines, start=1):
                if not line.strip():
                    continue
                where = f"{path}:{number}"
                try:
                    record = json.loads(line)
                except json.JSONDecodeError as error:
                    raise _PairsFileError(f"{where}: not valid JSON ({error.msg})") from None
                if not isinstance(record, dict):
                    raise _PairsFileError(f"{where}: expected an object with \"a\", \"b\" and \"same\"")
                for field in ("a", "b"):
                    value = record.get(field)
                    if not isinstance(value, str) or not value.strip():
                        raise _PairsFileError(f"{where}: \"{field}\" must be a non-empty string, got {value!r}")
                if not isinstance(record.get("same"), bool):
                    raise _PairsFileError(f"{where}: \"same\" must be true or false, got {record.get('same')!r}")
                pairs.append((record["a"], record["b"], record["same"]))
    except OSError as error:
        raise _PairsFileError(f"{path}: cannot read ({error.strerror})") from None
    except UnicodeDecodeError:
        raise _PairsFileError(f"{path}: not UTF-8 text") from None
    if not pairs:
        raise _PairsFileError(f"{path}: no pairs")
    return pairs


def _evaluate(pairs: list[tuple[str, str, bool]]) -> tuple[dict, list[tuple[str, str, bool]]]:
    counts = {"tp": 0, "fp": 0, "fn": 0, "tn": 0}
    mistakes = []
    for a, b, expected in pairs:
        decided = same_entity(a, b)
        counts[("t" if decided == expected else "f") + ("p" if decided else "n")] += 1
        if decided != expected:
            mistakes.append((a, b, expected))
    tp, fp, fn = counts["tp"], counts["fp"], counts["fn"]
    precision = tp / (tp + fp) if tp + fp else 0.0
    recall = tp / (tp + fn) if tp + fn else 0.0
    f1 = 2 * precision * recall / (precision + recall) if precision + recall else 0.0
    result = {
        "precision": round(precision, 4), "recall": round(recall, 4), "f1": round(f1, 4),
        "pairs": len(pairs), "true_pairs": sum(1 for *_, same in pairs if same),
        "false_pairs": sum(1 for *_, same in pairs if not same), **counts,
    }
    return result, mistakes


def main(argv: list[str] | None = None) -> int:
    """Evaluate ``same_entity`` on a JSONL file of labelled pairs; returns the exit status."""
    parser = argparse.ArgumentParser(
        prog="python -m trendwatch.similar.names",
        description="Precision, recall and F1 of the same-entity decision on labelled name pairs.",
    )
    parser.add_argument("file", help='JSONL, one {"a": ..., "b": ..., "same": true|false} per line')
    parser.add_argument("--json", action="store_true", help="print the result as JSON (default: text)")
    parser.add_argument("--errors", action="store_true", help="also list the pairs decided wrongly")
    options = parser.parse_args(argv)
    try:
        pairs = _read_pairs(options.file)
    except _PairsFileError as error:
        print(f"error: {error}", file=sys.stderr)
        return 2
    result, mistakes = _evaluate(pairs)
    if options.json:
        machine = (
            f"{platform.system()} {platform.machine()}, {os.cpu_count()} cores, "
            f"Python {platform.python_version()}"
        )
        print(json.dumps({"machine": machine, "file": options.file, **result}, ensure_ascii=False, indent=2))
    else:
        print(f"{options.file}: {result['pairs']} pairs "
              f"({result['true_pairs']} same, {result['false_pairs']} different)")
        print(f"precision {result['precision']:.4f}  recall {result['recall']:.4f}  f1 {result['f1']:.4f}")
        print(f"true positives {result['tp']}, false positives {result['fp']}, "
              f"false negatives {result['fn']}, true negatives {result['tn']}")
    if options.errors:
        for a, b, expected in mistakes:
            label = "missed (same)" if expected else "merged (different)"
            print(f"{label}: {a} | {b}  [{name_key(a)} | {name_key(b)}]", file=sys.stderr)
    return 0


if __name__ == "__main__":
    sys.exit(main())
