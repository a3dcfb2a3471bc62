"""Names across transliterations: one matching key for Раўкоў, Равкову, Raukou and Ravkov.

Analysts of Belarus write the same person or place under Russian-based and Belarusian-based
romanisations, in Cyrillic with case endings, with Łacinka or Polish diacritics and in the informal
spellings newsrooms use. This module reads a name's words (``spellings`` reduces each to a phonetic
skeleton that those spellings share) and decides, keeping apart what only looks alike: gendered
surname forms (Kolesnikov / Kolesnikova, Tsikhanouski / Tsikhanouskaya) and relatives who share a
surname but not a given name.

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
import json
import os
import platform
import re
import sys
import unicodedata
from dataclasses import dataclass
from typing import Iterable

from .spellings import GivenName, given_name, reads_slavic_latin, surname_word_keys
from .text import APOSTROPHES, NAME_WORD

__all__ = [
    "MAX_NAME_CHARS", "ParsedName", "group_variants", "name_key", "parse_name", "same_entity", "same_parsed",
    "surname_keys", "validated_name",
]

#: Only this many characters of a name are considered: real names are far shorter, and the cap
#: keeps pathological input (a pasted paragraph) fast.
MAX_NAME_CHARS = 200


# --- parsing a name --------------------------------------------------------------------------

# A word with an English possessive, and the full stop of an initial.
_WORD = re.compile(rf"({NAME_WORD}[{APOSTROPHES}]?s?)(\.?)")
_PATRONYMIC = re.compile(
    r"(?:ович|евич|овна|евна|ична|авіч|евіч|аўна|еўна|івна|ївна|ovich|evich|ovna|evna|ichna|"
    r"avich|auna|euna|ovych|ivna|ovič|evič)$"
)
_INITIAL_MAX_LETTERS = 2


@dataclass(frozen=True)
class _Reading:
    """One way to read a name: its surname readings and its given name."""

    surnames: frozenset[str]
    given: GivenName | None
    swapped: bool = False


@dataclass(frozen=True)
class ParsedName:
    """A name's key and every way to read it."""

    key: str
    readings: tuple[_Reading, ...]

    @property
    def surname_keys(self) -> frozenset[str]:
        return frozenset().union(*(r.surnames for r in self.readings if not r.swapped))


def validated_name(name: object, what: str = "name") -> str:
    """``name`` ready to parse (NFC, at most ``MAX_NAME_CHARS``); raises naming ``what`` it is."""
    if not isinstance(name, str):
        raise TypeError(f"{what} must be a string, got {type(name).__name__}")
    if not name.strip():
        raise ValueError(f"{what} is empty: expected a person's or place's name, got {name!r}")
    return unicodedata.normalize("NFC", name[:MAX_NAME_CHARS])


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
def parse_name(name: str, running_text: bool = False) -> ParsedName:
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

    slavic = any(reads_slavic_latin(w.lower()) for w, _ in words + (surname_first or []))
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
        given = given_name(given_word, False, slavic)
    else:
        given = given_name(initials[0], True, slavic) if initials else None
    surname_keys = surname_word_keys(surname, slavic, running_text)
    if not surname_keys:
        raise ValueError(f"name has no letters that can be read: {name!r}")
    readings = [_Reading(frozenset(surname_keys), given)]
    if swapped_reading:
        swapped_surname, swapped_given = swapped_reading
        readings.append(
            _Reading(frozenset(surname_word_keys(swapped_surname, slavic)), given_name(swapped_given, False, slavic), True)
        )
    return ParsedName(_format_key(surname_keys[0], given), tuple(readings))


def _format_key(surname_key: str, given: GivenName | None) -> str:
    if given is None:
        return surname_key
    if given.is_initial:
        return f"{surname_key} {min(given.initials)}."
    if given.cognates:
        return f"{surname_key} ~{min(given.cognates)}"
    consonants, feminine = min(given.skeletons)
    return f"{surname_key} {consonants}{'-a' if feminine else ''}"


def _given_compatible(a: GivenName | None, b: GivenName | None) -> bool:
    if a is None or b is None:
        return True
    if a.is_initial or b.is_initial:
        return bool(a.initials & b.initials)
    return bool(a.cognates & b.cognates) or bool(a.skeletons & b.skeletons)


def _readings_match(a: _Reading, b: _Reading, a_has_given: bool, b_has_given: bool) -> bool:
    if (a.swapped and not b_has_given) or (b.swapped and not a_has_given):
        return False
    return bool(a.surnames & b.surnames) and _given_compatible(a.given, b.given)


def same_parsed(a: ParsedName, b: ParsedName) -> bool:
    """``same_entity`` of two parsed names."""
    a_has_given = a.readings[0].given is not None
    b_has_given = b.readings[0].given is not None
    return any(
        _readings_match(ra, rb, a_has_given, b_has_given)
        for ra in a.readings for rb in b.readings
        if not (ra.swapped and rb.swapped)
    )


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
    return parse_name(validated_name(name)).key


def surname_keys(name: str, running_text: bool = False) -> frozenset[str]:
    """The keys the surname of ``name`` may have (an inflected Cyrillic form may have several).

    Two names can only be ``same_entity``, or grouped by ``group_variants``, when they share one,
    so stored keys tell which names a new one may join without reading every name.
    running_text: the name was found in a sentence, where a Cyrillic form may be any case of
    another name (Равкова, of Равков), as ``extract_mentions`` reads it (default False).
    Raises as ``name_key`` does.
    """
    return parse_name(validated_name(name), running_text=running_text).surname_keys


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
    return same_parsed(parse_name(validated_name(a, "first name")), parse_name(validated_name(b, "second name")))


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
    unique: dict[str, ParsedName] = {}
    for position, name in enumerate(names):
        parsed = parse_name(validated_name(name, f"name #{position}"))
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
        fitting = [g for g in sorted(candidates) if all(same_parsed(parsed, unique[m]) for m in groups[g])]
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
