"""The similarity index: fit an archive, ask for neighbours, keep it current with add/remove.

Design notes
------------
* Every signal is symmetric, so ``score(a, b) == score(b, a)``. When a document is
  added, one sparse product gives its score against every other document, and that
  single vector says which other lists it enters.
* Corpus statistics (document count, average length, document frequencies) are a
  snapshot taken by ``fit`` and kept frozen by ``add``/``remove``: with drifting
  statistics every score in the archive would move a little on each publish, and no
  list could be kept exact without recomputing all of them. With the snapshot, the
  lists after any sequence of ``add``/``remove`` are exactly those of
  ``fit(final_documents, statistics=index.statistics)``. A plain ``fit`` of the current
  documents takes a new snapshot (a nightly job, or when ``statistics_age`` grows large).
* Scores are rounded to ``SCORE_DECIMALS`` places and ties broken by id, so lists do
  not depend on the order in which documents arrived or on floating-point noise.
* Exact lists score every pair, and in a large archive most documents share some
  word with most others: that work grows with the square of the archive. Above
  ``Config.exact_lists_up_to`` documents (counted by the statistics snapshot) a list
  holds the best of the document's *candidates* only. Each document has a few *key
  terms*, its highest-weighted terms chosen with the frozen statistics (a function of
  the document and the snapshot alone), and ``x`` and ``q`` are candidates of each
  other when either contains a key term of the other. The relation is symmetric like
  the scores, so the design above still holds: ``add(x)`` scores ``x`` against
  everything, keeps the scores of its candidates, and those say which lists it enters;
  the lists are those of ``fit`` with the same snapshot. Candidates are scored exactly
  with the fused score; only a neighbour sharing no key term of either side is missed.
  For the same reason a full rebuild scores each candidate pair once and enters it
  into both lists.
"""

from __future__ import annotations

import gc
import multiprocessing
import numbers
import os
import threading
from collections import deque
from collections.abc import Callable, Iterable, Iterator, Mapping
from concurrent.futures import ThreadPoolExecutor
from dataclasses import dataclass, field
from types import MappingProxyType

import numpy as np

from . import bm25, kernels
from .config import Config
from .document import Document, Neighbour, Reasons
from .features import CountedDocuments, FeatureCounter, Growing, adopt_counter, number_strings, shared_counter
from .rows import GrowingRows

SCORE_DECIMALS = 9
# Query rows scored together in a full rebuild, at most; fewer in a large archive so
# that one block's candidate pairs stay within memory (sparse and dense paths).
_BLOCK_ROWS = 512
_SPARSE_BLOCK_PAIRS = 4_000_000
_DENSE_BLOCK_PAIRS = 4_000_000
# Content below which a pair cannot reach a list is compared with this much slack,
# far above floating-point noise and the rounding of scores to ``SCORE_DECIMALS``.
_PRUNING_MARGIN = 1e-8
# Below this many documents a rebuild is quicker in one process (or thread) than in several.
_PARALLEL_ROWS = 5000
# Documents a forked worker analyses per task.
_ANALYSIS_CHUNK = 200
# Lists a thread explains (finds the reasons of) per task.
_EXPLAINED_CHUNK = 500
# Rows added or removed since the last compaction before the main matrices are rebuilt.
_MIN_COMPACTION_ROWS = 1000
_COMPACTION_SHARE = 0.05
# Documents whose lexical rows (and key terms) are made together in a fit: few, since
# the threads keep several slices under way or waiting, each with its counts' copies.
_KEY_SLICE_ROWS = 1_000
# Query rows whose candidate lists a thread computes at a time.
_CANDIDATE_BLOCK_ROWS = 1024

Progress = Callable[[int, int], None]


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


class _Vocabulary:
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


class _Interned:
    """Display strings stored once and referred to by number."""

    def __init__(self) -> None:
        self.ids: dict[str, int] = {}
        self.strings: list[str] = []

    def number(self, string: str) -> int:
        return number_strings((string,), self.ids, self.strings)[0]

    def numbers(self, strings: Iterable[str]) -> list[int]:
        return number_strings(strings, self.ids, self.strings)


@dataclass(slots=True)
class _CountArrays:
    """Term and name counts of consecutive documents as CSR-like arrays, numbered in the
    index: document ``d`` has terms ``term_ids[term_offsets[d]:term_offsets[d + 1]]``."""

    lengths: np.ndarray
    term_offsets: np.ndarray
    term_ids: np.ndarray
    term_frequencies: np.ndarray
    term_labels: np.ndarray
    name_offsets: np.ndarray
    name_ids: np.ndarray
    name_weights: np.ndarray
    name_labels: np.ndarray

    @classmethod
    def joined(cls, parts: list["_CountArrays"], terms: bool = True) -> "_CountArrays":
        """The parts one after another (without their terms unless ``terms``)."""
        if not terms:
            parts = [cls(part.lengths, np.zeros(len(part.lengths) + 1, np.int64), part.term_ids[:0],
                         part.term_frequencies[:0], part.term_labels[:0], part.name_offsets, part.name_ids,
                         part.name_weights, part.name_labels) for part in parts]
        def offsets(name: str) -> np.ndarray:
            sizes = [np.diff(getattr(part, name)) for part in parts]
            return np.concatenate(([0], np.cumsum(np.concatenate(sizes)) if sizes else []))

        def joined(name: str, dtype) -> np.ndarray:
            return np.concatenate([getattr(part, name) for part in parts]).astype(dtype, copy=False) \
                if parts else np.zeros(0, dtype)

        return cls(
            joined("lengths", np.float64), offsets("term_offsets").astype(np.int64), joined("term_ids", np.int32),
            joined("term_frequencies", np.float64), joined("term_labels", np.int32),
            offsets("name_offsets").astype(np.int64), joined("name_ids", np.int32),
            joined("name_weights", np.float64), joined("name_labels", np.int32),
        )


def _unit_rows(
    indptr: np.ndarray, ids: np.ndarray, weights: np.ndarray, labels: np.ndarray, vocabulary: "_Vocabulary",
    keep: int | None, ranks: np.ndarray | None = None,
) -> tuple[np.ndarray, np.ndarray, np.ndarray, np.ndarray]:
    """Sparse unit rows of ``weights`` times the keys' weights, each truncated to its
    ``keep`` strongest keys (ties broken by the keys themselves: ``ranks`` gives each
    key's place in their sorted order, computed when missing), columns sorted: CSR
    ``(indptr, columns, values, labels)``. Each row is computed on its own, so a batch
    of one row gives that row exactly as a batch of many does."""
    values = vocabulary.weight(ids) * weights
    entry_ranks = np.zeros(0, dtype=np.int64)  # read only where a row is cut
    if keep is not None and len(indptr) > 1 and np.diff(indptr).max() > keep:
        entry_ranks = ranks[ids] if ranks is not None else vocabulary.rank_of(ids)
    return kernels.unit_rows(np.asarray(indptr, dtype=np.int64), np.asarray(ids, dtype=np.int32),
                             np.asarray(values, dtype=np.float64), np.asarray(labels, dtype=np.int32),
                             entry_ranks.astype(np.int64, copy=False), -1 if keep is None else keep)


