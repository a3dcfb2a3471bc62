"""From a ``Document`` to the counts the signals are computed from: field-weighted terms and names."""

from __future__ import annotations

import math
from collections import Counter
from dataclasses import dataclass

from .config import Config
from .document import Document
from .text import base_language, scan_counts

# Words of a text as ``scan_counts`` gives them: (surface, term, sentence_start) -> count.
Counted = dict[tuple[str, str, bool], int]

ENTITY_PREFIX = "entity:"

# A title with at least this share of capitalised words is in Title Case, where
# capitals say nothing about names.
_TITLE_CASE_SHARE = 0.6


@dataclass(slots=True)
class DocumentFeatures:
    """Term and name counts of one document, with the form to show for each.

    ``terms`` maps a stem to its field-weighted frequency (a title word counts
    ``title_boost`` times), ``length`` is the sum of those frequencies, ``names`` maps a
    name key (a stem, or ``"entity:" + id``) to its weight before idf: ``1 + ln(count)``
    for a name, ``entity_boost`` for an entity id.
    """

    terms: dict[str, float]
    term_surfaces: dict[str, str]
    length: float
    names: dict[str, float]
    name_surfaces: dict[str, str]


def _display_form(surface: str, sentence_start: bool, language: str) -> tuple[str, bool]:
    """How to show a word, and whether its capitalisation can be trusted (mid-sentence)."""
    if language == "en" and surface.endswith("'s"):
        surface = surface[:-2]
    if sentence_start and not surface.isupper():
        return surface.lower(), False
    return surface, True


def _is_title_case(title: Counted) -> bool:
    words = capitalised = 0
    for (surface, term, _), count in title.items():
        if not term.isdigit():
            words += count
            capitalised += count * surface[0].isupper()
    return bool(words) and capitalised >= _TITLE_CASE_SHARE * words


def _names(fields: list[Counted], language: str) -> Counter[tuple[str, str]]:
    """Capitalised words that are names: not opening a sentence, or also capitalised mid-sentence."""
    mid_sentence = {
        term
        for words in fields
        for surface, term, start in words
        if not start and surface[0].isupper() and not term.isdigit()
    }
    possessive = language == "en"
    names: Counter[tuple[str, str]] = Counter()
    for words in fields:
        for (surface, term, _), count in words.items():
            if term in mid_sentence and surface[0].isupper():
                names[term, surface[:-2] if possessive and surface.endswith("'s") else surface] += count
    return names


def _most_common_forms(forms: Counter[tuple]) -> dict[str, str]:
    """Per key, the form seen most often, preferring forms written mid-sentence.

    ``forms`` counts ``(key, form, trusted)`` triples.
    """
    best: dict[str, tuple[bool, int, str]] = {}
    for (key, form, trusted), count in forms.items():
        candidate = (trusted, count, form)
        if key not in best or candidate > best[key]:
            best[key] = candidate
    return {key: form for key, (_, _, form) in best.items()}


def document_features(document: Document, config: Config) -> DocumentFeatures:
    """Count the terms and names of ``document`` as the lexical and names signals see them."""
    language = base_language(document.language)
    title, lead, body = (scan_counts(text, language) for text in (document.title, document.lead, document.body))
    terms: dict[str, float] = {}
    for words, boost in ((body, 1), (title, config.title_boost), (lead, config.lead_boost)):
        for (_, term, _), count in words.items():
            terms[term] = terms.get(term, 0) + count * boost
    # Each distinct word is put in display form once (``_display_form``, written out).
    term_forms: dict[tuple[str, str, bool], int] = {}
    possessive = language == "en"
    for words in (title, lead, body):
        for (surface, term, start), count in words.items():
            if possessive and surface.endswith("'s"):
                surface = surface[:-2]
            key = (term, surface.lower(), False) if start and not surface.isupper() else (term, surface, True)
            term_forms[key] = term_forms.get(key, 0) + count

    text_fields = [lead, body]
    if not (lead or body) or not _is_title_case(title):
        text_fields.insert(0, title)
    name_forms = _names(text_fields, language)
    counts: Counter[str] = Counter()
    for (key, _), count in name_forms.items():
        counts[key] += count
    # Sub-linear in the count: a name mentioned ten times is not ten times as telling.
    names = {key: 1.0 + math.log(count) for key, count in counts.items()}
    name_surfaces = Counter({(key, form, True): count for (key, form), count in name_forms.items()})
    for entity in document.entities:
        key = ENTITY_PREFIX + entity
        names[key] = config.entity_boost
        name_surfaces[key, entity, True] = 1

    return DocumentFeatures(
        terms=dict(terms),
        term_surfaces=_most_common_forms(term_forms),
        length=float(sum(terms.values())),
        names=names,
        name_surfaces=_most_common_forms(name_surfaces),
    )
