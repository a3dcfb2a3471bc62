"""From a ``Document`` to the counts the signals are computed from: field-weighted terms and names."""

from __future__ import annotations

import math
from collections import Counter
from dataclasses import dataclass
from operator import itemgetter

from .config import Config
from .document import Document
from .text import base_language, scan

Scanned = tuple[str, str, bool]
_TERM = itemgetter(1)

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


def _is_title_case(tokens: list[Scanned]) -> bool:
    words = [surface for surface, term, _ in tokens if not term.isdigit()]
    return bool(words) and sum(w[0].isupper() for w in words) >= _TITLE_CASE_SHARE * len(words)


def _names(tokens: list[Scanned], language: str) -> Counter[tuple[str, str]]:
    """Capitalised words that are names: not opening a sentence, or also capitalised mid-sentence."""
    mid_sentence = {term for surface, term, start in tokens if not start and surface[0].isupper() and not term.isdigit()}
    possessive = language == "en"
    return Counter(
        (term, surface[:-2] if possessive and surface.endswith("'s") else surface)
        for surface, term, _ in tokens
        if term in mid_sentence and surface[0].isupper()
    )


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
    title, lead, body = (scan(text, language) for text in (document.title, document.lead, document.body))
    terms: Counter[str] = Counter(map(_TERM, body))
    for tokens, boost in ((title, config.title_boost), (lead, config.lead_boost)):
        for term, count in Counter(map(_TERM, tokens)).items():
            terms[term] += count * boost
    # Words recur within a document: each distinct token is put in display form once.
    term_forms: Counter[tuple[str, str, bool]] = Counter()
    for (surface, term, start), count in Counter(title + lead + body).items():
        term_forms[(term, *_display_form(surface, start, language))] += count

    text_tokens = lead + body
    if not text_tokens or not _is_title_case(title):
        text_tokens = title + text_tokens
    name_forms = _names(text_tokens, language)
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
