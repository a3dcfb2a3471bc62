"""The reasons of listed pairs: their shared keys with the largest products."""

from __future__ import annotations

import numpy as np

from .jit import compiled

@compiled
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
