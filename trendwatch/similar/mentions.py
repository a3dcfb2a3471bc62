"""Mentions of people, organisations and places in English, Russian and Belarusian text.

A mention is a run of capitalised words ("Andrei Raukou", "Ministry of Defence", "Министерство
обороны"). A capitalised word that opens a sentence counts only if the same name is capitalised
elsewhere in the text, since sentence case alone says nothing. Mentions are matched to known
entities through ``trendwatch.similar.names``, so "Ravkov", "Раўкоў" and "Равковым" all find the
entity whose alias is "Andrei Raukou".

Public API:

- ``extract_mentions(text, language)`` -> list of ``Mention``
- ``match_mentions(mentions, known)`` -> mentions per known entity id
- ``sort_mentions(mentions, known)`` -> those mentions, and the mentions of unknown names
- ``suggest_entities(texts, known, min_count=2)`` -> frequent unknown names, variants grouped
- ``group_suggestions(unknown_names, min_count=2)`` -> the same from names found earlier

Pure Python, no Django.
"""

from __future__ import annotations

import re
from collections import Counter
from dataclasses import dataclass
from typing import Iterable, Mapping

from .names import group_variants, name_key, parse_name, same_parsed, validated_name
from .spellings import COUNTRY_AND_CAPITAL_KEYS
from .text import APOSTROPHES, NAME_WORD

__all__ = ["Mention", "Suggestion", "extract_mentions", "group_suggestions", "match_mentions", "sort_mentions", "AliasIndex",
           "suggest_entities"]

PERSON, ORGANISATION, PLACE, UNKNOWN = "person", "organisation", "place", "unknown"


@dataclass(frozen=True)
class Mention:
    """One name found in a text.

    surface: the name as written; start, end: its character offsets in the text
    (``text[start:end] == surface``); kind_guess: "person", "organisation", "place" or "unknown";
    key: ``names.name_key(surface)``.
    """

    surface: str
    start: int
    end: int
    kind_guess: str
    key: str


@dataclass(frozen=True)
class Suggestion:
    """A name seen often in the texts that matches no known entity.

    name: the form to show (the most frequent one with a given name, else the most frequent that
    is not a Cyrillic case form); variants: every surface form of the group, most frequent first;
    mentions: how many times it was seen; texts: in how many texts; kind_guess: the commonest kind
    guessed for its mentions.
    """

    name: str
    variants: tuple[str, ...]
    mentions: int
    texts: int
    kind_guess: str


# --- word lists --------------------------------------------------------------------------------

# Stems of words that make a name an organisation, in the three languages (matched as prefixes of
# the lowercase word, so case forms are covered: Министерства, Міністэрству).
_ORGANISATION_STEMS = {
    "en": ("ministr", "party", "parties", "committee", "council", "union", "front", "agency", "service",
           "bank", "court", "commission", "assembly", "parliament", "army", "forces", "company",
           "corporation", "university", "centre", "center", "institute", "movement", "government",
           "office", "department", "bureau", "association", "federation", "organisation",
           "organization", "foundation", "fund", "academy", "guard", "police", "television",
           "radio", "news", "group", "alliance", "coalition", "church", "chamber", "board", "cabinet"),
    "ru": ("министерств", "партия", "партии", "партию", "партией", "комитет", "совет", "союз", "фронт",
           "агентств", "служб", "банк", "суд", "комисси", "собрани", "парламент", "арми", "войск",
           "компани", "корпораци", "университет", "центр", "институт", "движени", "правительств",
           "администраци", "управлени", "департамент", "ассоциаци", "федераци", "организаци",
           "фонд", "академи", "гвард", "милици", "полици", "телевидени", "радио", "групп",
           "альянс", "коалици", "церк", "палат", "кабинет", "штаб"),
    "be": ("міністэрств", "партыя", "партыі", "партыю", "партыяй", "камітэт", "савет", "рада", "рады",
           "радзе", "радай", "саюз", "фронт", "агенцтв", "служб", "банк", "суд", "камісі", "сход",
           "парламент", "армі", "войск", "кампані", "карпарацы", "універсітэт", "цэнтр",
           "інстытут", "рух", "урад", "адміністрацы", "кіраванн", "дэпартамент", "асацыяцы",
           "федэрацы", "арганізацы", "фонд", "акадэмі", "гвардз", "міліцы", "паліцы", "тэлебачанн",
           "радыё", "груп", "альянс", "кааліцы", "царк", "палат", "кабінет", "штаб"),
}

