"""Neighbour lists from scored pairs: which pairs can still enter a list, and entering them."""

from __future__ import annotations

import numpy as np

from .jit import compiled

@compiled
def kept_for_lists(bounds, contents, needed, max_factor, margin):
    """Which pairs can still enter a list: per query (pairs ``bounds[p]:bounds[p + 1]``),
    when it has more than ``needed[p]`` pairs and the ``needed[p]``-th largest content
    ``c`` is positive, those with content at least ``(c - margin) / max_factor``."""
    kept = np.ones(len(contents), np.bool_)
    for position in range(len(bounds) - 1):
        begin, end = bounds[position], bounds[position + 1]
        if end - begin > needed[position]:
            floor = np.partition(contents[begin:end], end - begin - needed[position])[end - begin - needed[position]]
            if floor > 0:
                least = (floor - margin) / max_factor
                for pair in range(begin, end):
                    kept[pair] = contents[pair] >= least
    return kept


@compiled
def may_enter(candidates, contents, max_factor, margin, list_scores):
    """Which pairs could still enter their candidate's list in ``list_scores`` (best first,
    0 where a list has room): those whose content times ``max_factor`` reaches the
    candidate's last listed score (the margin covers the rounding of scores)."""
    last = list_scores.shape[1] - 1
    kept = np.empty(len(candidates), np.bool_)
    for pair in range(len(candidates)):
        least = list_scores[candidates[pair], last]
        kept[pair] = least == 0.0 or contents[pair] * max_factor + margin >= least
    return kept


@compiled
def _enter(list_rows, list_scores, row, other, score, id_ranks):
    """Put ``other`` with ``score`` into the list of ``row`` (best first, ties by smaller
    ``id_ranks``; -1 marks room) if it is among the best the list can hold."""
    place = list_rows.shape[1]
    while place > 0:
        held = list_rows[row, place - 1]
        if held >= 0 and (list_scores[row, place - 1] > score
                          or (list_scores[row, place - 1] == score and id_ranks[held] < id_ranks[other])):
            break
        place -= 1
    if place == list_rows.shape[1]:
        return
    for moved in range(list_rows.shape[1] - 1, place, -1):
        list_rows[row, moved] = list_rows[row, moved - 1]
        list_scores[row, moved] = list_scores[row, moved - 1]
    list_rows[row, place] = other
    list_scores[row, place] = score


@compiled
def enter_pairs(list_rows, list_scores, firsts, seconds, scores, id_ranks):
    """Enter each pair ``(firsts[i], seconds[i])`` with ``scores[i]`` into the lists of both rows."""
    for pair in range(len(firsts)):
        _enter(list_rows, list_scores, firsts[pair], seconds[pair], scores[pair], id_ranks)
        _enter(list_rows, list_scores, seconds[pair], firsts[pair], scores[pair], id_ranks)


@compiled
def merge_lists(list_rows, list_scores, other_rows, other_scores, id_ranks):
    """Enter every entry of the lists ``other_rows`` into ``list_rows`` (the same rows)."""
    for row in range(other_rows.shape[0]):
        for place in range(other_rows.shape[1]):
            if other_rows[row, place] >= 0:
                _enter(list_rows, list_scores, row, other_rows[row, place], other_scores[row, place], id_ranks)
