"""Compiled loops of a rebuild (numba): words of texts, content scores of pairs, pruning, shared keys.

They take plain CSR arrays (``indptr``, ``indices``, ``data``), give the same numbers as
``GrowingRows.dot``, which an ``add`` scores with (each sum adds the same products in the
same order: incremental lists must equal a fit's), and release the GIL, so that threads
share a rebuild without copies of the index.
Compiled code is cached beside the module, or in the user's cache folder where the
module's is read-only; with neither writable, each process compiles its own.
"""

from __future__ import annotations

import warnings

import numpy as np
from numba import njit


def _compiled(function):
    """``function`` compiled without the GIL, cached on disk where numba finds a writable place."""
    try:
        return njit(cache=True, nogil=True)(function)
    except RuntimeError:  # numba's "no locator available": nowhere to write the cache
        warnings.warn(
            "trendwatch.similar: no writable folder for numba's cache (set NUMBA_CACHE_DIR); "
            "each process compiles the kernels on first use (about 10 s)",
            RuntimeWarning,
            stacklevel=2,
        )
        return njit(nogil=True)(function)


# Pairs per query that the output arrays of a block make room for at first (they grow as needed).
_OUTPUT_PER_QUERY = 64


@_compiled
def _grown(array, size):
    bigger = np.empty(max(size, 2 * len(array)), array.dtype)
    bigger[: len(array)] = array
    return bigger


@_compiled
def _pair_arrays(queries):
    """Empty ``(positions, rows, contents)`` arrays for the pairs of ``queries``."""
    capacity = 1024 + _OUTPUT_PER_QUERY * len(queries)
    return np.empty(capacity, np.int64), np.empty(capacity, np.int64), np.empty(capacity, np.float64)


@_compiled
def _with_room(positions, rows, contents, size):
    """The pair arrays, grown together when they hold fewer than ``size`` pairs."""
    if size <= len(positions):
        return positions, rows, contents
    return _grown(positions, size), _grown(rows, size), _grown(contents, size)


@_compiled
def _trimmed(positions, rows, contents, size):
    """Copies of the first ``size`` pairs (the arrays' spare room is let go)."""
    return positions[:size].copy(), rows[:size].copy(), contents[:size].copy()


@_compiled
def _sparse_dot(dense, indptr, indices, data, row):
    """Dot product of ``dense`` with CSR row ``row``, summed in column order (as scipy's
    matrix product sums it: adding a zero product changes nothing)."""
    total = 0.0
    for entry in range(indptr[row], indptr[row + 1]):
        total += dense[indices[entry]] * data[entry]
    return total


@_compiled
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


@_compiled
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


@_compiled
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


@_compiled
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


@_compiled
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


@_compiled
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


@_compiled
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


@_compiled
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


@_compiled
def enter_pairs(list_rows, list_scores, firsts, seconds, scores, id_ranks):
    """Enter each pair ``(firsts[i], seconds[i])`` with ``scores[i]`` into the lists of both rows."""
    for pair in range(len(firsts)):
        _enter(list_rows, list_scores, firsts[pair], seconds[pair], scores[pair], id_ranks)
        _enter(list_rows, list_scores, seconds[pair], firsts[pair], scores[pair], id_ranks)


@_compiled
def merge_lists(list_rows, list_scores, other_rows, other_scores, id_ranks):
    """Enter every entry of the lists ``other_rows`` into ``list_rows`` (the same rows)."""
    for row in range(other_rows.shape[0]):
        for place in range(other_rows.shape[1]):
            if other_rows[row, place] >= 0:
                _enter(list_rows, list_scores, row, other_rows[row, place], other_scores[row, place], id_ranks)


