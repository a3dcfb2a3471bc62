"""The keys of an index (terms, names) and its display strings, numbered; the corpus
statistics that weigh the keys."""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field

import numpy as np

from . import bm25
from .features import number_strings


def _key_weight(document_frequency: np.ndarray, document_count: int) -> np.ndarray:
    """Per-document weight factor of a key: the square root of its idf.

    A shared key's product in the cosine then carries its idf once, as a matching
    term does in BM25 scoring, instead of squared as in TF-IDF cosine, which lets a
    handful of rare words (typos, one-off names) dominate.
    """
    return np.sqrt(bm25.idf(document_frequency, document_count))


@dataclass(frozen=True)
class CorpusStatistics:
    """The corpus-wide numbers the lexical and names weights depend on.

    Attributes:
        document_count: number of documents when the snapshot was taken.
        average_length: mean field-weighted length of those documents.
        term_frequencies: stem -> number of documents containing it.
        name_frequencies: name key -> number of documents mentioning it.
    """

    document_count: int
    average_length: float
    term_frequencies: Mapping[str, int] = field(repr=False)
    name_frequencies: Mapping[str, int] = field(repr=False)


class Vocabulary:
    """Keys (terms or names) numbered in order of first sight, weighted from frozen statistics."""

    def __init__(self) -> None:
        self.ids: dict[str, int] = {}
        self.keys: list[str] = []
        self._frequencies: Mapping[str, int] = {}
        self._document_count = 0
        self._weights = np.zeros(0)
        self._counted = np.zeros(0, dtype=np.int64)

    def use(self, frequencies: Mapping[str, int], document_count: int) -> None:
        """Weigh keys with these statistics from now on."""
        self._frequencies, self._document_count = frequencies, document_count
        self._weights = np.zeros(0)
        self._counted = np.zeros(0, dtype=np.int64)

    def numbers(self, keys: Iterable[str]) -> list[int]:
        """The numbers of ``keys``; new ones are numbered after the known ones."""
        return number_strings(keys, self.ids, self.keys)

    def ensure(self, keys: Iterable[str]) -> np.ndarray:
        return np.array(self.numbers(keys), dtype=np.int32)

    def weight(self, ids: np.ndarray) -> np.ndarray:
        if len(self.keys) > len(self._weights):
            new_keys = self.keys[len(self._weights) :]
            frequency = np.array([self._frequencies.get(key, 0) for key in new_keys], dtype=np.float64)
            self._weights = np.concatenate((self._weights, _key_weight(frequency, self._document_count)))
        return self._weights[ids]

    def frequency(self, ids: np.ndarray) -> np.ndarray:
        """Document frequencies of keys in the statistics snapshot (0 for keys it lacks)."""
        if len(self.keys) > len(self._counted):
            new_keys = self.keys[len(self._counted) :]
            frequency = np.array([self._frequencies.get(key, 0) for key in new_keys], dtype=np.int64)
            self._counted = np.concatenate((self._counted, frequency))
        return self._counted[ids]

    def rank_of(self, ids: np.ndarray) -> np.ndarray:
        """Places of the keys ``ids`` in their own sorted order (orders distinct keys as ``rank`` does)."""
        keys = [self.keys[key_id] for key_id in ids.tolist()]
        ranks = np.empty(len(keys), dtype=np.int64)
        ranks[sorted(range(len(keys)), key=keys.__getitem__)] = np.arange(len(keys))
        return ranks

    def rank(self) -> np.ndarray:
        """Each key's position in the sorted order of all keys (an order that does not
        depend on when keys were first seen)."""
        ranks = np.empty(len(self.keys), dtype=np.int64)
        ranks[np.argsort(np.array(self.keys, dtype=str), kind="stable")] = np.arange(len(self.keys))
        return ranks


class InternedStrings:
    """Display strings stored once and referred to by number."""

    def __init__(self) -> None:
        self.ids: dict[str, int] = {}
        self.strings: list[str] = []

    def number(self, string: str) -> int:
        return number_strings((string,), self.ids, self.strings)[0]

    def numbers(self, strings: Iterable[str]) -> list[int]:
        return number_strings(strings, self.ids, self.strings)