# Capitalised English words that are not names (titles and nationality adjectives are stripped
# from the front of a run; calendar words and "I" are never names).
_ENGLISH_NOT_NAMES = frozenset(
    "i no nos jan feb mar apr jun jul aug sep sept oct nov dec january february march april may june "
    "july august september october november december "
    "monday tuesday wednesday thursday friday saturday sunday".split()
)
_ENGLISH_DESCRIPTORS = frozenset(
    "president minister prime deputy defence defense foreign interior economy finance justice "
    "chairman chairwoman chair head general colonel major lieutenant mr mrs ms dr sir leader "
    "ambassador speaker secretary spokesman spokeswoman spokesperson opposition former acting "
    "vice chief commander patriarch archbishop bishop metropolitan governor mayor senator mp "
    "presidential ex then new state first political activist journalist analyst blogger".split()
)
# Russian and Belarusian titles in any case form: capitalised only at a sentence start (Министр
# Иван Кубраков, Міністра Андрэя Раўкова), where they would otherwise read as a given name.
_CYRILLIC_DESCRIPTOR = re.compile(
    r"^(?:министр|президент|премьер|премьер-министр|председател|посол|посл|генерал|полковник|депутат|спикер|"
    r"губернатор|мэр|лидер|глав|міністр|прэзідэнт|прэм'ер|прэм’ер|старшын|пасол|пасл|палкоўнік|дэпутат|"
    r"губернатар|лідар|кіраўнік)(?:а|у|ом|ам|е|ы|і|ем|ю|я|ь|ю|ой|ай|ы)?$"
)
_ENGLISH_REGION_ADJECTIVES = frozenset(
    "belarusian byelorussian russian ukrainian polish lithuanian latvian estonian european american "
    "british german french chinese western eastern soviet baltic nordic georgian armenian moldovan "
    "kazakh".split()
)
# Function words: never names, even capitalised in a heading or after a quote. A sentence-initial
# capital followed by another capitalised word is a name ("Viktar Babaryka was ...") unless it is
# one of these.
_SENTENCE_OPENERS = frozenset(
    "the a an this that these those in on at for but and as after before during when while if since "
    "although however meanwhile according it he she they we his her their our its there then also both "
    "all some many most last next by with from to of yet still so thus once only even what why how "
    "later earlier early lately likely yesterday today tomorrow now here instead besides again already "
    "perhaps maybe indeed "
    "overall therefore hence otherwise moreover furthermore nevertheless nonetheless unlike like under "
    "over between among against without within about because despite through until where who whom "
    "you your my me us them not nor or are is was were be been has have had do does did will would can "
    "could should must may might which whose each every any such other another more less very much "
    "в во на по как что это при для после однако также он она они его её их но и а так из с со у к "
    "ў па як што гэта пры пасля аднак таксама ён яна яны яго яе іх але і з да".split()
)
# A Cyrillic surname in an oblique case after a sentence-initial capital means the capital is a noun
# governing it (Визит Равкова), not a given name (Андрей Равков).
_CYRILLIC_OBLIQUE = re.compile(
    r"(?:ого|ага|ому|аму|ым|ім|ой|ою|ай|ую|у|ю|е|ем|ом|ам|ова|ева|ина|ына|іна|ава|ича|іча)$"
)
# Cyrillic case forms that make a poor display name for a suggestion (России, Равковым).
_CYRILLIC_CASE_FORM = re.compile(r"[а-яёіў](?:ого|ому|ым|ім|ой|ою|ую|у|ю|е|ем|ом|ам|и|ы|ей)$")
_ENGLISH_CONNECTORS = frozenset({"of", "for", "the", "on", "and"})

# Lowercase words that continue a Russian or Belarusian organisation name after its head word
# (Министерство иностранных дел): genitive and adjectival endings.
_CYRILLIC_CONTINUATION = re.compile(
    r"(?:ых|их|ой|ей|ого|его|ому|ы|и|і|ов|ев|аў|яў|ай|ага|ая|ое|ае|ые|ия|ии|ія|іі|дел|спраў)$"
)
_MAX_CONTINUATION = 3

