"""Text analysis shared by the similarity engine and site search.

English and Russian words are stemmed with Snowball (PyStemmer); Belarusian, which
Snowball lacks, gets a light suffix-stripping stemmer written for this project. Any
other language falls back to plain lowercase tokens, so nothing is ever rejected for
its language.
"""

from __future__ import annotations

import html
import re
from collections import Counter
from dataclasses import dataclass
from functools import lru_cache
from itertools import chain
from operator import not_

import Stemmer

__all__ = [
    "APOSTROPHES",
    "NAME_WORD",
    "OTHER_APOSTROPHES",
    "WORD",
    "Token",
    "analyse",
    "base_language",
    "stem",
    "stop_words",
    "strip_html",
    "tokenise",
]

ENGLISH_STOP_WORDS = frozenset(
    """
    a about above after again against all also although am among an and any are as at
    be because been before being below between both but by can could did do does doing
    down during each either few for from further had has have having he her here hers
    herself him himself his how however i if in into is it its itself just may me might
    more most must my myself neither no nor not now of off on once only onto or other
    our ours ourselves out over own per same shall she should since so some such than
    that the their theirs them themselves then there these they this those though
    through thus to too under until up upon us very via was we were what when where
    whether which while who whom whose why will with within without would yet you your
    yours yourself yourselves said says say mr mrs ms s t
    """.split()
)

RUSSIAN_STOP_WORDS = frozenset(
    """
    а без более бы был была были было быть в вам вас во вот все всё всего всех вы где
    да даже для до его ее её ей если есть еще ещё же за здесь и из или им их к как
    какая какие какой когда кто ли либо между меня мне может можно мы на над нам нас
    не него нее неё нет ни них но ну о об однако он она они оно от перед по под после
    при про раз с сам свое своё свой своих со так также там тем то того тоже той только
    том ту тут у уж уже хотя чего чем через что чтобы эта эти это этого этой этом этот
    эту я который которая которое которые которых котором которой которого которому
    сказал сказала заявил заявила
    """.split()
)

BELARUSIAN_STOP_WORDS = frozenset(
    """
    а або аб але б бы быў была былі было быць в ва вам вас вось вы гэта гэтага гэтай
    гэтым гэтых гэты гэтыя да дзе для з за зараз сюды іх і й ім імі калі каб каля
    праз паміж між мы мне мяне можа на над нам нас не ні няма іх па пад пасля перад
    пра пры са сам свае сваё сваёй свой сваіх так таксама там таго той толькі тым
    тут у ў уж ужо хоць хто чым што ён яго яе яна яны яно які якая якое якія якіх
    ёсць я ці цяпер яшчэ сказаў сказала заявіў заявіла
    """.split()
)

_STOP_WORDS = {"en": ENGLISH_STOP_WORDS, "ru": RUSSIAN_STOP_WORDS, "be": BELARUSIAN_STOP_WORDS}

# Belarusian endings (nouns, adjectives, verbs, participles), longest first so that
# "-амі" wins over "-і". Stripping stops when fewer than three letters would remain.
_BELARUSIAN_ENDINGS = tuple(
    sorted(
        """
        ямі амі імі ымі ага яга аму яму ого ога ому ая яя ое ае ыя ія ую юю ых іх ым ім
        ай ой ей ёй ою ёю ам ям ах ях аў яў ем ём ом аць яць ець іць ыць уць юць ці ць
        аем аеш ае аюць ем еш ім іце ла лі ло ся ў а я о е ё у ю ы і ь й
        """.split(),
        key=len,
        reverse=True,
    )
)
_BELARUSIAN_REFLEXIVE = ("ся", "цца")
_MIN_BELARUSIAN_STEM = 3

_SNOWBALL_ALGORITHMS = {"en": "english", "ru": "russian"}

