"""Keeping an index current one document at a time: ``add`` and ``remove`` update exactly the
lists they change, with the frozen statistics snapshot (see ``index``)."""

from __future__ import annotations

import numpy as np

from .document import Document

# Rows added or removed since the last compaction before the main matrices are rebuilt.
_MIN_COMPACTION_ROWS = 1000
_COMPACTION_SHARE = 0.05


class IncrementalUpdates:
    """The part of ``SimilarityIndex`` that adds and removes documents."""

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