_LATIN_PLACE = re.compile(r"(?:sk|tsk|grad|gorod|horad|burg|pol|pil|polis|ichy|ichi|ovo|evo|ino)$")
_CYRILLIC_PLACE = re.compile(r"(?:ск|цк|град|город|гарад|бург|поль|піль|ичи|ічы|ово|ево|ино)(?:е|а|у|ом|ам)?$")
_LATIN_PERSON = re.compile(
    r"(?:ov|ova|ev|eva|in|ina|yn|yna|sky|ski|skiy|skaya|skaja|ska|enko|enka|uk|chuk|ich|vich|vych|"
    r"ou|au|ava|yan|dze|shvili|ak|ik|yk|ka|ko)$"
)
_CYRILLIC_PERSON = re.compile(
    r"(?:ов|ова|ев|ева|ин|ина|ын|ына|ін|іна|ский|ская|скі|оў|аў|ава|енко|энка|ук|чук|ич|іч|ак|ік|ык|ка|ко)"
    r"(?:а|у|ым|ом|ой|ай|е|ем|ам|ым|ого|ага|ому|аму|ую)?$"
)
_PLACE_PREPOSITIONS = frozenset({"in", "to", "from", "near", "в", "во", "из", "под", "у", "ў", "з", "пад", "ля"})

# --- tokens ------------------------------------------------------------------------------------

_WORD = re.compile(NAME_WORD)
_POSSESSIVE = re.compile(rf"[{APOSTROPHES}]s$")
_APOSTROPHE = re.compile(rf"[{APOSTROPHES}]")
_SENTENCE_END = re.compile(r"[.!?…]\s*[«\"“„'‘(\[—–-]*\s*$")
_OPENING = re.compile(r"^\s*[«\"“„'‘(\[]*\s*$")


@dataclass
class _Token:
    text: str
    start: int
    end: int
    capitalised: bool
    sentence_start: bool
    initial: bool  # a single capital letter followed by "."


def _tokens(text: str) -> list[_Token]:
    tokens: list[_Token] = []
    previous_end = 0
    for match in _WORD.finditer(text):
        word, start = match.group(), match.start()
        capitalised = word[:1].isupper()
        # Only a capitalised word's place in its sentence is ever asked (most words are not).
        gap = text[previous_end:start] if capitalised else ""
        opens_sentence = capitalised and (
            not tokens and _OPENING.match(gap) is not None
            or "\n" in gap
            or (bool(tokens) and not tokens[-1].initial
                and _SENTENCE_END.search(text[tokens[-1].start:start]) is not None)
        )
        initial = len(word) == 1 and word.isupper() and text[match.end():match.end() + 1] == "."
        tokens.append(_Token(word, start, match.end(), capitalised, opens_sentence, initial))
        previous_end = match.end()
    return tokens


def _joined(text: str, left: _Token, right: _Token) -> bool:
    """Whether two neighbouring words can belong to one name: only spaces (or an initial's dot)."""
    gap = text[left.end:right.start]
    if left.initial:
        gap = gap[1:]
    return len(gap) <= 2 and gap.strip() == "" and "\n" not in gap


def _organisation_stems(language: str) -> tuple[str, ...]:
    if language in _ORGANISATION_STEMS:
        return _ORGANISATION_STEMS[language]
    return tuple(stem for stems in _ORGANISATION_STEMS.values() for stem in stems)


def _is_acronym(word: str) -> bool:
    return len(word) >= 2 and word.isupper() and word.isalpha()


def _is_descriptor(word: str) -> bool:
    """A title or a regional adjective, also hyphenated (Belarusian-Latvian, Belarusian-western)."""
    parts = word.split("-")
    return all(
        part.lower() in _ENGLISH_DESCRIPTORS or part.lower() in _ENGLISH_REGION_ADJECTIVES or (n > 0 and part.islower())
        for n, part in enumerate(parts)
    )


def _readable_key(text: str) -> str | None:
    """``name_key(text)``, or None for capitals that no reading knows ("Đĸ"): no name to match."""
    try:
        return name_key(text)
    except ValueError:
        return None


