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

import numbers
from collections.abc import Iterable, Iterator
from types import MappingProxyType

import numpy as np

from .config import Config
from .document import Document, Neighbour
from .explanations import Explanations
from .incremental import IncrementalUpdates
from .neighbour_lists import NeighbourLists, Progress
from .parallel import counted_in_chunks, in_threads, thread_count
from .rows import GrowingRows
from .vocabulary import CorpusStatistics, InternedStrings, Vocabulary
from .weighted_rows import CountArrays, WeightedRows

__all__ = ["CorpusStatistics", "SimilarityIndex"]

SCORE_DECIMALS = 9
# Lists a thread explains (finds the reasons of) per task.
_EXPLAINED_CHUNK = 500


class SimilarityIndex(IncrementalUpdates, NeighbourLists, Explanations, WeightedRows):
    """Ranked, explained neighbours for every document of an archive.

    >>> index = SimilarityIndex().fit(documents)          # doctest: +SKIP
    >>> index.neighbours("article-17", k=5)                # doctest: +SKIP

    One thread at a time: the index is not safe to change from two threads, nor while
    ``iter_neighbours`` is being read (its lists are computed ahead in threads).

    State, building, scoring and queries are here; the rest is in the modules of its bases:
    ``weighted_rows``, ``neighbour_lists``, ``explanations`` and ``incremental``.

    Args:
        config: weights and parameters; ``Config()`` when omitted.
    """

    def __init__(self, config: Config | None = None) -> None:
        self.config = config if config is not None else Config()
        if not isinstance(self.config, Config):
            raise TypeError(f"config must be a trendwatch.similar.Config, got {type(self.config).__name__}")
        self._encoder = None
        self._reset(CorpusStatistics(0, 0.0, MappingProxyType({}), MappingProxyType({})))

    # -- state ---------------------------------------------------------------------------------

    def _reset(self, statistics: CorpusStatistics) -> None:
        self._statistics = statistics
        self._terms = Vocabulary()
        self._names = Vocabulary()
        self._use_statistics(statistics)
        self._surfaces = InternedStrings()
        self._categories = InternedStrings()
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

    # -- building ------------------------------------------------------------------------------

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
        for chunk in counted_in_chunks(documents, self.config):
            parts.append(self._numbered(chunk, numberings))
            done += len(chunk.lengths)
            if progress is not None:
                progress(done, len(documents))
        if statistics is None:
            self._use_statistics(self._count_statistics(parts))

        for row, document in enumerate(documents):
            self._row_of[document.id] = row
            self._ids.append(document.id)
        self._name_rows = GrowingRows.from_arrays(*self._name_rows_of(CountArrays.joined(parts, terms=False)))
        # The counts of a large archive are let go, slice by slice, as its rows are made:
        # the two never sit in memory together.
        self._fit_rows(parts)
        del parts
        self._grow_metadata(len(documents))
        for row, document in enumerate(documents):
            self._set_metadata(row, document)
        if self.config.semantic_model is not None:
            self._embeddings = self._encode(documents)

    def _use_statistics(self, statistics: CorpusStatistics) -> None:
        self._statistics = statistics
        self._candidates = statistics.document_count > self.config.exact_lists_up_to
        self._terms.use(statistics.term_frequencies, statistics.document_count)
        self._names.use(statistics.name_frequencies, statistics.document_count)

    # -- scoring -------------------------------------------------------------------------------

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

    # -- queries -------------------------------------------------------------------------------

    def _row(self, doc_id: str) -> int:
        row = self._row_of.get(doc_id)
        if row is None:
            raise KeyError(f"no document with id {doc_id!r} in the similarity index")
        return row

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
                explained = in_threads(lambda chunk: self._listed_reasons(chunk, k), chunks,
                                       thread_count(self.config, len(rows)))
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

    def compare(self, first_id: str, second_id: str) -> Neighbour:
        """Score and reasons of one pair, as ``neighbours`` would give them (score 0 when excluded)."""
        row, other = self._row(first_id), self._row(second_id)
        score = self._row_scores(row)[other]
        return self._neighbours_of(row, np.array([other]), np.array([score]))[0]


def _checked_k(k: int) -> int:
    """``k`` as an int; any integer type is taken (numpy's too), a bool or a fraction is not."""
    if isinstance(k, bool) or not isinstance(k, numbers.Integral) or k < 1:
        raise ValueError(f"k must be a positive integer, got {k!r}")
    return int(k)