class SimilarityIndex:
    """Ranked, explained neighbours for every document of an archive.

    >>> index = SimilarityIndex().fit(documents)          # doctest: +SKIP
    >>> index.neighbours("article-17", k=5)                # doctest: +SKIP

    One thread at a time: the index is not safe to change from two threads, nor while
    ``iter_neighbours`` is being read (its lists are computed ahead in threads).

    Args:
        config: weights and parameters; ``Config()`` when omitted.
    """

    def __init__(self, config: Config | None = None) -> None:
        self.config = config if config is not None else Config()
        if not isinstance(self.config, Config):
            raise TypeError(f"config must be a trendwatch.similar.Config, got {type(self.config).__name__}")
        self._encoder = None
        self._reset(CorpusStatistics(0, 0.0, MappingProxyType({}), MappingProxyType({})))

    # -- state -------------------------------------------------------------------------

    def _reset(self, statistics: CorpusStatistics) -> None:
        self._statistics = statistics
        self._terms = _Vocabulary()
        self._names = _Vocabulary()
        self._use_statistics(statistics)
        self._surfaces = _Interned()
        self._categories = _Interned()
        self._ids: list[str | None] = []
        self._row_of: dict[str, int] = {}
        self._lexical = GrowingRows()
        self._name_rows = GrowingRows()
        self._key_rows = GrowingRows()  # key terms of each row, candidate lists only
        self._embeddings = np.zeros((0, 0))
        self._day = np.zeros(0)
        self._trend = np.zeros(0, dtype=np.int64)
        self._group = np.zeros(0, dtype=np.int64)
        self._alive = np.zeros(0, dtype=bool)
        self._top_rows = np.zeros((0, self.config.list_length), dtype=np.int64)
        self._top_scores = np.zeros((0, self.config.list_length))
        self._lists_ready = False
        self._changes_since_snapshot = 0
        self._ranked_forms: np.ndarray | None = None

    @property
    def statistics(self) -> CorpusStatistics:
        """The frozen corpus statistics in use (pass them to ``fit`` to reproduce these lists)."""
        return self._statistics

    @property
    def statistics_age(self) -> int:
        """Documents added, replaced or removed since the statistics snapshot was taken."""
        return self._changes_since_snapshot

    def __len__(self) -> int:
        return len(self._row_of)

    def __contains__(self, doc_id: object) -> bool:
        return doc_id in self._row_of

    def ids(self) -> list[str]:
        """The ids of all documents in the index, sorted."""
        return sorted(self._row_of)

    # -- building ------------------------------------------------------------------------

    def fit(
        self,
        documents: Iterable[Document],
        statistics: CorpusStatistics | None = None,
        progress: Progress | None = None,
    ) -> "SimilarityIndex":
        """Index ``documents`` from scratch, replacing whatever the index held.

        Args:
            documents: the archive; ids must be unique.
            statistics: corpus statistics to use instead of computing them from
                ``documents`` [None: computed]. Passing ``other.statistics`` reproduces
                ``other``'s lists exactly.
            progress: ``callable(done, total)`` called while documents are analysed [None].

        Neighbour lists are computed on first use (``all_neighbours`` reports progress).
        """
        documents = list(documents)
        seen: set[str] = set()
        for position, document in enumerate(documents):
            if not isinstance(document, Document):
                raise TypeError(f"fit(): item {position} is a {type(document).__name__}, not a Document")
            if document.id in seen:
                raise ValueError(f"fit(): document id {document.id!r} appears more than once")
            seen.add(document.id)

        if statistics is not None and not isinstance(statistics, CorpusStatistics):
            raise TypeError(f"fit(): statistics must be CorpusStatistics, got {type(statistics).__name__}")
        # Every part of the index is replaced, never changed in place: a fit that fails (an
        # encoder error, a progress callback that raises, Ctrl-C) puts the old parts back.
        before = dict(vars(self))
        try:
            self._fit(documents, statistics, progress)
        except BaseException:
            vars(self).clear()
            vars(self).update(before)
            raise
        return self

    def _fit(self, documents: list[Document], statistics: CorpusStatistics | None, progress: Progress | None) -> None:
        self._reset(statistics or CorpusStatistics(0, 0.0, MappingProxyType({}), MappingProxyType({})))
        parts = []
        numberings: dict[int, tuple[np.ndarray, np.ndarray, np.ndarray]] = {}
        done = 0
        for chunk in self._analyse(documents):
            parts.append(self._numbered(chunk, numberings))
            done += len(chunk.lengths)
            if progress is not None:
                progress(done, len(documents))
        if statistics is None:
            self._use_statistics(self._count_statistics(parts))

        for row, document in enumerate(documents):
            self._row_of[document.id] = row
            self._ids.append(document.id)
        self._name_rows = GrowingRows.from_arrays(*self._name_rows_of(_CountArrays.joined(parts, terms=False)))
        # The counts of a large archive are let go, slice by slice, as its rows are made:
        # the two never sit in memory together.
        self._fit_rows(parts)
        del parts
        self._grow_metadata(len(documents))
        for row, document in enumerate(documents):
            self._set_metadata(row, document)
        if self.config.semantic_model is not None:
            self._embeddings = self._encode(documents)

    def _analyse(self, documents: list[Document]) -> Iterator[CountedDocuments]:
        """Counts of ``documents`` in order, a chunk at a time; text analysis is most of a fit,
        so a large archive is analysed on every core (numbering the terms of the whole archive
        stays here: it must be sequential)."""
        global _forked_job
        workers = self._workers(len(documents))
        if workers == 1:
            counter = FeatureCounter()
            for start in range(0, len(documents), _ANALYSIS_CHUNK):
                yield counter.count(documents[start : start + _ANALYSIS_CHUNK], self.config)
            # The words of the archive are known now: documents added later are counted
            # with them instead of learning every word again.
            adopt_counter(counter)
            return
        _forked_job = (documents, self.config, object())
        # The compiled word finder is loaded (or compiled) here once, before the workers
        # are forked, instead of in each of them.
        FeatureCounter().count(documents[:1], self.config)
        # The workers get a few chunks at a time, so that finished ones never pile up
        # waiting to be numbered.
        wave = _ANALYSIS_CHUNK * workers * 16
        try:
            with multiprocessing.get_context("fork").Pool(workers) as pool:
                for first in range(0, len(documents), wave):
                    chunks = range(first, min(first + wave, len(documents)), _ANALYSIS_CHUNK)
                    yield from pool.imap(_count_forked_chunk, chunks)
        finally:
            _forked_job = None

    def _workers(self, rows: int) -> int:
        """Processes to share a job over ``rows`` documents: 1 unless the archive is large and
        this process may fork. Forking a process that runs other threads (a browser driver, a
        threaded server) can leave the children waiting forever on locks those threads held."""
        workers = self.config.workers or os.cpu_count() or 1
        can_fork = "fork" in multiprocessing.get_all_start_methods() and threading.active_count() == 1
        return workers if workers > 1 and rows >= _PARALLEL_ROWS and can_fork else 1

    def _threads(self, rows: int) -> int:
        """Threads to share the lists and reasons of ``rows`` documents: 1 unless the archive is large."""
        threads = self.config.workers or os.cpu_count() or 1
        return threads if rows >= _PARALLEL_ROWS else 1

    def _use_statistics(self, statistics: CorpusStatistics) -> None:
        self._statistics = statistics
        self._candidates = statistics.document_count > self.config.exact_lists_up_to
        self._terms.use(statistics.term_frequencies, statistics.document_count)
        self._names.use(statistics.name_frequencies, statistics.document_count)

    def _numbered(self, chunk: CountedDocuments, numberings: dict) -> _CountArrays:
        """The chunk's counts with keys and display forms numbered in this index.

        ``numberings`` maps each analysing process to the index's numbers of the keys and
        forms it has numbered so far; a chunk brings only the ones new to its process.
        """
        known = numberings.get(chunk.process)
        if known is None:
            known = numberings[chunk.process] = (Growing(np.int32), Growing(np.int32), Growing(np.int32))
        known[0].extend(self._terms.numbers(chunk.term_keys))
        known[1].extend(self._names.numbers(chunk.name_keys))
        known[2].extend(self._surfaces.numbers(chunk.surfaces))
        terms, names, labels = (numbers.array for numbers in known)
        return _CountArrays(
            chunk.lengths, chunk.term_offsets, terms[chunk.term_local], chunk.term_frequencies,
            labels[chunk.term_labels], chunk.name_offsets, names[chunk.name_local], chunk.name_weights,
            labels[chunk.name_labels],
        )

    def _document_counts(self, document: Document) -> _CountArrays:
        """The counts of one document, numbered in this index (its new keys are added)."""
        counter = shared_counter()
        counted = counter.count([document], self.config)
        number = self._surfaces.number
        forms = counter.form_list
        return _CountArrays(
            counted.lengths, counted.term_offsets,
            self._terms.ensure([counter.term_list[t] for t in counted.term_local.tolist()]),
            counted.term_frequencies,
            np.array([number(forms[f]) for f in counted.term_labels.tolist()], dtype=np.int32),
            counted.name_offsets,
            self._names.ensure([counter.name_list[n] for n in counted.name_local.tolist()]),
            counted.name_weights,
            np.array([number(forms[f]) for f in counted.name_labels.tolist()], dtype=np.int32),
        )

    def _count_statistics(self, parts: list[_CountArrays]) -> CorpusStatistics:
        def frequencies(vocabulary: _Vocabulary, name: str) -> MappingProxyType:
            per_key = np.zeros(len(vocabulary.keys), dtype=np.int64)
            for part in parts:
                per_key += np.bincount(getattr(part, name), minlength=len(vocabulary.keys))
            present = np.flatnonzero(per_key)
            keys = vocabulary.keys
            return MappingProxyType({keys[key]: f for key, f in zip(present.tolist(), per_key[present].tolist())})

        lengths = np.concatenate([part.lengths for part in parts]) if parts else np.zeros(0)
        # Summed one by one, in order, as the lengths of a plain list would be.
        average = sum(lengths.tolist()) / len(lengths) if len(lengths) else 0.0
        return CorpusStatistics(
            len(lengths), average, frequencies(self._terms, "term_ids"), frequencies(self._names, "name_ids")
        )

    def _lexical_rows_of(self, counts: _CountArrays, ranks: np.ndarray | None = None):
        """CSR lexical rows of ``counts``: BM25-saturated, key-weighted, truncated unit rows."""
        config = self.config
        lengths = counts.lengths
        average = self._statistics.average_length or 1.0
        document_length = np.repeat(lengths, np.diff(counts.term_offsets))
        if not self._statistics.average_length:
            average = np.where(document_length > 0, document_length, 1.0)
        norm = config.bm25_k1 * (1 - config.bm25_b + config.bm25_b * document_length / average)
        tf = counts.term_frequencies
        saturated = tf * (config.bm25_k1 + 1) / (tf + norm)
        return _unit_rows(counts.term_offsets, counts.term_ids, saturated, counts.term_labels, self._terms,
                          config.max_terms_per_document, ranks)

    def _name_rows_of(self, counts: _CountArrays):
        return _unit_rows(counts.name_offsets, counts.name_ids, counts.name_weights, counts.name_labels,
                          self._names, None)

    # -- key terms (candidate lists) ---------------------------------------------------------

    def _key_columns(self, indptr: np.ndarray, columns: np.ndarray, values: np.ndarray,
                     ranks: np.ndarray) -> tuple[np.ndarray, np.ndarray]:
        """Key terms of the lexical rows ``(indptr, columns, values)``, as ``(indptr, columns)``
        with columns sorted within each row. ``ranks`` orders tied terms (per entry).

        A row's terms are taken by descending weight while the documents containing them
        (snapshot frequencies) add up to at most ``key_postings``, ``key_terms`` at most,
        always at least one.
        """
        config = self.config
        return kernels.key_columns(np.asarray(indptr, dtype=np.int64), np.asarray(columns, dtype=np.int32),
                                   np.asarray(values, dtype=np.float64), ranks.astype(np.int64, copy=False),
                                   self._terms.frequency(columns).astype(np.int64, copy=False),
                                   config.key_terms, config.key_postings)

    def _fit_rows(self, parts: list[_CountArrays]) -> None:
        """The lexical rows of a fit and, for candidate lists, their key terms, a slice of
        about ``_KEY_SLICE_ROWS`` documents at a time (on every core when the archive is
        large, in threads: the kernels release the GIL). Each slice's counts in ``parts`` are
        dropped once its rows are stored."""
        ranks = self._terms.rank()
        slices, first, documents = [], 0, 0
        for position, part in enumerate(parts):
            documents += len(part.lengths)
            if documents >= _KEY_SLICE_ROWS or position == len(parts) - 1:
                slices.append((first, position + 1))
                first, documents = position + 1, 0
        rows = sum(len(part.lengths) for part in parts)
        keep = self.config.max_terms_per_document
        capacity = sum(int(np.minimum(np.diff(part.term_offsets), keep).sum()) for part in parts)
        indptr = np.zeros(rows + 1, dtype=np.int64)
        columns = np.empty(capacity, dtype=np.int32)
        values = np.empty(capacity, dtype=np.float64)
        labels = np.empty(capacity, dtype=np.int32)
        key_parts = []
        row = end = 0
        # The vocabularies' weights and frequencies are filled in here, not by two threads at once.
        self._terms.weight(np.zeros(0, dtype=np.int64))
        self._terms.frequency(np.zeros(0, dtype=np.int64))
        made = _in_threads(lambda bounds: self._slice_rows(parts, *bounds, ranks), slices, self._threads(rows))
        for (first, last), result in zip(slices, made):
            part_indptr, part_columns, part_values, part_labels = result[:4]
            count = len(part_indptr) - 1
            start, end = end, end + len(part_columns)
            columns[start:end], values[start:end], labels[start:end] = part_columns, part_values, part_labels
            indptr[row + 1 : row + count + 1] = start + part_indptr[1:]
            row += count
            key_parts.append(result[4:])
            parts[first:last] = [None] * (last - first)
        self._lexical = GrowingRows.from_arrays(indptr, columns[:end], values[:end], labels[:end])
        if self._candidates:
            lengths = np.concatenate([np.zeros(0, np.int64)] + [np.diff(key_indptr) for key_indptr, _ in key_parts])
            key_columns = np.concatenate([np.zeros(0, np.int32)] + [key_columns for _, key_columns in key_parts])
            self._key_rows = GrowingRows.from_arrays(np.concatenate(([0], np.cumsum(lengths))), key_columns,
                                                     np.ones(len(key_columns)), np.zeros(len(key_columns), np.int32))

    def _slice_rows(self, parts: list[_CountArrays], first: int, last: int, ranks: np.ndarray) -> tuple:
        """``(indptr, columns, values, labels)`` of the lexical rows of the documents counted
        in ``parts[first:last]`` and, for candidate lists, ``(key indptr, key columns)``."""
        indptr, columns, values, labels = self._lexical_rows_of(_CountArrays.joined(parts[first:last]), ranks)
        if not self._candidates:
            return indptr, columns, values, labels
        return (indptr, columns, values, labels, *self._key_columns(indptr, columns, values, ranks[columns]))

    def _key_row(self, columns: np.ndarray, values: np.ndarray) -> tuple[np.ndarray, np.ndarray, np.ndarray]:
        """Key terms of one lexical row (ties ordered by the terms themselves)."""
        keys = self._terms.keys
        by_key = sorted(range(len(columns)), key=lambda i: keys[columns[i]])
        ranks = np.empty(len(columns), dtype=np.int64)
        ranks[by_key] = np.arange(len(columns))
        _, key_columns = self._key_columns(np.array([0, len(columns)]), columns, values, ranks)
        return key_columns, np.ones(len(key_columns)), np.zeros(len(key_columns), dtype=np.int32)

    def _candidate_mask(self, row: int) -> np.ndarray:
        """Rows that are candidates of ``row``: they contain one of its key terms, or it
        contains one of theirs."""
        columns = self._lexical.row(row)[0]
        key_columns = self._key_rows.row(row)[0]
        mask = self._key_rows.dot(columns, np.ones(len(columns))) > 0
        mask |= self._lexical.dot(key_columns, np.ones(len(key_columns))) > 0
        return mask

    def _list_scores(self, row: int) -> np.ndarray:
        """Scores of ``row`` against every row as its list sees them: 0 outside its candidates."""
        scores = self._row_scores(row)
        if self._candidates:
            scores[~self._candidate_mask(row)] = 0.0
        return scores

    def _grow_metadata(self, rows: int) -> None:
        missing = rows - len(self._alive)
        if missing <= 0:
            return
        self._day = np.concatenate((self._day, np.full(missing, np.nan)))
        self._trend = np.concatenate((self._trend, np.full(missing, -1)))
        self._group = np.concatenate((self._group, np.full(missing, -1)))
        self._alive = np.concatenate((self._alive, np.zeros(missing, dtype=bool)))
        self._top_rows = np.concatenate((self._top_rows, np.full((missing, self.config.list_length), -1)))
        self._top_scores = np.concatenate((self._top_scores, np.zeros((missing, self.config.list_length))))

    def _set_metadata(self, row: int, document: Document) -> None:
        self._day[row] = document.published.toordinal() if document.published else np.nan
        self._trend[row] = self._categories.number("trend:" + document.trend) if document.trend else -1
        group = document.translation_group
        self._group[row] = self._categories.number("group:" + group) if group else -1
        self._alive[row] = True

    # -- semantic signal -------------------------------------------------------------------

    def _encode(self, documents: list[Document]) -> np.ndarray:
        from .semantic import document_text, load_encoder

        if self._encoder is None:
            self._encoder = load_encoder(self.config.semantic_model)
        # Kept in float64: float32 products summed in different orders (a block of rows
        # against all, one row against all) differ by more than the rounding of scores
        # hides, and add/remove would no longer equal a fit.
        return np.asarray(self._encoder([document_text(d) for d in documents]), dtype=np.float64)

    @property
    def _semantic(self) -> bool:
        return self.config.semantic_model is not None

    # -- scoring -------------------------------------------------------------------------

    def _weights_total(self) -> float:
        config = self.config
        return config.lexical_weight + config.names_weight + (config.semantic_weight if self._semantic else 0.0)

    def _context(self, queries: np.ndarray, candidates: np.ndarray) -> tuple[np.ndarray, np.ndarray]:
        """Per pair: (same-trend indicator, time closeness in [0, 1], 0 when a date is missing)."""
        same_trend = (self._trend[queries] == self._trend[candidates]) & (self._trend[queries] >= 0)
        days = np.abs(self._day[queries] - self._day[candidates])
        closeness = np.where(np.isnan(days), 0.0, np.exp2(-np.nan_to_num(days) / self.config.time_half_life_days))
        return same_trend, closeness

    def _fuse(self, queries: np.ndarray, candidates: np.ndarray, content: np.ndarray) -> np.ndarray:
        """Final scores of pairs from their content score; excluded pairs score 0."""
        config = self.config
        same_trend, closeness = self._context(queries, candidates)
        factor = 1.0 + config.trend_boost * same_trend + config.time_boost * closeness
        scores = np.round(content * factor, SCORE_DECIMALS)
        excluded = (
            (queries == candidates)
            | ~self._alive[candidates]
            | ((self._group[queries] == self._group[candidates]) & (self._group[queries] >= 0))
        )
        scores[excluded] = 0.0
        return scores

    def _row_scores(self, row: int) -> np.ndarray:
        """Score of ``row`` against every row (dense; 0 for excluded rows)."""
        config = self.config
        content = config.lexical_weight * self._lexical.dot(*self._lexical.row(row)[:2])
        if config.names_weight:
            content += config.names_weight * self._name_rows.dot(*self._name_rows.row(row)[:2])
        if self._semantic:
            content += config.semantic_weight * np.maximum(self._embeddings @ self._embeddings[row], 0)
        content /= self._weights_total()
        candidates = np.arange(len(content))
        return self._fuse(np.full(len(content), row), candidates, content)

    def _pair_contents(self, rows: np.ndarray, arrays: tuple,
                       places: np.ndarray | None = None) -> tuple[np.ndarray, np.ndarray, np.ndarray]:
        """(query position, candidate row, content score) of the pairs of ``rows`` that can
        be listed: every pair with content (exact lists), or every candidate pair with a
        shared term or name (candidate lists; with ``places``, only candidates placed at
        or after their query); grouped by query position."""
        config = self.config
        weights = (config.lexical_weight, config.names_weight)
        if self._candidates:
            if places is None:
                places = np.zeros(len(self._alive), dtype=np.int64)
            positions, candidates, values = kernels.candidate_contents(rows, *arrays, *weights, len(self._alive),
                                                                       len(self._terms.keys), len(self._names.keys),
                                                                       places)
            if self._semantic:
                for start in range(0, len(values), 100_000):
                    part = slice(start, start + 100_000)
                    similarity = np.einsum(
                        "ij,ij->i", self._embeddings[rows[positions[part]]], self._embeddings[candidates[part]]
                    )
                    values[part] += config.semantic_weight * np.maximum(similarity, 0)
        else:
            positions, candidates, values = kernels.all_pair_contents(rows, *arrays, *weights, len(self._alive))
            if self._semantic:
                dense = np.zeros((len(rows), len(self._alive)))
                dense[positions, candidates] = values
                dense += config.semantic_weight * np.maximum(self._embeddings[rows] @ self._embeddings.T, 0)
                positions, candidates = np.nonzero(dense)
                values = dense[positions, candidates]
        return positions, candidates, values / self._weights_total()

    def _top(self, candidates: np.ndarray, scores: np.ndarray, k: int) -> tuple[np.ndarray, np.ndarray]:
        """The best ``k`` positive-scoring candidates, best first, ties by id."""
        positive = scores > 0
        candidates, scores = candidates[positive], scores[positive]
        if len(scores) > k:
            threshold = np.partition(scores, len(scores) - k)[len(scores) - k]
            kept = scores >= threshold
            candidates, scores = candidates[kept], scores[kept]
        order = sorted(range(len(scores)), key=lambda i: (-scores[i], self._ids[candidates[i]]))[:k]
        return candidates[order], scores[order]

    def _list_arrays(self) -> tuple[tuple, int]:
        """The CSR arrays the pair kernels read, and the query rows of a block."""
        terms, names = len(self._terms.keys), len(self._names.keys)
        lexical, lexical_t = self._lexical.matrix(terms), self._lexical.transposed(terms)
        name_rows, names_t = self._name_rows.matrix(names), self._name_rows.transposed(names)
        if self._candidates:
            keys, keys_t = self._key_rows.matrix(terms), self._key_rows.transposed(terms)
            arrays = (lexical.indptr, lexical.indices, lexical.data, lexical_t.indptr, lexical_t.indices,
                      keys.indptr, keys.indices, keys_t.indptr, keys_t.indices,
                      name_rows.indptr, name_rows.indices, name_rows.data)
            return arrays, _CANDIDATE_BLOCK_ROWS
        arrays = (lexical.indptr, lexical.indices, lexical.data, lexical_t.indptr, lexical_t.indices,
                  lexical_t.data, name_rows.indptr, name_rows.indices, name_rows.data, names_t.indptr,
                  names_t.indices, names_t.data)
        pairs_per_block = _DENSE_BLOCK_PAIRS if self._semantic else _SPARSE_BLOCK_PAIRS
        return arrays, int(max(1, min(_BLOCK_ROWS, pairs_per_block // max(1, len(self._alive)))))

    def _compute_lists(self, rows: np.ndarray, k: int, progress: Progress | None = None):
        """Yield ``(row, neighbour rows, scores)`` for ``rows``, block by block, the blocks
        shared over threads (``Config.workers``) when the archive is large enough to pay for it."""
        arrays, block = self._list_arrays()
        blocks = [rows[start : start + block] for start in range(0, len(rows), block)]
        limits, id_ranks = self._exclusion_limits(), self._id_ranks()
        done = 0
        lists = _in_threads(lambda block_rows: self._block_lists(block_rows, arrays, limits, id_ranks, k), blocks,
                            self._threads(len(rows)))
        for block_rows, (top_rows, top_scores, counts) in zip(blocks, lists):
            for row, listed, scores, count in zip(block_rows.tolist(), top_rows, top_scores, counts.tolist()):
                yield row, listed[:count], scores[:count]
            done += len(block_rows)
            if progress is not None:
                progress(done, len(rows))

    def _block_lists(self, block_rows: np.ndarray, arrays: tuple, limits: tuple[np.ndarray, int],
                     id_ranks: np.ndarray, k: int) -> tuple[np.ndarray, np.ndarray, np.ndarray]:
        """Top-``k`` lists of ``block_rows``: ``(rows, scores, lengths)``, one row each, padded
        with -1 and 0."""
        positions, candidates, content = self._pair_contents(block_rows, arrays)
        bounds = np.searchsorted(positions, np.arange(len(block_rows) + 1))
        # Fusing every pair of a large archive costs more than finding the lists, so only
        # pairs that can still make a list are fused. The context factor lies between 1
        # and ``max_factor``, so once ``k`` allowed candidates have content ``c`` or more,
        # no pair whose content times ``max_factor`` stays below ``c`` can enter (the
        # margin covers the rounding of scores). Excluded candidates (the row itself, its
        # translations, removed rows) are at most ``excluded_at_most`` per row, so the
        # k-th allowed content is at least the ``k + excluded_at_most``-th of all.
        config = self.config
        max_factor = 1.0 + config.trend_boost + config.time_boost
        needed = k + self._excluded_at_most(self._group[block_rows], limits)
        kept = kernels.kept_for_lists(bounds, content, needed, max_factor, _PRUNING_MARGIN)
        positions, candidates = positions[kept], candidates[kept]
        scores = self._fuse(block_rows[positions], candidates, content[kept])
        # Best first, ties by id: the first ``k`` positive scores of each row.
        positive = scores > 0
        positions, candidates, scores = positions[positive], candidates[positive], scores[positive]
        order = np.lexsort((id_ranks[candidates], -scores, positions))
        positions, candidates, scores = positions[order], candidates[order], scores[order]
        places = np.arange(len(positions)) - np.searchsorted(positions, positions)
        listed = places < k
        top_rows = np.full((len(block_rows), k), -1, dtype=np.int64)
        top_scores = np.zeros((len(block_rows), k))
        top_rows[positions[listed], places[listed]] = candidates[listed]
        top_scores[positions[listed], places[listed]] = scores[listed]
        return top_rows, top_scores, np.bincount(positions[listed], minlength=len(block_rows))

    def _id_ranks(self) -> np.ndarray:
        """Each row's place in the order of the ids (as Python orders the strings)."""
        ids = self._ids
        ranks = np.empty(len(ids), dtype=np.int64)
        ranks[sorted(range(len(ids)), key=ids.__getitem__)] = np.arange(len(ids))
        return ranks

    def _exclusion_limits(self) -> tuple[np.ndarray, int]:
        """(live rows per translation group, removed rows): what bounds each row's exclusions."""
        grouped = self._group[self._alive]
        sizes = np.bincount(grouped[grouped >= 0], minlength=len(self._categories.strings) + 1)
        return sizes, int((~self._alive).sum())

    @staticmethod
    def _excluded_at_most(groups: np.ndarray, limits: tuple[np.ndarray, int]) -> np.ndarray:
        """Per row of translation ``groups``, how many rows its list may not contain: itself,
        its translations and removed rows."""
        sizes, removed = limits
        return np.where(groups >= 0, sizes[np.maximum(groups, 0)], 1) + removed

    def _store(self, row: int, top_rows: np.ndarray, top_scores: np.ndarray) -> None:
        self._top_rows[row] = -1
        self._top_scores[row] = 0.0
        self._top_rows[row, : len(top_rows)] = top_rows
        self._top_scores[row, : len(top_scores)] = top_scores

    def _ensure_lists(self, progress: Progress | None = None) -> None:
        if self._lists_ready:
            return
        alive_rows = np.flatnonzero(self._alive)
        if self._candidates:
            self._candidate_lists(self._in_key_order(alive_rows), progress)
        else:
            for row, top_rows, top_scores in self._compute_lists(alive_rows, self.config.list_length, progress):
                self._store(row, top_rows, top_scores)
        self._lists_ready = True

    def _candidate_lists(self, rows: np.ndarray, progress: Progress | None = None) -> None:
        """Store the candidate lists of ``rows``, scoring each candidate pair once: from
        the side that comes first in ``rows``, entering the pair into both lists (scores
        and the candidate relation are symmetric). Each thread keeps lists of its own,
        merged at the end; the lists are then those ``_compute_lists`` gives row by row."""
        arrays, block = self._list_arrays()
        blocks = [rows[start : start + block] for start in range(0, len(rows), block)]
        places = np.full(len(self._alive), -1, dtype=np.int64)  # rows not listed come first: never scored
        places[rows] = np.arange(len(rows))
        limits, id_ranks = self._exclusion_limits(), self._id_ranks()
        threads = self._threads(len(rows))
        shape = (len(self._alive), self.config.list_length)
        unused = [(np.full(shape, -1, dtype=np.int64), np.zeros(shape)) for _ in range(threads)]
        lists = list(unused)
        taking, own = threading.Lock(), threading.local()

        def enter_block(block_rows: np.ndarray) -> int:
            if not hasattr(own, "lists"):
                with taking:
                    own.lists = unused.pop()
            self._enter_block(block_rows, arrays, places, limits, id_ranks, *own.lists)
            return len(block_rows)

        done = 0
        for count in _in_threads(enter_block, blocks, threads):
            done += count
            if progress is not None:
                progress(done, len(rows))
        list_rows, list_scores = lists[0]
        for other_rows, other_scores in lists[1:]:
            kernels.merge_lists(list_rows, list_scores, other_rows, other_scores, id_ranks)
        self._top_rows[rows], self._top_scores[rows] = list_rows[rows], list_scores[rows]

    def _enter_block(self, block_rows: np.ndarray, arrays: tuple, places: np.ndarray,
                     limits: tuple[np.ndarray, int], id_ranks: np.ndarray, list_rows: np.ndarray,
                     list_scores: np.ndarray) -> None:
        """Score the pairs of ``block_rows`` with the candidates placed after them and enter
        those that can still make a list into both rows' lists (``list_rows``, ``list_scores``)."""
        positions, candidates, content = self._pair_contents(block_rows, arrays, places)
        bounds = np.searchsorted(positions, np.arange(len(block_rows) + 1))
        # A pair is fused only if it can still enter the query's list (as in ``_block_lists``:
        # a subset of its candidates bounds the list from below too) or the candidate's.
        config = self.config
        max_factor = 1.0 + config.trend_boost + config.time_boost
        needed = config.list_length + self._excluded_at_most(self._group[block_rows], limits)
        kept = kernels.kept_for_lists(bounds, content, needed, max_factor, _PRUNING_MARGIN)
        kept |= kernels.may_enter(candidates, content, max_factor, _PRUNING_MARGIN, list_scores)
        queries, candidates = block_rows[positions[kept]], candidates[kept]
        scores = self._fuse(queries, candidates, content[kept])
        positive = scores > 0
        kernels.enter_pairs(list_rows, list_scores, queries[positive], candidates[positive], scores[positive], id_ranks)

    def _in_key_order(self, rows: np.ndarray) -> np.ndarray:
        """``rows`` ordered by their most common key term, so that the rows of a block share
        many candidates (the union a block is scored against stays small)."""
        keys = self._key_rows.matrix(len(self._terms.keys))
        lengths = np.diff(keys.indptr)
        row_of = np.repeat(np.arange(keys.shape[0]), lengths)
        frequency = self._terms.frequency(keys.indices)
        order = np.lexsort((keys.indices, frequency, row_of))
        group = np.full(keys.shape[0], -1, dtype=np.int64)
        last_of_row = keys.indptr[1:][lengths > 0] - 1
        group[lengths > 0] = keys.indices[order[last_of_row]]
        return rows[np.lexsort((rows, group[rows]))]

    def _recompute_list(self, row: int) -> None:
        top_rows, top_scores = self._top(np.arange(len(self._alive)), self._list_scores(row), self.config.list_length)
        self._store(row, top_rows, top_scores)

    # -- explaining ----------------------------------------------------------------------

    def _form_ranks(self, labels: np.ndarray) -> np.ndarray:
        """Per display form (by number), a place in string order that holds among the forms
        ``labels`` (any order that sorts them as strings do)."""
        strings = self._surfaces.strings
        unique = np.unique(labels)
        forms = [strings[label] for label in unique.tolist()]
        ranks = np.zeros(len(strings), dtype=np.int64)
        ranks[unique[sorted(range(len(forms)), key=forms.__getitem__)]] = np.arange(len(forms))
        return ranks

    def _rank_forms(self) -> None:
        """Rank every display form once, before many lists are explained."""
        strings = self._surfaces.strings
        ranks = np.empty(len(strings), dtype=np.int64)
        ranks[np.argsort(np.array(strings, dtype=str), kind="stable")] = np.arange(len(strings))
        self._ranked_forms = ranks

    def _shared(self, store: GrowingRows, width: int, queries: np.ndarray, others: np.ndarray,
                limit: int) -> tuple[np.ndarray, np.ndarray, np.ndarray]:
        """Per pair ``(queries[i], others[i])``: the cosine of their rows in ``store`` (rows
        of ``width`` columns), and the display forms (labels, as in the query's row) of the
        ``limit`` shared keys with the largest products, ties by form: ``(cosines, labels,
        bounds)`` with pair ``i``'s labels at ``labels[bounds[i]:bounds[i + 1]]``, strongest
        first."""
        indptr, columns, values, labels, places = store.arrays_for(np.concatenate((queries, others)))
        ranks = self._ranked_forms
        if ranks is None or len(ranks) != len(self._surfaces.strings):
            ranks = self._form_ranks(store.gather(np.unique(queries))[3])
        return kernels.shared_keys(places[: len(queries)], places[len(queries) :], indptr, columns, values, labels,
                                   ranks, limit, width)

    def _pair_reasons(self, queries: np.ndarray, others: np.ndarray, scores: np.ndarray) -> tuple:
        """What the ``Neighbour`` objects of listed pairs ``(queries[i], others[i])`` are made
        of, as arrays (made in threads without the GIL); ``_neighbours_from`` makes them."""
        config = self.config
        total = self._weights_total()
        same_trend, closeness = self._context(queries, others)
        days = np.abs(self._day[others] - self._day[queries])
        limit = config.reason_terms
        lexical, term_labels, term_bounds = self._shared(self._lexical, len(self._terms.keys), queries, others, limit)
        names, name_labels, name_bounds = self._shared(self._name_rows, len(self._names.keys), queries, others, limit)
        # Each signal's part, added up in the order of ``Reasons.contributions``.
        parts = [config.lexical_weight * lexical / total, config.names_weight * names / total]
        if self._semantic:
            similarity = np.einsum("ij,ij->i", self._embeddings[queries], self._embeddings[others])
            parts.append(config.semantic_weight * np.maximum(similarity, 0.0) / total)
        content = parts[0] + parts[1]
        if self._semantic:
            content = content + parts[2]
        parts.append(content * config.trend_boost * same_trend.astype(np.float64))
        parts.append(content * config.time_boost * closeness)
        whole = parts[0] + parts[1]
        for part in parts[2:]:
            whole = whole + part
        with np.errstate(divide="ignore", invalid="ignore"):
            shares = np.where(whole[:, None] != 0, np.stack(parts, axis=1) / whole[:, None], 0.0)
        return (others, np.asarray(scores, dtype=np.float64), shares, same_trend, days,
                term_labels, term_bounds, name_labels, name_bounds)

    def _neighbours_from(self, reasons: tuple) -> list[Neighbour]:
        """``Neighbour`` objects from ``_pair_reasons``."""
        others, scores, shares, same_trend, days, term_labels, term_bounds, name_labels, name_bounds = reasons
        strings, ids = self._surfaces.strings, self._ids
        signals = ("lexical", "names", "semantic", "trend", "time") if self._semantic \
            else ("lexical", "names", "trend", "time")
        # Many small objects and no cycles among them: the cyclic garbage collector,
        # which would scan the whole heap again and again meanwhile, waits.
        collecting = gc.isenabled()
        gc.disable()
        try:
            term_forms = [strings[label] for label in term_labels.tolist()]
            name_forms = [strings[label] for label in name_labels.tolist()]
            bounds = term_bounds.tolist()
            terms = [tuple(term_forms[first:last]) for first, last in zip(bounds, bounds[1:])]
            bounds = name_bounds.tolist()
            names = [tuple(name_forms[first:last]) for first, last in zip(bounds, bounds[1:])]
            contributions = [dict(zip(signals, row)) for row in _rounded(shares, 4).tolist()]
            apart = [None if value != value else int(value) for value in days.tolist()]  # NaN: a date is missing
            return [
                Neighbour(ids[other], score, Reasons(shared_terms, shared_names, same, days_apart, parts))
                for other, score, shared_terms, shared_names, same, days_apart, parts in zip(
                    others.tolist(), scores.tolist(), terms, names, same_trend.tolist(), apart, contributions
                )
            ]
        finally:
            if collecting:
                gc.enable()

    def _explain_pairs(self, queries: np.ndarray, others: np.ndarray, scores: np.ndarray) -> list[Neighbour]:
        """``Neighbour`` objects, with reasons, for listed pairs ``(queries[i], others[i])``."""
        if len(others) == 0:
            return []
        return self._neighbours_from(self._pair_reasons(queries, others, scores))

    def _neighbours_of(self, row: int, others: np.ndarray, scores: np.ndarray) -> list[Neighbour]:
        """``Neighbour`` objects, with reasons, for the listed ``others`` of ``row``."""
        listed = np.asarray(others) >= 0
        others = np.asarray(others)[listed].astype(np.int64)
        return self._explain_pairs(np.full(len(others), row, dtype=np.int64), others, np.asarray(scores)[listed])

    def _row(self, doc_id: str) -> int:
        row = self._row_of.get(doc_id)
        if row is None:
            raise KeyError(f"no document with id {doc_id!r} in the similarity index")
        return row

    # -- queries -------------------------------------------------------------------------

    def neighbours(self, doc_id: str, k: int = 10) -> list[Neighbour]:
        """The ``k`` most similar documents to ``doc_id``, best first, with reasons.

        Never the document itself nor its translations; only documents with something
        in common (score > 0), so the list may be shorter than ``k``.
        """
        k = _checked_k(k)
        row = self._row(doc_id)
        if k <= self.config.list_length and self._lists_ready:
            top_rows, top_scores = self._top_rows[row], self._top_scores[row]
        else:
            top_rows, top_scores = self._top(np.arange(len(self._alive)), self._list_scores(row), k)
        return self._neighbours_of(row, top_rows[:k], top_scores[:k])

    def all_neighbours(self, k: int = 10, progress: Progress | None = None) -> dict[str, list[Neighbour]]:
        """Neighbour lists of every document, keyed by id in id order.

        Args:
            k: neighbours per document [10].
            progress: ``callable(done, total)`` called as lists are computed [None].
        """
        return dict(self.iter_neighbours(k, progress))

    def iter_neighbours(self, k: int = 10, progress: Progress | None = None) -> Iterator[tuple[str, list[Neighbour]]]:
        """``(id, neighbour list)`` of every document in id order, made one at a time.

        The same lists as ``all_neighbours`` without holding all of them at once: a
        large archive's lists, with their reasons, take more memory than the index.

        Args:
            k: neighbours per document [10].
            progress: ``callable(done, total)`` called as lists are computed [None].
        """
        k = _checked_k(k)
        rows = np.array(sorted(self._row_of.values(), key=lambda r: self._ids[r]), dtype=np.int64)
        if k <= self.config.list_length:
            self._ensure_lists(progress)
            self._rank_forms()
            try:
                chunks = [rows[start : start + _EXPLAINED_CHUNK] for start in range(0, len(rows), _EXPLAINED_CHUNK)]
                explained = _in_threads(lambda chunk: self._listed_reasons(chunk, k), chunks,
                                        self._threads(len(rows)))
                for chunk, (counts, reasons) in zip(chunks, explained):
                    yield from self._lists_from(chunk, counts, reasons)
            finally:
                self._ranked_forms = None
            return
        else:
            # No list is longer than the archive: a huge k must not size the blocks' arrays.
            listed = self._compute_lists(rows, min(k, max(1, len(self._alive))), progress)
        for row, top_rows, top_scores in listed:
            yield self._ids[row], self._neighbours_of(row, top_rows[:k], top_scores[:k])

    def _listed_reasons(self, rows: np.ndarray, k: int) -> tuple[np.ndarray, tuple | None]:
        """Per row of ``rows``, how many neighbours its stored list has, and the
        ``_pair_reasons`` of all of them."""
        top_rows, top_scores = self._top_rows[rows, :k], self._top_scores[rows, :k]
        listed = top_rows >= 0
        counts = listed.sum(axis=1)
        if not counts.any():
            return counts, None
        return counts, self._pair_reasons(np.repeat(rows, counts), top_rows[listed].astype(np.int64),
                                          top_scores[listed])

    def _lists_from(self, rows: np.ndarray, counts: np.ndarray, reasons: tuple | None):
        neighbours = self._neighbours_from(reasons) if reasons is not None else []
        bounds = np.concatenate(([0], np.cumsum(counts))).tolist()
        return [(self._ids[row], neighbours[bounds[p] : bounds[p + 1]]) for p, row in enumerate(rows.tolist())]

    def compare(self, first_id: str, second_id: str) -> Neighbour:
        """Score and reasons of one pair, as ``neighbours`` would give them (score 0 when excluded)."""
        row, other = self._row(first_id), self._row(second_id)
        score = self._row_scores(row)[other]
        return self._neighbours_of(row, np.array([other]), np.array([score]))[0]

    # -- incremental -----------------------------------------------------------------------

    def add(self, document: Document) -> set[str]:
        """Add ``document``, or replace the document with the same id.

        Returns the ids whose neighbour lists may have changed: the document itself,
        the documents whose lists it enters, and those that listed its previous version.
        """
        if not isinstance(document, Document):
            raise TypeError(f"add() needs a Document, got {type(document).__name__}")
        self._ensure_lists()
        # What may fail (the semantic model) comes before the first change to the index.
        embedding = self._encode([document]) if self._semantic else None
        counts = self._document_counts(document)
        stale: set[int] = set()
        if document.id in self._row_of:
            stale = self._drop(self._row_of[document.id])

        row = self._lexical.append(*self._lexical_rows_of(counts)[1:])
        self._name_rows.append(*self._name_rows_of(counts)[1:])
        if self._candidates:
            self._key_rows.append(*self._key_row(*self._lexical.row(row)[:2]))
        self._ids.append(document.id)
        self._row_of[document.id] = row
        self._grow_metadata(row + 1)
        self._set_metadata(row, document)
        if self._semantic:
            self._embeddings = np.vstack((self._embeddings, embedding)) if len(self._embeddings) else embedding
        self._changes_since_snapshot += 1

        scores = self._list_scores(row)
        self._store(row, *self._top(np.arange(len(scores)), scores, self.config.list_length))
        affected = {row} | stale
        # Only lists whose last entry scores no higher can take the new document.
        last = self._top_scores[: len(scores), -1]
        open_lists = self._top_rows[: len(scores), -1] < 0
        for other in np.flatnonzero((scores > 0) & ((scores >= last) | open_lists)).tolist():
            if other not in stale and self._enters(other, row, scores[other]):
                self._insert(other, row, scores[other])
                affected.add(other)
        # Lists that held the old version lost an entry whose replacement is unknown.
        for other in stale:
            self._recompute_list(other)
        affected_ids = {self._ids[r] for r in affected}
        self._compact_if_needed()
        return affected_ids

    def remove(self, doc_id: str) -> set[str]:
        """Remove ``doc_id``; return the ids of the documents that listed it (their lists change)."""
        self._ensure_lists()
        stale = self._drop(self._row(doc_id))
        self._changes_since_snapshot += 1
        for other in stale:
            self._recompute_list(other)
        affected_ids = {self._ids[r] for r in stale}
        self._compact_if_needed()
        return affected_ids

    def _drop(self, row: int) -> set[int]:
        """Forget ``row``; return the live rows whose lists contained it."""
        del self._row_of[self._ids[row]]
        self._alive[row] = False
        self._top_rows[row] = -1
        self._top_scores[row] = 0.0
        listing = np.flatnonzero((self._top_rows == row).any(axis=1) & self._alive)
        return set(listing.tolist())

    def _enters(self, other: int, row: int, score: float) -> bool:
        last_row = self._top_rows[other, -1]
        if last_row < 0:
            return True
        last_score = self._top_scores[other, -1]
        return score > last_score or (score == last_score and self._ids[row] < self._ids[last_row])

    def _insert(self, other: int, row: int, score: float) -> None:
        entries = [(r, s) for r, s in zip(self._top_rows[other], self._top_scores[other]) if r >= 0]
        entries.append((row, score))
        entries.sort(key=lambda entry: (-entry[1], self._ids[entry[0]]))
        entries = entries[: self.config.list_length]
        self._store(other, np.array([r for r, _ in entries]), np.array([s for _, s in entries]))

    def _compact_if_needed(self) -> None:
        """Fold added rows into the main matrices and drop removed ones once there are enough."""
        dead = len(self._alive) - len(self._row_of)
        waiting = self._lexical.delta_rows + dead
        if waiting < max(_MIN_COMPACTION_ROWS, _COMPACTION_SHARE * len(self._alive)):
            return
        keep = self._alive.copy()
        new_row = np.full(len(keep) + 1, -1, dtype=np.int64)  # last slot maps the -1 padding
        new_row[np.flatnonzero(keep)] = np.arange(int(keep.sum()))
        self._lexical = self._lexical.compact(keep)
        self._name_rows = self._name_rows.compact(keep)
        if self._candidates:
            self._key_rows = self._key_rows.compact(keep)
        if self._semantic:
            self._embeddings = self._embeddings[keep]
        self._ids = [doc_id for doc_id, kept in zip(self._ids, keep) if kept]
        self._row_of = {doc_id: row for row, doc_id in enumerate(self._ids)}
        self._day, self._trend, self._group = self._day[keep], self._trend[keep], self._group[keep]
        self._alive = self._alive[keep]
        self._top_rows = new_row[self._top_rows[keep]]
        self._top_scores = self._top_scores[keep]


# What forked workers work on (the documents to analyse); set only while a pool is running.
_forked_job = None


_worker_counter: tuple[object, FeatureCounter] | None = None


def _count_forked_chunk(start: int) -> CountedDocuments:
    global _worker_counter
    documents, config, job = _forked_job
    if _worker_counter is None or _worker_counter[0] is not job:
        _worker_counter = (job, FeatureCounter(os.getpid()))
    return _worker_counter[1].count(documents[start : start + _ANALYSIS_CHUNK], config)


def _rounded(values: np.ndarray, digits: int) -> np.ndarray:
    """``round(value, digits)`` of every value, as Python rounds them (the exact decimal
    value, half to even). Scaling and rounding in numpy gives the same but where the
    scaled value lies near a half, which is then left to Python."""
    scale = 10.0**digits
    scaled = values * scale
    rounded = np.rint(scaled) / scale
    near_half = np.abs(scaled - np.floor(scaled) - 0.5) < 1e-6
    for place in zip(*np.nonzero(near_half)):
        rounded[place] = round(float(values[place]), digits)
    return rounded


def _in_threads(function: Callable, items: list, threads: int) -> Iterator:
    """``function`` of each of ``items``, in order, computed by ``threads`` threads (the
    compiled kernels release the GIL) with a few items ahead of the consumer at most."""
    if threads <= 1:
        yield from map(function, items)
        return
    with ThreadPoolExecutor(threads) as pool:
        pending: deque = deque()
        for item in items:
            pending.append(pool.submit(function, item))
            if len(pending) > 2 * threads:
                yield pending.popleft().result()
        while pending:
            yield pending.popleft().result()


def _checked_k(k: int) -> int:
    """``k`` as an int; any integer type is taken (numpy's too), a bool or a fraction is not."""
    if isinstance(k, bool) or not isinstance(k, numbers.Integral) or k < 1:
        raise ValueError(f"k must be a positive integer, got {k!r}")
    return int(k)
