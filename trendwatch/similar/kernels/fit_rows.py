"""The rows of a fit: unit rows cut to their strongest keys, and the key terms of each row."""

from __future__ import annotations

import numpy as np

from .jit import compiled

@compiled
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


@compiled
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


@compiled
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


@compiled
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


@compiled
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


@compiled
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