@_compiled
def shared_keys(queries, others, indptr, indices, data, labels, label_ranks, limit, columns):
    """Per pair ``(queries[i], others[i])`` of CSR rows with ``columns`` columns: the sum of
    the products of their shared columns (added in column order, as ``_sparse_dot`` adds
    them), and the labels (the query's) of the ``limit`` largest products, largest first,
    ties by smaller ``label_ranks`` then column: ``(sums, labels, bounds)``, pair ``i``'s
    labels at ``labels[bounds[i]:bounds[i + 1]]``. Pairs of one query are best given
    together: its row is spread out once for them."""
    pairs = len(queries)
    sums = np.zeros(pairs)
    chosen = np.empty(pairs * limit, np.int32)
    bounds = np.zeros(pairs + 1, np.int64)
    longest = 0
    for pair in range(pairs):
        longest = max(longest, indptr[queries[pair] + 1] - indptr[queries[pair]])
    products = np.empty(longest, np.float64)
    product_labels = np.empty(longest, np.int64)
    taken = np.zeros(longest, np.bool_)
    entry_of_column = np.full(columns, -1, np.int64)  # the spread-out query row
    query = -1
    size = 0
    for pair in range(pairs):
        if queries[pair] != query:
            if query >= 0:
                for entry in range(indptr[query], indptr[query + 1]):
                    entry_of_column[indices[entry]] = -1
            query = queries[pair]
            for entry in range(indptr[query], indptr[query + 1]):
                entry_of_column[indices[entry]] = entry
        other = others[pair]
        shared = 0
        total = 0.0
        for second in range(indptr[other], indptr[other + 1]):
            first = entry_of_column[indices[second]]
            if first >= 0:
                product = data[first] * data[second]
                if product != 0.0:
                    total += product
                    products[shared] = product
                    product_labels[shared] = labels[first]
                    shared += 1
        sums[pair] = total
        for _ in range(min(limit, shared)):
            best = -1
            for place in range(shared):
                if taken[place]:
                    continue
                if best < 0 or products[place] > products[best] or (
                        products[place] == products[best]
                        and label_ranks[product_labels[place]] < label_ranks[product_labels[best]]):
                    best = place
            taken[best] = True
            chosen[size] = product_labels[best]
            size += 1
        taken[:shared] = False
        bounds[pair + 1] = size
    return sums, chosen[:size].copy(), bounds


# -- rows of a fit ------------------------------------------------------------------------


@_compiled
def _block_sum(values, start, count):
    """``values[start:start + count]`` (128 at most) added as numpy adds them: one after
    another when fewer than eight, else into eight running sums, added pairwise, then the rest."""
    if count < 8:
        total = 0.0
        for place in range(start, start + count):
            total += values[place]
        return total
    s0, s1, s2, s3 = values[start], values[start + 1], values[start + 2], values[start + 3]
    s4, s5, s6, s7 = values[start + 4], values[start + 5], values[start + 6], values[start + 7]
    place = start + 8
    whole = start + count - count % 8
    while place < whole:
        s0 += values[place]
        s1 += values[place + 1]
        s2 += values[place + 2]
        s3 += values[place + 3]
        s4 += values[place + 4]
        s5 += values[place + 5]
        s6 += values[place + 6]
        s7 += values[place + 7]
        place += 8
    total = ((s0 + s1) + (s2 + s3)) + ((s4 + s5) + (s6 + s7))
    for rest in range(place, start + count):
        total += values[rest]
    return total


@_compiled
def _pairwise_sum(values, start, count):
    """``values[start:start + count]`` added as ``np.add`` reduces an array: runs of more than
    128 values are halved (the first half a multiple of eight) and the halves' sums added.
    A stack of runs stands for the recursion (numba's disk cache does not keep recursive
    functions): a run of count -1 adds the two sums made last."""
    if count <= 128:
        return _block_sum(values, start, count)
    starts, counts, sums = np.empty(192, np.int64), np.empty(192, np.int64), np.empty(64)
    starts[0], counts[0] = start, count
    runs, summed = 1, 0
    while runs:
        runs -= 1
        begin, size = starts[runs], counts[runs]
        if size < 0:
            summed -= 1
            sums[summed - 1] = sums[summed - 1] + sums[summed]
        elif size <= 128:
            sums[summed] = _block_sum(values, begin, size)
            summed += 1
        else:
            half = size // 2
            half -= half % 8
            # Taken from the top: the first half, the second, then their sum.
            starts[runs], counts[runs] = 0, -1
            starts[runs + 1], counts[runs + 1] = begin + half, size - half
            starts[runs + 2], counts[runs + 2] = begin, half
            runs += 3
    return sums[0]