def _guess_kind(words: list[str], previous_word: str | None, organisation: bool) -> str:
    if organisation:
        return ORGANISATION
    last = _POSSESSIVE.sub("", words[-1].lower())
    if len(words) == 1 and _readable_key(words[0]) in COUNTRY_AND_CAPITAL_KEYS:
        return PLACE
    cyrillic = not last[:1].isascii()
    place = (_CYRILLIC_PLACE if cyrillic else _LATIN_PLACE).search(last)
    person = (_CYRILLIC_PERSON if cyrillic else _LATIN_PERSON).search(last)
    if place and not (person and len(words) > 1):
        return PLACE
    if person or len(words) in (2, 3):
        return PERSON
    if previous_word is not None and previous_word.lower() in _PLACE_PREPOSITIONS:
        return PLACE
    return UNKNOWN


# --- public API --------------------------------------------------------------------------------

def extract_mentions(text: str, language: str) -> list[Mention]:
    """Find names of people, organisations and places in a text.

    text: plain text (strip HTML first).
    language: "en", "ru" or "be"; picks the organisation words and English title handling. Any
    other value uses the words of all three languages.
    Returns mentions in text order; raises TypeError if text or language is not a string.
    """
    if not isinstance(text, str):
        raise TypeError(f"text must be a string, got {type(text).__name__}")
    if not isinstance(language, str):
        raise TypeError(f"language must be a string such as 'en', got {type(language).__name__}")
    reader = _RunReader(text, language)
    mentions = []
    i = 0
    while i < len(reader.tokens):
        if not reader.starts_name(i):
            i += 1
            continue
        run, organisation, i_next = reader.run_from(i)
        previous = reader.tokens[i - 1].text if i > 0 else None
        for part, part_is_organisation in reader.split(run, organisation):
            start, end = part[0].start, part[-1].end
            surface = text[start:end]
            kind = _guess_kind([t.text for t in part if not t.initial], previous, part_is_organisation)
            previous = part[-1].text
            key = _readable_key(surface)
            if key is not None:
                mentions.append(Mention(surface, start, end, kind, key))
        i = i_next
    return mentions


class _RunReader:
    """Runs of capitalised words in one text, cut into names."""

    def __init__(self, text: str, language: str):
        self.text = text
        self.tokens = _tokens(text)
        self.stems = _organisation_stems(language)
        self.english = language == "en" or language not in _ORGANISATION_STEMS
        # Capitalised mid-sentence somewhere: then a sentence-initial capital is a name too.
        self.seen_mid_sentence = {
            _readable_key(t.text) for t in self.tokens if self.is_name_word(t) and not t.sentence_start and not t.initial
        } - {None}
        self.lowercase_words = {t.text for t in self.tokens if t.text[:1].islower()}

    def is_name_word(self, token: _Token) -> bool:
        long_enough = len(token.text) > 1 or token.initial
        lower = _APOSTROPHE.split(token.text.lower())[0]  # Minsk's, I'm
        return token.capitalised and long_enough and lower not in _ENGLISH_NOT_NAMES and lower not in _SENTENCE_OPENERS

    def is_organisation_word(self, token: _Token) -> bool:
        return _is_acronym(token.text) or token.text.lower().startswith(self.stems)

    def starts_name(self, i: int) -> bool:
        token = self.tokens[i]
        if not self.is_name_word(token):
            return False
        if not token.sentence_start or token.initial or self.is_organisation_word(token):
            return True
        if _readable_key(token.text) in self.seen_mid_sentence:
            return True
        lower = token.text.lower()
        if lower.endswith("ly") and len(lower) >= 7 and lower.isascii():  # Recently, Officially, ...
            return False
        following = self.tokens[i + 1] if i + 1 < len(self.tokens) else None
        return (
            following is not None and self.is_name_word(following) and _joined(self.text, token, following)
            and lower not in _SENTENCE_OPENERS and lower not in self.lowercase_words
            and not (not following.text[:1].isascii() and _CYRILLIC_OBLIQUE.search(following.text.lower()))
        )

    def run_from(self, i: int) -> tuple[list[_Token], bool, int]:
        """The run of name words from token i, whether it names an organisation, and where it ends."""
        tokens, text = self.tokens, self.text
        run = [tokens[i]]
        organisation = self.is_organisation_word(tokens[i])
        j = i + 1
        while j < len(tokens) and _joined(text, tokens[j - 1], tokens[j]):
            if self.is_name_word(tokens[j]) and not tokens[j].sentence_start:
                run.append(tokens[j])
                organisation = organisation or self.is_organisation_word(tokens[j])
                j += 1
                continue
            if not organisation:
                break
            # "Ministry of Defence of the Republic": connectors between capitalised words.
            k = j
            while k < len(tokens) and k - j < 2 and tokens[k].text.lower() in _ENGLISH_CONNECTORS:
                k += 1
            if k > j and k < len(tokens) and self.is_name_word(tokens[k]) \
                    and all(_joined(text, tokens[m - 1], tokens[m]) for m in range(j, k + 1)):
                run.extend(tokens[j:k + 1])
                j = k + 1
                continue
            # "Министерство иностранных дел": lowercase genitive words after the head word.
            while (j < len(tokens) and len(run) < _MAX_CONTINUATION + 1 and _joined(text, tokens[j - 1], tokens[j])
                   and not tokens[j].capitalised and not tokens[j].text[:1].isascii() and len(tokens[j].text) > 2
                   and _CYRILLIC_CONTINUATION.search(tokens[j].text.lower())):
                run.append(tokens[j])
                j += 1
            break
        return run, organisation, j

    def split(self, run: list[_Token], organisation: bool) -> list[tuple[list[_Token], bool]]:
        """Drop titles and regional adjectives in front of a name; cut off a leading country."""
        if organisation:
            return [(run, True)]
        if self.english:
            while run and _is_descriptor(run[0].text):
                run = run[1:]
        while len(run) > 1 and _CYRILLIC_DESCRIPTOR.match(run[0].text.lower()):
            run = run[1:]
        while run and run[-1].initial:
            run = run[:-1]
        if not run:
            return []
        # "Беларуси Андрей Равков": a country or capital in front of a person's name.
        if len(run) > 1 and _readable_key(run[0].text) in COUNTRY_AND_CAPITAL_KEYS:
            return [([run[0]], False)] + self.split(run[1:], False)
        return [(run, False)]


