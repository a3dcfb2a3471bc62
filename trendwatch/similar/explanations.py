"""Why two documents are similar: the shared terms and names with the largest products, each
signal's share of the score, the trend and the days between them, made into ``Neighbour``s."""

from __future__ import annotations

import gc
from typing import NamedTuple

import numpy as np

from . import kernels
from .document import Neighbour, Reasons
from .rows import GrowingRows


class PairReasons(NamedTuple):
    """What the ``Neighbour`` objects of listed pairs ``(queries[i], others[i])`` are made of,
    as arrays (made in threads without the GIL)."""

    others: np.ndarray
    scores: np.ndarray
    # Per pair, each signal's share of the score, in the order of ``Reasons.contributions``.
    shares: np.ndarray
    same_trend: np.ndarray
    days_apart: np.ndarray  # NaN where a date is missing
    # Display forms of the shared terms: pair i's at ``term_labels[term_bounds[i]:term_bounds[i + 1]]``.
    term_labels: np.ndarray
    term_bounds: np.ndarray
    name_labels: np.ndarray
    name_bounds: np.ndarray


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


class Explanations:
    """The part of ``SimilarityIndex`` that says why its neighbours are similar."""

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

    def _pair_reasons(self, queries: np.ndarray, others: np.ndarray, scores: np.ndarray) -> PairReasons:
        """The reasons of listed pairs ``(queries[i], others[i])`` with ``scores``, as arrays;
        ``_neighbours_from`` makes the ``Neighbour`` objects."""
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
        return PairReasons(others, np.asarray(scores, dtype=np.float64), shares, same_trend, days, term_labels,
                           term_bounds, name_labels, name_bounds)

    def _neighbours_from(self, reasons: PairReasons) -> list[Neighbour]:
        """``Neighbour`` objects from ``_pair_reasons``."""
        strings, ids = self._surfaces.strings, self._ids
        signals = ("lexical", "names", "semantic", "trend", "time") if self._semantic \
            else ("lexical", "names", "trend", "time")
        # Many small objects and no cycles among them: the cyclic garbage collector,
        # which would scan the whole heap again and again meanwhile, waits.
        collecting = gc.isenabled()
        gc.disable()
        try:
            term_forms = [strings[label] for label in reasons.term_labels.tolist()]
            name_forms = [strings[label] for label in reasons.name_labels.tolist()]
            bounds = reasons.term_bounds.tolist()
            terms = [tuple(term_forms[first:last]) for first, last in zip(bounds, bounds[1:])]
            bounds = reasons.name_bounds.tolist()
            names = [tuple(name_forms[first:last]) for first, last in zip(bounds, bounds[1:])]
            contributions = [dict(zip(signals, row)) for row in _rounded(reasons.shares, 4).tolist()]
            # NaN: a date is missing
            apart = [None if value != value else int(value) for value in reasons.days_apart.tolist()]
            return [
                Neighbour(ids[other], score, Reasons(shared_terms, shared_names, same, days_apart, parts))
                for other, score, shared_terms, shared_names, same, days_apart, parts in zip(
                    reasons.others.tolist(), reasons.scores.tolist(), terms, names, reasons.same_trend.tolist(), apart,
                    contributions,
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

    def _listed_reasons(self, rows: np.ndarray, k: int) -> tuple[np.ndarray, PairReasons | None]:
        """Per row of ``rows``, how many neighbours its stored list has, and the
        ``_pair_reasons`` of all of them."""
        top_rows, top_scores = self._top_rows[rows, :k], self._top_scores[rows, :k]
        listed = top_rows >= 0
        counts = listed.sum(axis=1)
        if not counts.any():
            return counts, None
        return counts, self._pair_reasons(np.repeat(rows, counts), top_rows[listed].astype(np.int64),
                                          top_scores[listed])

    def _lists_from(self, rows: np.ndarray, counts: np.ndarray, reasons: PairReasons | None):
        neighbours = self._neighbours_from(reasons) if reasons is not None else []
        bounds = np.concatenate(([0], np.cumsum(counts))).tolist()
        return [(self._ids[row], neighbours[bounds[p] : bounds[p + 1]]) for p, row in enumerate(rows.tolist())]
