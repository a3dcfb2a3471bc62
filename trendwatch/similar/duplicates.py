"""Near-duplicate detection: the same text published twice, perhaps lightly edited.

``near_duplicates`` compares two documents' texts; ``text_sketch`` keeps a short summary of
one text (a bottom-k MinHash sketch) from which ``sketch_similarity`` estimates the same
measure later, without the texts (a site stores sketches and compares them while it serves).
"""

from __future__ import annotations

import zlib

import numpy as np

from .document import Document
from .text import words

# Consecutive words compared as one unit; three keep word order without being brittle.
_SHINGLE = 3
# Hashes a sketch keeps: the estimate's standard error is at most 1 / (2 * sqrt(64)) = 0.06,
# small beside the gap between near-duplicates (0.8 and above) and other articles (mostly below 0.2).
SKETCH_SIZE = 64
NEAR_DUPLICATE_SIMILARITY = 0.8
_MASK_62 = np.uint64((1 << 62) - 1)


def _shingles(document: Document) -> np.ndarray:
    """Distinct hashes of the document's runs of three consecutive words (title, lead, body;
    lower case, stop words in): the same in every process and on every machine, 62 bits.

    A text is read as words, not stems: a near-duplicate repeats the words themselves, and
    reading them is several times quicker than analysing them.
    """
    text = "\n".join((document.title, document.lead, document.body))
    found = [zlib.crc32(word.lower().encode()) for word in words(text) if word]
    if not found:
        return np.zeros(0, dtype=np.uint64)
    codes = np.array(found, dtype=np.uint64)
    if len(codes) >= _SHINGLE:
        codes = (codes[:-2] * np.uint64(0x9E3779B97F4A7C15) + codes[1:-1] * np.uint64(0xC2B2AE3D27D4EB4F)
                 + codes[2:])
    else:
        codes = np.array([sum(int(code) << (32 * place) for place, code in enumerate(codes))], dtype=np.uint64)
    # A 64-bit mixer (splitmix64's finish), so that the smallest hashes are a fair sample.
    codes ^= codes >> np.uint64(30)
    codes *= np.uint64(0xBF58476D1CE4E5B9)
    codes ^= codes >> np.uint64(27)
    codes *= np.uint64(0x94D049BB133111EB)
    codes ^= codes >> np.uint64(31)
    return np.unique(codes & _MASK_62)


def near_duplicates(a: Document, b: Document, threshold: float = NEAR_DUPLICATE_SIMILARITY) -> bool:
    """Whether ``a`` and ``b`` are essentially the same text.

    Compares the sets of runs of three consecutive words of title, lead and body (Jaccard
    similarity). Translations are not near duplicates: their words differ.

    Args:
        a, b: the documents.
        threshold: smallest Jaccard similarity that counts as a duplicate [0.8].
    """
    _check_threshold(threshold, "near_duplicates")
    first, second = _shingles(a), _shingles(b)
    if not len(first) or not len(second):
        return False
    shared = len(np.intersect1d(first, second, assume_unique=True))
    return shared / (len(first) + len(second) - shared) >= threshold


def text_sketch(document: Document, size: int = SKETCH_SIZE) -> tuple[int, ...]:
    """The ``size`` smallest hashes of the document's runs of three words, ascending (62-bit
    integers, safe in JSON)."""
    if isinstance(size, bool) or not isinstance(size, int) or size < 1:
        raise ValueError(f"text_sketch(): size must be a positive integer, got {size!r}")
    return tuple(_shingles(document)[:size].tolist())


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
