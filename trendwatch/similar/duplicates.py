"""Near-duplicate detection: the same text published twice, perhaps lightly edited."""

from __future__ import annotations

from .document import Document
from .text import analyse

# Consecutive stems compared as one unit; three keep word order without being brittle.
_SHINGLE = 3


def _shingles(document: Document) -> set[tuple[str, ...]]:
    stems = analyse(" ".join((document.title, document.lead, document.body)), document.language)
    if len(stems) < _SHINGLE:
        return {tuple(stems)} if stems else set()
    return {tuple(stems[i : i + _SHINGLE]) for i in range(len(stems) - _SHINGLE + 1)}


def near_duplicates(a: Document, b: Document, threshold: float = 0.8) -> bool:
    """Whether ``a`` and ``b`` are essentially the same text.

    Compares the sets of three-stem sequences of title, lead and body (Jaccard
    similarity). Translations are not near duplicates: their words differ.

    Args:
        a, b: the documents.
        threshold: smallest Jaccard similarity that counts as a duplicate [0.8].
    """
    if not 0 < threshold <= 1:
        raise ValueError(f"near_duplicates(): threshold must be in (0, 1], got {threshold!r}")
    first, second = _shingles(a), _shingles(b)
    if not first or not second:
        return False
    return len(first & second) / len(first | second) >= threshold