# Written for "'" (the Belarusian "ʼ" among them). The compiled word finder keeps its own
# copy (``kernels.words``), which a test holds to this one.
OTHER_APOSTROPHES = "’ʼ`‘"
APOSTROPHES = "'" + OTHER_APOSTROPHES
# A word: letters or digits, with inner apostrophes as in Belarusian "сям'я" or English "don't".
WORD = rf"[^\W_]+(?:[{APOSTROPHES}][^\W_]+)*"
# A word of a name: letters only, joined by apostrophes or hyphens (O'Brien, Jean-Claude).
NAME_WORD = rf"[^\W\d_]+(?:[{APOSTROPHES}-][^\W\d_]+)*"
# A word, or a character that ends a sentence.
_WORD_OR_SENTENCE_END = re.compile(rf"({WORD})|[.!?…\n]")
_APOSTROPHES = str.maketrans(dict.fromkeys(OTHER_APOSTROPHES, "'"))
_OTHER_APOSTROPHE = re.compile(f"[{OTHER_APOSTROPHES}]")
_SCRIPT_OR_STYLE = re.compile(r"<(script|style)\b.*?</\1\s*>", re.IGNORECASE | re.DOTALL)
_COMMENT = re.compile(r"<!--.*?-->", re.DOTALL)
# Only "<" followed by a tag-like character opens a tag, so "a < b" in prose survives.
_TAG = re.compile(r"</?[A-Za-z!?][^>]*>")
# Tags that start or end a block of text (or break a line) in rich text and common HTML.
_BLOCK_TAG = re.compile(
    r"</?(?:p|div|h[1-6]|li|ul|ol|blockquote|br|hr|pre|table|tr|td|th|section|article|header|footer)\b[^>]*>",
    re.IGNORECASE,
)


@dataclass(frozen=True, slots=True)
class Token:
    """One word of a text.

    ``surface`` is the word as written (apostrophes normalised), ``term`` its
    lowercase stem, ``sentence_start`` tells whether it opens a sentence, which is
    what separates a capitalised name from an ordinary capitalised first word.
    """

    surface: str
    term: str
    sentence_start: bool

    @property
    def capitalised(self) -> bool:
        return self.surface[:1].isupper()


def base_language(language: str | None) -> str:
    """Reduce a language tag such as ``"ru-RU"`` or ``"EN"`` to its lowercase base ("ru", "en")."""
    if not language:
        return ""
    return re.split(r"[-_]", language.strip().lower(), maxsplit=1)[0]


def strip_html(text: str) -> str:
    """Remove markup (tags, comments, scripts, styles) and decode entities.

    Block tags (paragraphs, headings, list items, ``<br>``...) become line breaks, which end a
    sentence as a full stop does: a heading without one is not read as the start of the
    paragraph under it. Other tags become spaces, so words on either side stay apart.
    """
    if "<" in text:
        text = _SCRIPT_OR_STYLE.sub(" ", text)
        text = _COMMENT.sub(" ", text)
        text = _BLOCK_TAG.sub("\n", text)
        text = _TAG.sub(" ", text)
    return html.unescape(text) if "&" in text else text


def stop_words(language: str) -> frozenset[str]:
    """The stop words (lowercase surface forms) of ``language``; empty for unsupported languages."""
    return _STOP_WORDS.get(base_language(language), frozenset())


@lru_cache(maxsize=None)
def _snowball(algorithm: str) -> Stemmer.Stemmer:
    stemmer = Stemmer.Stemmer(algorithm)
    # Its own cache of stems made stemming about four times slower, and words reach it
    # once each (callers keep what they stemmed).
    stemmer.maxCacheSize = 0
    return stemmer


def _normalise(word: str, language: str) -> str:
    word = word.lower().translate(_APOSTROPHES)
    if language == "ru":
        word = word.replace("ё", "е")
    elif language == "be" and word.startswith("ў"):
        # A Belarusian word starting with "у" is spelt "ў" after a vowel: one word, two spellings.
        word = "у" + word[1:]
    elif language == "en" and word.endswith("'s"):
        word = word[:-2]
    return word


def _stem_belarusian(word: str) -> str:
    for reflexive in _BELARUSIAN_REFLEXIVE:
        if word.endswith(reflexive) and len(word) - len(reflexive) >= _MIN_BELARUSIAN_STEM + 1:
            word = word[: -len(reflexive)]
            break
    for ending in _BELARUSIAN_ENDINGS:
        if word.endswith(ending) and len(word) - len(ending) >= _MIN_BELARUSIAN_STEM:
            return word[: -len(ending)]
    return word


def stem(word: str, language: str) -> str:
    """The lowercase stem of one ``word`` in ``language`` ("en", "ru", "be"; others: lowercase word).

    Numbers are returned unchanged.
    """
    language = base_language(language)
    return _stem_normalised(_normalise(word, language), language)


_UNSEEN = object()
# Words remembered per language; a long-running process starts over past this many.
_TERM_CACHE_SIZE = 500_000


@lru_cache(maxsize=None)
def _term_cache(language: str) -> dict[str, str | None]:
    """Surface word -> term (``None`` for a stop word) in ``language``: words recur, so
    each is normalised and stemmed once."""
    return {}


def _term(surface: str, language: str) -> str | None:
    word = _normalise(surface, language)
    if word in _STOP_WORDS.get(language, ()) or (len(word) == 1 and not word.isdigit()):
        return None
    return _stem_normalised(word, language)


