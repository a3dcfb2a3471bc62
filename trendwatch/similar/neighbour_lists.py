"""Computing the neighbour lists of many documents at once: pairs with content found by the
compiled kernels, pruned to those that can still enter a list, fused, and ranked."""

from __future__ import annotations

import threading
from collections.abc import Callable
from typing import NamedTuple

import numpy as np
import scipy.sparse as sp

from . import kernels
from .parallel import in_threads, thread_count

# Query rows scored together in a full rebuild, at most; fewer in a large archive so
# that one block's candidate pairs stay within memory (sparse and dense paths).
_BLOCK_ROWS = 512
_SPARSE_BLOCK_PAIRS = 4_000_000
_DENSE_BLOCK_PAIRS = 4_000_000
# Content below which a pair cannot reach a list is compared with this much slack,
# far above floating-point noise and the rounding of scores to ``SCORE_DECIMALS``.
_PRUNING_MARGIN = 1e-8
# Query rows whose candidate lists a thread computes at a time.
_CANDIDATE_BLOCK_ROWS = 1024

Progress = Callable[[int, int], None]


class ListArrays(NamedTuple):
    """The sparse rows the pair kernels read: documents by row, and their transposes (the
    rows holding each key). Exact lists read the weighted postings of terms and names;
    candidate lists read the key terms both ways instead of the names' postings."""

    lexical: sp.csr_matrix
    term_postings: sp.csr_matrix
    names: sp.csr_matrix
    name_postings: sp.csr_matrix | None = None
    keys: sp.csr_matrix | None = None
    key_postings: sp.csr_matrix | None = None


class NeighbourLists:
    """The part of ``SimilarityIndex`` that computes and stores neighbour lists."""

    def _pair_contents(self, rows: np.ndarray, arrays: ListArrays,
                       places: np.ndarray | None = None) -> tuple[np.ndarray, np.ndarray, np.ndarray]:
        """(query position, candidate row, content score) of the pairs of ``rows`` that can
        be listed: every pair with content (exact lists), or every candidate pair with a
        shared term or name (candidate lists; with ``places``, only candidates placed at
        or after their query); grouped by query position."""
        config = self.config
        weights = (config.lexical_weight, config.names_weight)
        lexical, term_postings, names = arrays.lexical, arrays.term_postings, arrays.names
        if self._candidates:
            if places is None:
                places = np.zeros(len(self._alive), dtype=np.int64)
            keys, key_postings = arrays.keys, arrays.key_postings
            positions, candidates, values = kernels.candidate_contents(
                rows, lexical.indptr, lexical.indices, lexical.data, term_postings.indptr, term_postings.indices,
                keys.indptr, keys.indices, key_postings.indptr, key_postings.indices,
                names.indptr, names.indices, names.data, *weights, len(self._alive),
                len(self._terms.keys), len(self._names.keys), places,
            )
            if self._semantic:
                for start in range(0, len(values), 100_000):
                    part = slice(start, start + 100_000)
                    similarity = np.einsum(
                        "ij,ij->i", self._embeddings[rows[positions[part]]], self._embeddings[candidates[part]]
                    )
                    values[part] += config.semantic_weight * np.maximum(similarity, 0)
        else:
            name_postings = arrays.name_postings
            positions, candidates, values = kernels.all_pair_contents(
                rows, lexical.indptr, lexical.indices, lexical.data, term_postings.indptr, term_postings.indices,
                term_postings.data, names.indptr, names.indices, names.data, name_postings.indptr,
                name_postings.indices, name_postings.data, *weights, len(self._alive),
            )
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

    def _list_arrays(self) -> ListArrays:
        """The rows the pair kernels read, as this index's lists need them."""
        terms, names = len(self._terms.keys), len(self._names.keys)
        lexical, term_postings = self._lexical.matrix(terms), self._lexical.transposed(terms)
        name_rows = self._name_rows.matrix(names)
        if self._candidates:
            return ListArrays(lexical, term_postings, name_rows, keys=self._key_rows.matrix(terms),
                              key_postings=self._key_rows.transposed(terms))
        return ListArrays(lexical, term_postings, name_rows, name_postings=self._name_rows.transposed(names))

    def _block_rows(self) -> int:
        """Query rows scored together: fewer in a large archive, so that a block's pairs fit in memory."""
        if self._candidates:
            return _CANDIDATE_BLOCK_ROWS
        pairs_per_block = _DENSE_BLOCK_PAIRS if self._semantic else _SPARSE_BLOCK_PAIRS
        return int(max(1, min(_BLOCK_ROWS, pairs_per_block // max(1, len(self._alive)))))

    def _compute_lists(self, rows: np.ndarray, k: int, progress: Progress | None = None):
        """Yield ``(row, neighbour rows, scores)`` for ``rows``, block by block, the blocks
        shared over threads (``Config.workers``) when the archive is large enough to pay for it."""
        arrays, block = self._list_arrays(), self._block_rows()
        blocks = [rows[start : start + block] for start in range(0, len(rows), block)]
        limits, id_ranks = self._exclusion_limits(), self._id_ranks()
        done = 0
        lists = in_threads(lambda block_rows: self._block_lists(block_rows, arrays, limits, id_ranks, k), blocks,
                            thread_count(self.config, len(rows)))
        for block_rows, (top_rows, top_scores, counts) in zip(blocks, lists):
            for row, listed, scores, count in zip(block_rows.tolist(), top_rows, top_scores, counts.tolist()):
                yield row, listed[:count], scores[:count]
            done += len(block_rows)
            if progress is not None:
                progress(done, len(rows))

    def _block_lists(self, block_rows: np.ndarray, arrays: ListArrays, limits: tuple[np.ndarray, int],
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
        arrays, block = self._list_arrays(), self._block_rows()
        blocks = [rows[start : start + block] for start in range(0, len(rows), block)]
        places = np.full(len(self._alive), -1, dtype=np.int64)  # rows not listed come first: never scored
        places[rows] = np.arange(len(rows))
        limits, id_ranks = self._exclusion_limits(), self._id_ranks()
        threads = thread_count(self.config, len(rows))
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
        for count in in_threads(enter_block, blocks, threads):
            done += count
            if progress is not None:
                progress(done, len(rows))
        list_rows, list_scores = lists[0]
        for other_rows, other_scores in lists[1:]:
            kernels.merge_lists(list_rows, list_scores, other_rows, other_scores, id_ranks)
        self._top_rows[rows], self._top_scores[rows] = list_rows[rows], list_scores[rows]

    def _enter_block(self, block_rows: np.ndarray, arrays: ListArrays, places: np.ndarray,
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
