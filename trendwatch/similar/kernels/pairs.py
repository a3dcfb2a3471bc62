"""Content scores of pairs: every pair of a block of query rows with a term or name in common
(exact lists), or with its candidates (candidate lists)."""

from __future__ import annotations

import numpy as np

from .jit import compiled

# Pairs per query that the output arrays of a block make room for at first (they grow as needed).
_OUTPUT_PER_QUERY = 64


@compiled
def _grown(array, size):
    bigger = np.empty(max(size, 2 * len(array)), array.dtype)
    bigger[: len(array)] = array
    return bigger


@compiled
def _pair_arrays(queries):
    """Empty ``(positions, rows, contents)`` arrays for the pairs of ``queries``."""
    capacity = 1024 + _OUTPUT_PER_QUERY * len(queries)
    return np.empty(capacity, np.int64), np.empty(capacity, np.int64), np.empty(capacity, np.float64)


@compiled
def _with_room(positions, rows, contents, size):
    """The pair arrays, grown together when they hold fewer than ``size`` pairs."""
    if size <= len(positions):
        return positions, rows, contents
    return _grown(positions, size), _grown(rows, size), _grown(contents, size)


@compiled
def _trimmed(positions, rows, contents, size):
    """Copies of the first ``size`` pairs (the arrays' spare room is let go)."""
    return positions[:size].copy(), rows[:size].copy(), contents[:size].copy()


@compiled
def _sparse_dot(dense, indptr, indices, data, row):
    """Dot product of ``dense`` with CSR row ``row``, summed in column order (as scipy's
    matrix product sums it: adding a zero product changes nothing)."""
    total = 0.0
    for entry in range(indptr[row], indptr[row + 1]):
        total += dense[indices[entry]] * data[entry]
    return total


@compiled
def _row_dots(dense, indptr, indices, data, rows, count, sums):
    """``sums[i]``: ``_sparse_dot`` of ``dense`` with row ``rows[i]``, for the first ``count``
    rows. Four rows at a time, as four independent sums (each in its row's column order):
    the loads of four rows are then in flight together, where one sum waits on each."""
    place = 0
    while place + 4 <= count:
        a, b, c, d = rows[place], rows[place + 1], rows[place + 2], rows[place + 3]
        at_a, at_b, at_c, at_d = indptr[a], indptr[b], indptr[c], indptr[d]
        end_a, end_b, end_c, end_d = indptr[a + 1], indptr[b + 1], indptr[c + 1], indptr[d + 1]
        together = min(min(end_a - at_a, end_b - at_b), min(end_c - at_c, end_d - at_d))
        sum_a, sum_b, sum_c, sum_d = 0.0, 0.0, 0.0, 0.0
        for step in range(together):
            sum_a += dense[indices[at_a + step]] * data[at_a + step]
            sum_b += dense[indices[at_b + step]] * data[at_b + step]
            sum_c += dense[indices[at_c + step]] * data[at_c + step]
            sum_d += dense[indices[at_d + step]] * data[at_d + step]
        for entry in range(at_a + together, end_a):
            sum_a += dense[indices[entry]] * data[entry]
        for entry in range(at_b + together, end_b):
            sum_b += dense[indices[entry]] * data[entry]
        for entry in range(at_c + together, end_c):
            sum_c += dense[indices[entry]] * data[entry]
        for entry in range(at_d + together, end_d):
            sum_d += dense[indices[entry]] * data[entry]
        sums[place], sums[place + 1], sums[place + 2], sums[place + 3] = sum_a, sum_b, sum_c, sum_d
        place += 4
    for rest in range(place, count):
        sums[rest] = _sparse_dot(dense, indptr, indices, data, rows[rest])


@compiled
def _reach(column, postings_indptr, postings_indices, marked, reached, count):
    """List the rows in ``column``'s postings that are not marked yet after the first
    ``count`` of ``reached``, marking them; return how many are listed now."""
    for posting in range(postings_indptr[column], postings_indptr[column + 1]):
        row = postings_indices[posting]
        if not marked[row]:
            marked[row] = True
            reached[count] = row
            count += 1
    return count