def match_mentions(mentions: Iterable[Mention], known: "Mapping[str, Iterable[str]] | AliasIndex") -> dict[str, list[Mention]]:
    """Mentions of known entities, by entity id.

    mentions: from ``extract_mentions`` (usually of one text).
    known: entity id -> aliases (any spelling, any script; "Andrei Raukou" is enough for Раўкоў),
    or an ``AliasIndex`` of them.
    A mention that fits several entities (a surname two relatives share) goes to the one that an
    unambiguous mention in the same list already found; otherwise it is left out.
    Returns only entities with mentions, each list in the order given; raises ValueError naming the
    entity whose alias is empty.
    """
    return _matched(mentions, AliasIndex.of(known))


def _matched(mentions: Iterable[Mention], index: "AliasIndex") -> dict[str, list[Mention]]:
    matched: dict[str, list[Mention]] = {}
    ambiguous: list[tuple[Mention, set[str]]] = []
    for mention in mentions:
        entities = index.entities(mention.surface)
        if len(entities) == 1:
            matched.setdefault(next(iter(entities)), []).append(mention)
        elif entities:
            ambiguous.append((mention, entities))
    for mention, entities in ambiguous:
        resolved = entities & matched.keys()
        if len(resolved) == 1:
            matched[next(iter(resolved))].append(mention)
    for entity_mentions in matched.values():
        entity_mentions.sort(key=lambda m: (m.start, m.end))
    return matched


def suggest_entities(
    texts: Iterable[tuple[str, str]], known: Mapping[str, Iterable[str]], min_count: int = 2
) -> list[Suggestion]:
    """Names that recur in the texts but match no known entity, with their variants grouped.

    texts: (text, language) pairs, e.g. the bodies of a week's articles.
    known: entity id -> aliases, as for ``match_mentions``.
    min_count: a suggestion must be mentioned in at least this many texts (default 2).
    Returns suggestions, the most widespread first.
    """
    if not isinstance(min_count, int) or min_count < 1:
        raise ValueError(f"min_count must be a positive integer, got {min_count!r}")
    index = AliasIndex(known)
    unknown_names = [
        (number, mention.surface, mention.kind_guess, 1)
        for number, (text, language) in enumerate(texts)
        for mention in _sorted_mentions(extract_mentions(text, language), index)[1]
    ]
    return group_suggestions(unknown_names, min_count)