@_compiled
def _kth_largest(values, begin, stop, k, scratch):
    """The ``k``-th largest of ``values[begin:stop]`` (``np.partition``'s value), selected in ``scratch``."""
    count = stop - begin
    scratch[:count] = values[begin:stop]
    target = count - k
    low, high = 0, count - 1
    while low < high:
        a, b, c = scratch[low], scratch[(low + high) // 2], scratch[high]
        pivot = max(min(a, b), min(max(a, b), c))
        i, j = low, high
        while i <= j:
            while scratch[i] < pivot:
                i += 1
            while scratch[j] > pivot:
                j -= 1
            if i <= j:
                scratch[i], scratch[j] = scratch[j], scratch[i]
                i += 1
                j -= 1
        # scratch[low:j + 1] <= pivot <= scratch[i:high + 1], and what lies between equals it.
        if target <= j:
            high = j
        elif target >= i:
            low = i
        else:
            break
    return scratch[target]


@_compiled
def _by_column(columns, entries, count, order, spare, digit_counts):
    """``entries[:count]`` ordered by their (distinct, non-negative) ``columns``: a radix sort,
    eight bits a pass, in ``order`` and ``spare``; gives the one holding the result. Far
    quicker than numba's ``argsort`` on a row's few hundred columns."""
    order[:count] = entries[:count]
    widest = 0
    for place in range(count):
        widest = max(widest, columns[entries[place]])
    shift = 0
    while shift == 0 or widest >> shift:
        digit_counts[:] = 0
        for place in range(count):
            digit_counts[(columns[order[place]] >> shift) & 255] += 1
        total = 0
        for digit in range(256):
            total, digit_counts[digit] = total + digit_counts[digit], total
        for place in range(count):
            entry = order[place]
            digit = (columns[entry] >> shift) & 255
            spare[digit_counts[digit]] = entry
            digit_counts[digit] += 1
        order, spare = spare, order
        shift += 8
    return order


@_compiled
def unit_rows(indptr, columns, values, labels, ranks, keep):
    """Each CSR row cut to its ``keep`` largest values (all when ``keep`` < 0; at a tie on the
    cut, smaller ``ranks``, given per entry, first), divided by its norm, columns sorted:
    ``(indptr, columns, values, labels)``; a row whose norm is 0 is left empty. The norm adds
    the squares in entry order as ``np.add.reduceat`` does (the first, plus numpy's pairwise
    sum of the others), so that the rows, and the lists, stay as they have been."""
    rows = len(indptr) - 1
    longest = 0
    for row in range(rows):
        longest = max(longest, indptr[row + 1] - indptr[row])
    kept_entries = np.empty(longest, np.int64)
    squares = np.empty(longest)
    order, spare, digit_counts = np.empty(longest, np.int64), np.empty(longest, np.int64), np.empty(256, np.int64)
    out_indptr = np.zeros(rows + 1, np.int64)
    out_columns = np.empty(len(columns), np.int32)
    out_values = np.empty(len(columns), np.float64)
    out_labels = np.empty(len(columns), np.int32)
    end = 0
    for row in range(rows):
        begin, stop = indptr[row], indptr[row + 1]
        kept = 0
        if keep < 0 or stop - begin <= keep:
            for entry in range(begin, stop):
                kept_entries[kept] = entry
                kept += 1
        else:
            cut = _kth_largest(values, begin, stop, keep, squares)
            tied = 0
            for entry in range(begin, stop):
                tied += values[entry] == cut
            ties_kept = keep
            for entry in range(begin, stop):
                ties_kept -= values[entry] > cut
            # Ties at the cut: the ``ties_kept`` of smallest rank stay.
            last_rank = -1
            if tied > ties_kept:
                tied_ranks = np.array([ranks[entry] for entry in range(begin, stop) if values[entry] == cut])
                last_rank = np.sort(tied_ranks)[ties_kept - 1] if ties_kept > 0 else -1
            for entry in range(begin, stop):
                if values[entry] > cut or (values[entry] == cut and (tied <= ties_kept or ranks[entry] <= last_rank)):
                    kept_entries[kept] = entry
                    kept += 1
        if kept == 0:
            out_indptr[row + 1] = end
            continue
        for place in range(kept):
            squares[place] = values[kept_entries[place]] * values[kept_entries[place]]
        norm = np.sqrt(squares[0] + _pairwise_sum(squares, 1, kept - 1))
        if norm != 0.0:
            ordered = _by_column(columns, kept_entries, kept, order, spare, digit_counts)
            for place in range(kept):
                entry = ordered[place]
                out_columns[end] = columns[entry]
                out_values[end] = values[entry] / norm
                out_labels[end] = labels[entry]
                end += 1
        out_indptr[row + 1] = end
    return out_indptr, out_columns[:end].copy(), out_values[:end].copy(), out_labels[:end].copy()


@_compiled
def key_columns(indptr, columns, values, ranks, frequencies, key_terms, key_postings):
    """Key terms of CSR rows: each row's columns by descending value (ties: smaller ``ranks``,
    per entry) while their ``frequencies`` (per entry) add up to at most ``key_postings``,
    ``key_terms`` at most and always the first; sorted: ``(indptr, columns)``."""
    rows = len(indptr) - 1
    longest = 0
    for row in range(rows):
        longest = max(longest, indptr[row + 1] - indptr[row])
    scratch = np.empty(longest)
    contenders = np.empty(longest, np.int64)
    key_indptr = np.zeros(rows + 1, np.int64)
    keys = np.empty(rows * key_terms, np.int32)
    end = 0
    for row in range(rows):
        begin, stop = indptr[row], indptr[row + 1]
        # Only values at least the row's ``key_terms``-th largest can be keys.
        cut = _kth_largest(values, begin, stop, key_terms, scratch) if stop - begin > key_terms else -np.inf
        count = 0
        for entry in range(begin, stop):
            if values[entry] >= cut:
                contenders[count] = entry
                count += 1
        by_rank = contenders[:count][np.argsort(ranks[contenders[:count]], kind="mergesort")]
        ordered = by_rank[np.argsort(-values[by_rank], kind="mergesort")]
        first = end
        reached = 0
        for place in range(min(key_terms, count)):
            reached += frequencies[ordered[place]]
            if place > 0 and reached > key_postings:
                break
            keys[end] = columns[ordered[place]]
            end += 1
        keys[first:end] = np.sort(keys[first:end])
        key_indptr[row + 1] = end
    return key_indptr, keys[:end].copy()


# -- words of texts ------------------------------------------------------------------------

_APOSTROPHE = 39
# Read as "'" wherever they are (text.plain_apostrophes): ’ ʼ ` ‘
_OTHER_APOSTROPHES = (0x2019, 0x02BC, 0x60, 0x2018)
_SENTENCE_ENDS = (46, 33, 63, 0x2026, 10)  # . ! ? … and a line break
# A slot of the table of known words: the word's hash, number, first code point in
# ``chars``, and length * 2**32 + language; one look-up reads one slot and the letters.
_HASH, _WORD, _START, _SHAPE = 0, 1, 2, 3


@_compiled
def _plain(code):
    for apostrophe in _OTHER_APOSTROPHES:
        if code == apostrophe:
            return _APOSTROPHE
    return code


@_compiled
def _word_hash(codes, begin, end, language):
    hashed = np.uint64(14695981039346656037) ^ np.uint64(language)
    for place in range(begin, end):
        hashed = (hashed ^ np.uint64(_plain(codes[place]))) * np.uint64(1099511628211)
    return hashed


@_compiled
def _find_word(codes, begin, end, language, hashed, slots, chars):
    """The number of the known word ``codes[begin:end]`` of ``language`` (hash ``hashed``), or -1."""
    mask = np.uint64(len(slots) - 1)
    key, shape = np.int64(hashed), ((end - begin) << 32) + language
    slot = hashed & mask
    while True:
        if slots[slot, _WORD] < 0:
            return -1
        if slots[slot, _HASH] == key and slots[slot, _SHAPE] == shape:
            first = slots[slot, _START]
            same = True
            for offset in range(end - begin):
                if chars[first + offset] != _plain(codes[begin + offset]):
                    same = False
                    break
            if same:
                return slots[slot, _WORD]
        slot = (slot + np.uint64(1)) & mask


@_compiled
def _probe(begin, end, language, hashed, slots):
    """The number and first letter in ``chars`` of the first known word with the hash, length
    and language of ``codes[begin:end]``, or (-1, 0); its letters are not compared."""
    mask = np.uint64(len(slots) - 1)
    key, shape = np.int64(hashed), ((end - begin) << 32) + language
    slot = hashed & mask
    while slots[slot, _WORD] >= 0:
        if slots[slot, _HASH] == key and slots[slot, _SHAPE] == shape:
            return slots[slot, _WORD], slots[slot, _START]
        slot = (slot + np.uint64(1)) & mask
    return -1, 0


@_compiled
def _same_letters(codes, begin, end, chars, first):
    """Whether ``codes[begin:end]`` is spelt as ``chars[first:first + end - begin]``."""
    differ = 0
    for offset in range(end - begin):
        differ |= chars[first + offset] ^ _plain(codes[begin + offset])
    return differ == 0


@_compiled
def index_words(slots, chars, starts, languages, first, last):
    """Enter the words numbered ``first`` to ``last - 1`` (letters ``chars[starts[w]:starts[w + 1]]``)
    into the open-addressing table ``slots``."""
    mask = np.uint64(len(slots) - 1)
    for word in range(first, last):
        hashed = _word_hash(chars, starts[word], starts[word + 1], languages[word])
        slot = hashed & mask
        while slots[slot, _WORD] >= 0:
            slot = (slot + np.uint64(1)) & mask
        slots[slot, _HASH] = np.int64(hashed)
        slots[slot, _WORD] = word
        slots[slot, _START] = starts[word]
        slots[slot, _SHAPE] = ((starts[word + 1] - starts[word]) << 32) + languages[word]


@_compiled
def word_numbers(codes, field_bounds, field_languages, word_character, slots, chars):
    """The words of each field ``codes[field_bounds[f]:field_bounds[f + 1]]`` (code points) in
    order, as ``text.words`` finds them (after markup is stripped): a run of word
    characters, with inner apostrophes of any kind, or a sentence end. Per word: its
    number among the known words of the field's language (0 for a sentence end, -1 for a
    word not known yet) and where it is in ``codes``: ``(numbers, word starts, word ends,
    words per field)``."""
    hashes = np.empty(len(codes), np.uint64)
    languages = np.empty(len(codes), np.int64)  # -1 for a sentence end
    word_starts = np.empty(len(codes), np.int64)
    word_ends = np.empty(len(codes), np.int64)
    field_counts = np.zeros(len(field_bounds) - 1, np.int64)
    size = 0
    for field in range(len(field_bounds) - 1):
        place, end = field_bounds[field], field_bounds[field + 1]
        language = field_languages[field]
        first_word = size
        while place < end:
            code = codes[place]
            if word_character[code]:
                begin = place
                place += 1
                while True:
                    while place < end and word_character[codes[place]]:
                        place += 1
                    if place + 1 < end and _plain(codes[place]) == _APOSTROPHE and word_character[codes[place + 1]]:
                        place += 2
                        continue
                    break
                hashes[size] = _word_hash(codes, begin, place, language)
                languages[size] = language
                word_starts[size], word_ends[size] = begin, place
                size += 1
                continue
            for sentence_end in _SENTENCE_ENDS:
                if code == sentence_end:
                    languages[size] = -1
                    word_starts[size], word_ends[size] = place, place
                    size += 1
                    break
            place += 1
        field_counts[field] = size - first_word
    # Looked up after the scan, in loops of their own, so that the table reads of many
    # words are in flight at once: first by hash, length and language, then the letters of
    # each word found are compared (reading them in the first loop stalled it on every word).
    numbers = np.zeros(size, np.int64)
    letters = np.zeros(size, np.int64)
    for word in range(size):
        if languages[word] >= 0:
            numbers[word], letters[word] = _probe(word_starts[word], word_ends[word], languages[word], hashes[word],
                                                  slots)
    for word in range(size):
        if numbers[word] > 0 and not _same_letters(codes, word_starts[word], word_ends[word], chars, letters[word]):
            # Another word of the same hash, length and language.
            numbers[word] = _find_word(codes, word_starts[word], word_ends[word], languages[word], hashes[word],
                                       slots, chars)
    return numbers, word_starts[:size].copy(), word_ends[:size].copy(), field_counts
