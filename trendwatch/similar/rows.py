"""A sparse matrix that grows one row at a time, for the incremental index.

Rows built by a full fit live in a CSR matrix (the *main* part, with its transpose for
fast "which rows contain this column" look-ups); rows added later sit in a small
*delta* part until ``compact`` merges them. Every stored value carries a second integer
(the id of the word's display form), kept in step with the matrix entries.
"""

from __future__ import annotations

from collections.abc import Iterable

import numpy as np
import scipy.sparse as sp


class GrowingRows:
    """Rows of ``(columns, values, labels)``; columns sorted within a row, count growing freely."""

    def __init__(self, rows: list[tuple[np.ndarray, np.ndarray, np.ndarray]] | None = None) -> None:
        rows = rows or []
        lengths = np.fromiter((len(cols) for cols, _, _ in rows), dtype=np.int64, count=len(rows))
        self._set_main(
            np.concatenate(([0], np.cumsum(lengths))),
            _concatenate([cols for cols, _, _ in rows], np.int32),
            _concatenate([vals for _, vals, _ in rows], np.float64),
            _concatenate([labels for _, _, labels in rows], np.int32),
        )

    @classmethod
    def filled(cls, rows: Iterable[tuple[np.ndarray, np.ndarray, np.ndarray]], count: int, capacity: int) -> "GrowingRows":
        """``count`` rows written one by one into arrays of ``capacity`` entries (at least
        their total length), so that a large archive's rows are never held twice."""
        indptr = np.zeros(count + 1, dtype=np.int64)
        indices = np.empty(capacity, dtype=np.int32)
        data = np.empty(capacity, dtype=np.float64)
        labels = np.empty(capacity, dtype=np.int32)
        end = written = 0
        for columns, values, row_labels in rows:
            start, end = end, end + len(columns)
            indices[start:end], data[start:end], labels[start:end] = columns, values, row_labels
            written += 1
            indptr[written] = end
        if written != count:
            raise ValueError(f"GrowingRows.filled(): expected {count} rows, got {written}")
        store = cls.__new__(cls)
        store._set_main(indptr, indices[:end], data[:end], labels[:end])
        return store

    @classmethod
    def from_arrays(
        cls, indptr: np.ndarray, indices: np.ndarray, data: np.ndarray, labels: np.ndarray
    ) -> "GrowingRows":
        """Rows given as CSR arrays (columns sorted within each row)."""
        store = cls.__new__(cls)
        store._set_main(
            indptr.astype(np.int64, copy=False), indices.astype(np.int32, copy=False),
            data.astype(np.float64, copy=False), labels.astype(np.int32, copy=False),
        )
        return store

    def _set_main(self, indptr: np.ndarray, indices: np.ndarray, data: np.ndarray, labels: np.ndarray) -> None:
        self._indptr, self._indices, self._data, self._labels = indptr, indices, data, labels
        self._delta: list[tuple[np.ndarray, np.ndarray, np.ndarray]] = []
        self._main_columns = int(self._indices.max()) + 1 if len(self._indices) else 0
        self._main_transposed = self._csr(self._indptr, self._indices, self._data, self._main_columns).T.tocsr()
        self._delta_matrix: sp.csr_matrix | None = None

    @property
    def main_rows(self) -> int:
        return len(self._indptr) - 1

    @property
    def delta_rows(self) -> int:
        return len(self._delta)

    def __len__(self) -> int:
        return self.main_rows + len(self._delta)

    def append(self, columns: np.ndarray, values: np.ndarray, labels: np.ndarray) -> int:
        """Add a row (columns sorted ascending); return its index."""
        self._delta.append((columns.astype(np.int32), values.astype(np.float64), labels.astype(np.int32)))
        self._delta_matrix = None
        return len(self) - 1

    def row(self, index: int) -> tuple[np.ndarray, np.ndarray, np.ndarray]:
        """The ``(columns, values, labels)`` of row ``index``."""
        if index >= self.main_rows:
            return self._delta[index - self.main_rows]
        start, end = self._indptr[index], self._indptr[index + 1]
        return self._indices[start:end], self._data[start:end], self._labels[start:end]

    def gather(self, rows: np.ndarray) -> tuple[np.ndarray, np.ndarray, np.ndarray, np.ndarray]:
        """``(lengths, columns, values, labels)`` of ``rows`` one after another."""
        rows = np.asarray(rows, dtype=np.int64)
        in_main = rows < self.main_rows
        if not in_main.all():
            parts = [self.row(row) for row in rows.tolist()]
            lengths = np.array([len(columns) for columns, _, _ in parts], dtype=np.int64)
            return (lengths, _concatenate([c for c, _, _ in parts], np.int32),
                    _concatenate([v for _, v, _ in parts], np.float64), _concatenate([l for _, _, l in parts], np.int32))
        starts = self._indptr[rows]
        lengths = self._indptr[rows + 1] - starts
        ends = np.cumsum(lengths)
        at = np.repeat(starts - (ends - lengths), lengths) + np.arange(int(ends[-1]) if len(ends) else 0)
        return lengths, self._indices[at], self._data[at], self._labels[at]

    def arrays_for(self, rows: np.ndarray) -> tuple[np.ndarray, np.ndarray, np.ndarray, np.ndarray, np.ndarray]:
        """CSR arrays ``(indptr, columns, values, labels)`` that hold ``rows``, and the places
        of ``rows`` in them: the main part's own arrays when every row is there, else a
        copy of just these rows."""
        rows = np.asarray(rows, dtype=np.int64)
        if len(rows) == 0 or rows.max() < self.main_rows:
            return self._indptr, self._indices, self._data, self._labels, rows
        unique, places = np.unique(rows, return_inverse=True)
        lengths, columns, values, labels = self.gather(unique)
        return np.concatenate(([0], np.cumsum(lengths))), columns, values, labels, places.ravel()

    def matrix(self, columns: int) -> sp.csr_matrix:
        """All rows as one CSR matrix with ``columns`` columns."""
        indptr, indices, data = self._indptr, self._indices, self._data
        if self._delta:
            lengths = [len(cols) for cols, _, _ in self._delta]
            indptr = np.concatenate((indptr, indptr[-1] + np.cumsum(lengths)))
            indices = np.concatenate([indices] + [cols for cols, _, _ in self._delta])
            data = np.concatenate([data] + [vals for _, vals, _ in self._delta])
        return self._csr(indptr, indices, data, columns)

    def transposed(self, columns: int) -> sp.csr_matrix:
        """The transpose of ``matrix(columns)``, sharing the main part's arrays when no rows
        wait in the delta part (a large archive's transpose is not made twice)."""
        if self._delta:
            return self.matrix(columns).T.tocsr()
        main = self._main_transposed
        indptr = np.concatenate((main.indptr, np.full(columns - main.shape[0], main.indptr[-1])))
        return sp.csr_matrix((main.data, main.indices, indptr), shape=(columns, self.main_rows))

    def dot(self, columns: np.ndarray, values: np.ndarray) -> np.ndarray:
        """Dot product of the sparse vector ``(columns, values)`` with every row (dense result)."""
        result = np.zeros(len(self))
        in_main = columns < self._main_columns
        if in_main.any():
            postings = self._main_transposed[columns[in_main]]
            result[: self.main_rows] = postings.T @ values[in_main]
        if self._delta:
            if self._delta_matrix is None:
                width = max(int(cols.max()) + 1 if len(cols) else 0 for cols, _, _ in self._delta)
                self._delta_matrix = _rows_matrix(self._delta, width)
            delta = self._delta_matrix
            usable = columns < delta.shape[1]
            query = self._csr(
                np.array([0, int(usable.sum())]), columns[usable], values[usable], delta.shape[1]
            )
            result[self.main_rows :] = (delta @ query.T).toarray().ravel()
        return result

    def compact(self, keep: np.ndarray) -> "GrowingRows":
        """A new store holding only the rows where ``keep`` is true, all in the main part."""
        return GrowingRows([self.row(index) for index in np.flatnonzero(keep)])

    @staticmethod
    def _csr(indptr: np.ndarray, indices: np.ndarray, data: np.ndarray, columns: int) -> sp.csr_matrix:
        return sp.csr_matrix((data, indices, indptr), shape=(len(indptr) - 1, columns))


def _concatenate(arrays: list[np.ndarray], dtype) -> np.ndarray:
    return np.concatenate(arrays).astype(dtype) if arrays else np.zeros(0, dtype=dtype)


def _rows_matrix(rows: list[tuple[np.ndarray, np.ndarray, np.ndarray]], columns: int) -> sp.csr_matrix:
    lengths = [len(cols) for cols, _, _ in rows]
    indptr = np.concatenate(([0], np.cumsum(lengths)))
    return sp.csr_matrix(
        (_concatenate([v for _, v, _ in rows], np.float64), _concatenate([c for c, _, _ in rows], np.int32), indptr),
        shape=(len(rows), columns),
    )
