"""From a ``Document`` to the counts the signals are computed from: field-weighted terms and names."""

from __future__ import annotations

import math
from collections import Counter
from dataclasses import dataclass

from .config import Config
from .document import Document
from .text import Token, base_language, tokenise

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


def _display_form(token: Token, language: str) -> str:
    surface = token.surface
    if language == "en" and surface.endswith("'s"):
        surface = surface[:-2]
    if token.sentence_start and not surface.isupper():
        return surface.lower()
    return surface


def _is_title_case(tokens: list[Token]) -> bool:
    words = [t for t in tokens if not t.term.isdigit()]
    return bool(words) and sum(t.capitalised for t in words) >= _TITLE_CASE_SHARE * len(words)


def _names(tokens: list[Token], language: str) -> Counter[tuple[str, str]]:
    """Capitalised words that are names: not opening a sentence, or also capitalised mid-sentence."""
    mid_sentence = {t.term for t in tokens if t.capitalised and not t.sentence_start and not t.term.isdigit()}
    found: Counter[tuple[str, str]] = Counter()
    for token in tokens:
        if token.capitalised and token.term in mid_sentence:
            surface = token.surface[:-2] if language == "en" and token.surface.endswith("'s") else token.surface
            found[token.term, surface] += 1
    return found


def _most_common_forms(pairs: Counter[tuple[str, str]]) -> dict[str, str]:
    best: dict[str, tuple[int, str]] = {}
    for (key, surface), count in pairs.items():
        current = best.get(key)
        if current is None or (count, surface) > current:
            best[key] = (count, surface)
    return {key: surface for key, (_, surface) in best.items()}


def document_features(document: Document, config: Config) -> DocumentFeatures:
    """Count the terms and names of ``document`` as the lexical and names signals see them."""
    language = base_language(document.language)
    fields = (
        (tokenise(document.title, language), config.title_boost),
        (tokenise(document.lead, language), config.lead_boost),
        (tokenise(document.body, language), 1.0),
    )
    terms: Counter[str] = Counter()
    term_forms: Counter[tuple[str, str]] = Counter()
    for tokens, boost in fields:
        for token in tokens:
            terms[token.term] += boost
            term_forms[token.term, _display_form(token, language)] += 1

    title_tokens, lead_tokens, body_tokens = (tokens for tokens, _ in fields)
    text_tokens = lead_tokens + body_tokens
    if not text_tokens or not _is_title_case(title_tokens):
        text_tokens = title_tokens + text_tokens
    name_forms = _names(text_tokens, language)
    counts: Counter[str] = Counter()
    for (key, _), count in name_forms.items():
        counts[key] += count
    # Sub-linear in the count: a name mentioned ten times is not ten times as telling.
    names = {key: 1.0 + math.log(count) for key, count in counts.items()}
    for entity in document.entities:
        key = ENTITY_PREFIX + entity
        names[key] = config.entity_boost
        name_forms[key, entity] = 1

    return DocumentFeatures(
        terms=dict(terms),
        term_surfaces=_most_common_forms(term_forms),
        length=float(sum(terms.values())),
        names=names,
        name_surfaces=_most_common_forms(name_forms),
    )
