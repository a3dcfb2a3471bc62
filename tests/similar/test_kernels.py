"""The reasons' kernel (``kernels.shared_keys``) against a plain reading of small rows."""

import numpy as np
import pytest

from trendwatch.similar import kernels
from trendwatch.similar.rows import GrowingRows

WIDTH = 10
# Each row: column -> (value, label). Powers of two keep the products exact, so that
# the ties below are real ties.
ROWS = [
    {1: (0.5, 3), 3: (0.25, 1), 4: (1.0, 2), 6: (0.75, 4), 8: (0.125, 5)},
    {1: (0.5, 21), 3: (1.0, 23), 4: (0.25, 24), 5: (0.5, 25), 8: (0.5, 28)},  # three products 0.25 with row 0
    {0: (0.5, 30), 6: (0.5, 31), 8: (1.0, 32), 9: (0.75, 33)},
    {2: (1.0, 6), 7: (0.5, 7)},  # shares nothing
    {3: (0.5, 8), 4: (0.5, 9), 6: (0.375, 10), 9: (0.25, 11)},  # two products 0.1875 with row 2
]
# Places of the labels in form order, unlike their columns' order or their numbers.
FORM_RANKS = np.arange(40)
FORM_RANKS[[1, 2, 3]] = [3, 1, 2]
FORM_RANKS[[10, 11]] = [11, 10]
# Query 0 comes back after others, so its spread-out row must be set up again.
QUERIES = np.array([0, 0, 0, 2, 4, 4, 1, 0])
OTHERS = np.array([1, 2, 3, 0, 0, 2, 4, 4])


def _arrays(row):
    columns = sorted(row)
    return (np.array(columns), np.array([row[c][0] for c in columns]), np.array([row[c][1] for c in columns]))


def _expected(query, other, limit):
    """The sum of the shared columns' products, and the query's labels of the ``limit``
    largest products, largest first, ties by form."""
    shared = [(value * ROWS[query][column][0], ROWS[query][column][1])
              for column, (value, _) in sorted(ROWS[other].items()) if column in ROWS[query]]
    strongest = sorted(shared, key=lambda product_label: (-product_label[0], FORM_RANKS[product_label[1]]))
    return sum(product for product, _ in shared), [label for _, label in strongest[:limit]]


@pytest.mark.parametrize("added_rows", [0, 2])
@pytest.mark.parametrize("limit", [2, 5])
def test_shared_keys_sum_the_shared_products_and_list_the_largest_first_ties_by_form(added_rows, limit):
    # Rows added after the last compaction wait in the delta part: arrays_for copies them.
    store = GrowingRows([_arrays(row) for row in ROWS[: len(ROWS) - added_rows]])
    for row in ROWS[len(ROWS) - added_rows :]:
        store.append(*_arrays(row))
    assert store.delta_rows == added_rows
    indptr, columns, values, labels, places = store.arrays_for(np.concatenate((QUERIES, OTHERS)))

    sums, chosen, bounds = kernels.shared_keys(places[: len(QUERIES)], places[len(QUERIES) :], indptr, columns,
                                               values, labels, FORM_RANKS, limit, WIDTH)

    expected = [_expected(query, other, limit) for query, other in zip(QUERIES.tolist(), OTHERS.tolist())]
    assert sums.tolist() == pytest.approx([total for total, _ in expected], rel=1e-12)
    listed = [chosen[bounds[pair] : bounds[pair + 1]].tolist() for pair in range(len(QUERIES))]
    assert listed == [labels for _, labels in expected]
    # The ties the rows were made for, written out.
    assert listed[0] == [2, 3, 1, 5][:limit] and listed[5] == [11, 10]