def sort_mentions(
    mentions: Iterable[Mention], known: "Mapping[str, Iterable[str]] | AliasIndex"
) -> tuple[dict[str, list[Mention]], list[Mention]]:
    """Mentions of known entities (as ``match_mentions`` gives them) and mentions of unknown names.

    A mention that fits several entities and could not be resolved is in neither: it is not
    unknown, only ambiguous. Arguments as for ``match_mentions``.
    """
    return _sorted_mentions(list(mentions), AliasIndex.of(known))


def _sorted_mentions(mentions: list[Mention], index: "AliasIndex") -> tuple[dict[str, list[Mention]], list[Mention]]:
    matched = _matched(mentions, index)
    matched_spans = {(m.start, m.end) for found in matched.values() for m in found}
    unknown = [m for m in mentions if (m.start, m.end) not in matched_spans and not index.entities(m.surface)]
    return matched, unknown


def group_suggestions(unknown_names: Iterable[tuple[object, str, str, int]], min_count: int = 2) -> list[Suggestion]:
    """Suggestions from names already found and known to match no entity.

    unknown_names: (text id, surface, kind_guess, count) for each name seen in a text; a text id is
    any hashable that tells the texts apart (a number, an article id).
    min_count: a suggestion must be mentioned in at least this many texts (default 2).
    Returns suggestions, the most widespread first.
    """
    if not isinstance(min_count, int) or min_count < 1:
        raise ValueError(f"min_count must be a positive integer, got {min_count!r}")
    surface_counts: Counter[str] = Counter()
    surface_texts: dict[str, set] = {}
    surface_kinds: dict[str, Counter[str]] = {}
    for text_id, surface, kind_guess, count in unknown_names:
        surface_counts[surface] += count
        surface_texts.setdefault(surface, set()).add(text_id)
        surface_kinds.setdefault(surface, Counter())[kind_guess] += count

    suggestions = []
    by_frequency = sorted(surface_counts, key=lambda s: (-surface_counts[s], s))
    for group in group_variants(by_frequency):
        texts_seen = set().union(*(surface_texts[s] for s in group))
        if len(texts_seen) < min_count:
            continue
        variants = tuple(sorted(group, key=lambda s: (-surface_counts[s], s)))
        with_given = [s for s in variants if parse_name(s).readings[0].given is not None]
        nominative = [s for s in variants if not _CYRILLIC_CASE_FORM.search(s)]
        kinds = sum((surface_kinds[s] for s in group), Counter())
        suggestions.append(Suggestion(
            name=(with_given or nominative or variants)[0],
            variants=variants,
            mentions=sum(surface_counts[s] for s in group),
            texts=len(texts_seen),
            kind_guess=kinds.most_common(1)[0][0],
        ))
    suggestions.sort(key=lambda s: (-s.texts, -s.mentions, s.name))
    return suggestions


class AliasIndex:
    """Known aliases by surname key, so a mention is compared only with aliases that can match.

    Build one with ``AliasIndex(known)`` and pass it as ``known`` to ``match_mentions`` and
    ``sort_mentions`` when matching many texts against the same entities.
    """

    @classmethod
    def of(cls, known: "Mapping[str, Iterable[str]] | AliasIndex") -> "AliasIndex":
        return known if isinstance(known, cls) else cls(known)

    def __init__(self, known: Mapping[str, Iterable[str]]):
        self._by_key: dict[str, list[tuple[str, object]]] = {}
        for entity_id, aliases in known.items():
            for position, alias in enumerate(aliases):
                parsed = parse_name(validated_name(alias, f"alias #{position} of entity {entity_id!r}"))
                for key in parsed.surname_keys:
                    self._by_key.setdefault(key, []).append((entity_id, parsed))

    def entities(self, surface: str) -> set[str]:
        parsed = parse_name(validated_name(surface, "mention"), running_text=True)
        return {
            entity_id
            for key in parsed.surname_keys
            for entity_id, alias in self._by_key.get(key, ())
            if same_parsed(parsed, alias)
        }
