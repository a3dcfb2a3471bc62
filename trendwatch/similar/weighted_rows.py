"""The weighted rows of an index: counts numbered in the index, BM25-saturated lexical rows,
names rows, and the key terms that pick a document's candidates."""

from __future__ import annotations

from dataclasses import dataclass
from types import MappingProxyType

import numpy as np

from . import kernels
from .document import Document
from .features import CountedDocuments, Growing, shared_counter
from .parallel import in_threads, thread_count
from .rows import GrowingRows
from .vocabulary import CorpusStatistics, Vocabulary

# Documents whose lexical rows (and key terms) are made together in a fit: few, since
# the threads keep several slices under way or waiting, each with its counts' copies.
_KEY_SLICE_ROWS = 1_000


@dataclass(slots=True)
class CountArrays:
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
    def joined(cls, parts: list["CountArrays"], terms: bool = True) -> "CountArrays":
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
    indptr: np.ndarray, ids: np.ndarray, weights: np.ndarray, labels: np.ndarray, vocabulary: Vocabulary,
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


class WeightedRows:
    """The part of ``SimilarityIndex`` that turns counts into its rows."""

    def _numbered(self, chunk: CountedDocuments, numberings: dict) -> CountArrays:
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
        return CountArrays(
            chunk.lengths, chunk.term_offsets, terms[chunk.term_local], chunk.term_frequencies,
            labels[chunk.term_labels], chunk.name_offsets, names[chunk.name_local], chunk.name_weights,
            labels[chunk.name_labels],
        )

    def _document_counts(self, document: Document) -> CountArrays:
        """The counts of one document, numbered in this index (its new keys are added)."""
        counter = shared_counter()
        counted = counter.count([document], self.config)
        number = self._surfaces.number
        forms = counter.form_list
        return CountArrays(
            counted.lengths, counted.term_offsets,
            self._terms.ensure([counter.term_list[t] for t in counted.term_local.tolist()]),
            counted.term_frequencies,
            np.array([number(forms[f]) for f in counted.term_labels.tolist()], dtype=np.int32),
            counted.name_offsets,
            self._names.ensure([counter.name_list[n] for n in counted.name_local.tolist()]),
            counted.name_weights,
            np.array([number(forms[f]) for f in counted.name_labels.tolist()], dtype=np.int32),
        )

    def _count_statistics(self, parts: list[CountArrays]) -> CorpusStatistics:
        def frequencies(vocabulary: Vocabulary, name: str) -> MappingProxyType:
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

    def _lexical_rows_of(self, counts: CountArrays, ranks: np.ndarray | None = None):
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

    def _name_rows_of(self, counts: CountArrays):
        return _unit_rows(counts.name_offsets, counts.name_ids, counts.name_weights, counts.name_labels,
                          self._names, None)

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

    def _fit_rows(self, parts: list[CountArrays]) -> None:
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
        made = in_threads(lambda bounds: self._slice_rows(parts, *bounds, ranks), slices, thread_count(self.config, rows))
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

    def _slice_rows(self, parts: list[CountArrays], first: int, last: int, ranks: np.ndarray) -> tuple:
        """``(indptr, columns, values, labels)`` of the lexical rows of the documents counted
        in ``parts[first:last]`` and, for candidate lists, ``(key indptr, key columns)``."""
        indptr, columns, values, labels = self._lexical_rows_of(CountArrays.joined(parts[first:last]), ranks)
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