def _stem_normalised(word: str, language: str) -> str:
    if word.isdigit():
        return word
    if language == "be":
        return _stem_belarusian(word)
    algorithm = _SNOWBALL_ALGORITHMS.get(language)
    return _snowball(algorithm).stemWord(word) if algorithm else word


def plain_apostrophes(text: str) -> str:
    """``text`` with every apostrophe written as "'" (a search is much quicker than a translate)."""
    return text.translate(_APOSTROPHES) if _OTHER_APOSTROPHE.search(text) else text


def words(text: str) -> list[str]:
    """The words of ``text`` (HTML allowed) in order, with "" for each sentence end; stop
    words are still in. ``scan`` and ``scan_counts`` read texts so; the compiled word
    finder of an index's analysis (``kernels.word_numbers``) does too, and the features
    tests compare the two."""
    return _WORD_OR_SENTENCE_END.findall(plain_apostrophes(strip_html(text)))


def terms_of(surfaces: list[str], language: str) -> list[str | None]:
    """The term of each word of ``surfaces`` in base ``language`` as ``scan`` finds it
    (``None`` for a stop word), normalised in one pass and stemmed in one Snowball call."""
    if not surfaces:
        return []
    # Words hold no line breaks, so the list is lowercased (and so on) as one string.
    joined = "\n".join(surfaces).lower()
    if _OTHER_APOSTROPHE.search(joined):
        joined = joined.translate(_APOSTROPHES)
    if language == "ru":
        joined = joined.replace("ё", "е")
    normalised = joined.split("\n")
    if language == "be":
        normalised = ["у" + word[1:] if word.startswith("ў") else word for word in normalised]
    elif language == "en":
        normalised = [word[:-2] if word.endswith("'s") else word for word in normalised]
    stops = _STOP_WORDS.get(language, ())
    found: list[str | None] = [
        None if word in stops or (len(word) == 1 and not word.isdigit()) else word for word in normalised
    ]
    algorithm = _SNOWBALL_ALGORITHMS.get(language)
    if algorithm or language == "be":
        places = [place for place, word in enumerate(found) if word is not None and not word.isdigit()]
        to_stem = [found[place] for place in places]
        stems = _snowball(algorithm).stemWords(to_stem) if algorithm else map(_stem_belarusian, to_stem)
        for place, term in zip(places, stems):
            found[place] = term
    return found


def scan(text: str, language: str) -> list[tuple[str, str, bool]]:
    """Like ``tokenise`` but as plain ``(surface, term, sentence_start)`` tuples, for speed."""
    language = base_language(language)
    terms = _term_cache(language)
    found = []
    sentence_start = True
    for surface in words(text):
        if not surface:
            sentence_start = True
            continue
        term = _cached_term(terms, surface, language)
        if term is not None:
            found.append((surface, term, sentence_start))
        sentence_start = False
    return found


def _cached_term(terms: dict, surface: str, language: str):
    """``_term(surface, language)`` through the language's cache of words already seen."""
    term = terms.get(surface, _UNSEEN)
    if term is _UNSEEN:
        if len(terms) >= _TERM_CACHE_SIZE:
            terms.clear()
        term = terms[surface] = _term(surface, language)
    return term


def scan_counts(text: str, language: str) -> dict[tuple[str, str, bool], int]:
    """What ``scan`` finds, counted: ``(surface, term, sentence_start) -> occurrences``.

    Words recur, so each distinct word is looked up once instead of once per occurrence.
    """
    language = base_language(language)
    terms = _term_cache(language)
    surfaces = words(text)
    # A word opens a sentence when nothing or a sentence end ("") comes before it.
    occurrences = Counter(zip(surfaces, map(not_, chain(("",), surfaces))))
    found = {}
    for (surface, sentence_start), count in occurrences.items():
        if not surface:
            continue
        term = _cached_term(terms, surface, language)
        if term is not None:
            found[surface, term, sentence_start] = count
    return found


def tokenise(text: str, language: str) -> list[Token]:
    """Split ``text`` (HTML allowed) into tokens, dropping stop words.

    Numbers and names are kept; every token carries its stem and whether it opens a
    sentence.
    """
    return [Token(surface, term, start) for surface, term, start in scan(text, language)]


def analyse(text: str, language: str) -> list[str]:
    """The stems of ``text`` in order, without stop words: what search indexes and queries use.

    >>> analyse("Elections and the election", "en")
    ['elect', 'elect']
    """
    return [token.term for token in tokenise(text, language)]