@compiled
def candidate_contents(queries, lexical_indptr, lexical_indices, lexical_data, postings_indptr, postings_indices,
                       key_indptr, key_indices, key_postings_indptr, key_postings_indices,
                       name_indptr, name_indices, name_data, lexical_weight, names_weight, rows, terms, names,
                       places):
    """``(query position, candidate row, weighted content)`` of every candidate pair of ``queries``
    with a shared term or name (shared names count only when ``names_weight`` is not 0),
    and whose candidate is placed at or after the query in ``places`` (equal places: all
    candidates; a pair is then scored once from the side placed first).

    A query's candidates contain one of its key terms (``postings``: the lexical rows by
    term) or hold its terms among their keys (``key_postings``: the key rows by term).
    The content is ``lexical_weight * lexical cosine + names_weight * names cosine``,
    each cosine summed over the candidate's row in column order.
    """
    marked = np.zeros(rows, np.bool_)
    reached = np.empty(rows, np.int64)
    query_terms = np.zeros(terms)
    query_names = np.zeros(names)
    lexical_sums, name_sums = np.empty(rows), np.zeros(rows)
    positions, candidates, contents = _pair_arrays(queries)
    size = 0
    for position in range(len(queries)):
        query = queries[position]
        count = 0
        for entry in range(key_indptr[query], key_indptr[query + 1]):
            count = _reach(key_indices[entry], postings_indptr, postings_indices, marked, reached, count)
        for entry in range(lexical_indptr[query], lexical_indptr[query + 1]):
            term = lexical_indices[entry]
            query_terms[term] = lexical_data[entry]
            count = _reach(term, key_postings_indptr, key_postings_indices, marked, reached, count)
        later = 0
        for place in range(count):
            row = reached[place]
            if places[row] >= places[query]:
                reached[later] = row
                later += 1
            else:
                marked[row] = False
        count = later
        if names_weight != 0:
            for entry in range(name_indptr[query], name_indptr[query + 1]):
                query_names[name_indices[entry]] = name_data[entry]
        positions, candidates, contents = _with_room(positions, candidates, contents, size + count)
        _row_dots(query_terms, lexical_indptr, lexical_indices, lexical_data, reached, count, lexical_sums)
        if names_weight != 0:
            _row_dots(query_names, name_indptr, name_indices, name_data, reached, count, name_sums)
        for place in range(count):
            row = reached[place]
            marked[row] = False
            lexical, named = lexical_sums[place], name_sums[place]
            if lexical != 0.0 or named != 0.0:
                positions[size] = position
                candidates[size] = row
                contents[size] = lexical * lexical_weight + named * names_weight
                size += 1
        for entry in range(lexical_indptr[query], lexical_indptr[query + 1]):
            query_terms[lexical_indices[entry]] = 0.0
        for entry in range(name_indptr[query], name_indptr[query + 1]):
            query_names[name_indices[entry]] = 0.0
    return _trimmed(positions, candidates, contents, size)


@compiled
def _accumulate(query, indptr, indices, data, postings_indptr, postings_indices, postings_data, sums, marked,
                reached, count):
    """Add the products of row ``query`` with every row sharing a column into ``sums``,
    column by column in the query's order (as scipy's product adds them)."""
    for entry in range(indptr[query], indptr[query + 1]):
        column, value = indices[entry], data[entry]
        for posting in range(postings_indptr[column], postings_indptr[column + 1]):
            row = postings_indices[posting]
            if not marked[row]:
                marked[row] = True
                reached[count] = row
                count += 1
            sums[row] += value * postings_data[posting]
    return count


@compiled
def all_pair_contents(queries, lexical_indptr, lexical_indices, lexical_data, postings_indptr, postings_indices,
                      postings_data, name_indptr, name_indices, name_data, name_postings_indptr, name_postings_indices,
                      name_postings_data, lexical_weight, names_weight, rows):
    """``(query position, row, weighted content)`` of every pair of a query and a row that
    shares a term or name with it (exact lists); the content as in ``candidate_contents``."""
    marked = np.zeros(rows, np.bool_)
    reached = np.empty(rows, np.int64)
    lexical = np.zeros(rows)
    named = np.zeros(rows)
    positions, candidates, contents = _pair_arrays(queries)
    size = 0
    for position in range(len(queries)):
        query = queries[position]
        count = _accumulate(query, lexical_indptr, lexical_indices, lexical_data, postings_indptr, postings_indices,
                            postings_data, lexical, marked, reached, 0)
        if names_weight != 0:
            count = _accumulate(query, name_indptr, name_indices, name_data, name_postings_indptr,
                                name_postings_indices, name_postings_data, named, marked, reached, count)
        positions, candidates, contents = _with_room(positions, candidates, contents, size + count)
        for place in range(count):
            row = reached[place]
            positions[size] = position
            candidates[size] = row
            contents[size] = lexical[row] * lexical_weight + named[row] * names_weight
            size += 1
            marked[row] = False
            lexical[row] = 0.0
            named[row] = 0.0
    return _trimmed(positions, candidates, contents, size)
