"""Near-duplicate detection: the same text published twice, perhaps lightly edited.

``near_duplicates`` compares two documents' texts; ``text_sketch`` keeps a short summary of
one text (a bottom-k MinHash sketch) from which ``sketch_similarity`` estimates the same
measure later, without the texts (a site stores sketches and compares them while it serves).
"""

from __future__ import annotations

import hashlib

from .document import Document
from .text import analyse

# Consecutive stems compared as one unit; three keep word order without being brittle.
_SHINGLE = 3
# Hashes a sketch keeps: the estimate's standard error is at most 1 / (2 * sqrt(64)) = 0.06,
# small beside the gap between near-duplicates (0.8 and above) and other articles (mostly below 0.2).
SKETCH_SIZE = 64
NEAR_DUPLICATE_SIMILARITY = 0.8


def _shingles(document: Document) -> set[tuple[str, ...]]:
    stems = analyse(" ".join((document.title, document.lead, document.body)), document.language)
    if len(stems) < _SHINGLE:
        return {tuple(stems)} if stems else set()
    return {tuple(stems[i : i + _SHINGLE]) for i in range(len(stems) - _SHINGLE + 1)}


def near_duplicates(a: Document, b: Document, threshold: float = NEAR_DUPLICATE_SIMILARITY) -> bool:
    """Whether ``a`` and ``b`` are essentially the same text.

    Compares the sets of three-stem sequences of title, lead and body (Jaccard
    similarity). Translations are not near duplicates: their words differ.

    Args:
        a, b: the documents.
        threshold: smallest Jaccard similarity that counts as a duplicate [0.8].
    """
    _check_threshold(threshold, "near_duplicates")
    first, second = _shingles(a), _shingles(b)
    if not first or not second:
        return False
    return len(first & second) / len(first | second) >= threshold


def text_sketch(document: Document, size: int = SKETCH_SIZE) -> tuple[int, ...]:
    """The ``size`` smallest hashes of the document's three-stem sequences, ascending: the
    same in every process and on every machine (62-bit integers, safe in JSON)."""
    if isinstance(size, bool) or not isinstance(size, int) or size < 1:
        raise ValueError(f"text_sketch(): size must be a positive integer, got {size!r}")
    hashes = {
        int.from_bytes(hashlib.blake2b("\x1f".join(shingle).encode(), digest_size=8).digest(), "little") >> 2
        for shingle in _shingles(document)
    }
    return tuple(sorted(hashes)[:size])


def sketch_similarity(a: tuple[int, ...] | list[int], b: tuple[int, ...] | list[int], size: int = SKETCH_SIZE) -> float:
    """Estimated Jaccard similarity of the texts that two ``text_sketch`` results (of ``size``)
    summarise.

    The ``size`` smallest hashes of the two sketches together are the smallest of the union
    of the two texts' sequences; the share of them found in both sketches estimates the share
    of the union found in both texts. A sketch shorter than ``size`` holds its whole text, so
    two of them give the exact share.
    """
    if not a or not b:
        return 0.0
    first, second = set(a), set(b)
    smallest = sorted(first | second)
    if len(first) >= size or len(second) >= size:
        smallest = smallest[:size]
    return sum(1 for value in smallest if value in first and value in second) / len(smallest)


def sketches_are_near_duplicates(a, b, threshold: float = NEAR_DUPLICATE_SIMILARITY) -> bool:
    """``near_duplicates`` for two texts known by their sketches (``text_sketch``) only: an estimate."""
    _check_threshold(threshold, "sketches_are_near_duplicates")
    return sketch_similarity(a, b) >= threshold


def _check_threshold(threshold: float, caller: str) -> None:
    if not 0 < threshold <= 1:
        raise ValueError(f"{caller}(): threshold must be in (0, 1], got {threshold!r}")
