"""The compiled kernels against plain readings of small rows: the reasons' (``shared_keys``), the
fit's rows (``unit_rows``, ``key_columns``); and the word finder (``word_numbers``) on a hash collision and against ``text.words``."""

import numpy as np
import pytest

from trendwatch.similar import kernels
from trendwatch.similar.features import _WordIndex, word_characters
from trendwatch.similar.kernels import words as word_finder
from trendwatch.similar.kernels.fit_rows import _pairwise_sum
from trendwatch.similar.rows import GrowingRows
from trendwatch.similar.text import APOSTROPHES, OTHER_APOSTROPHES, plain_apostrophes, words

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


# -- the rows of a fit (kernels.unit_rows, kernels.key_columns) ---------------------------------


def _random_rows(seed, lengths):
    """CSR rows of distinct unsorted columns, values from a few levels (so that ties are
    common) and distinct ranks per column."""
    rng = np.random.default_rng(seed)
    columns = np.concatenate([rng.choice(5000, size=n, replace=False) for n in lengths]).astype(np.int32)
    values = rng.choice([0.5, 0.75, 1.0, 1.25, 2.0, 3.5], size=len(columns)) * rng.choice([1.0, 1.0, 0.3], size=len(columns))
    ranks = rng.permutation(5000)
    indptr = np.concatenate(([0], np.cumsum(lengths))).astype(np.int64)
    return indptr, columns, values, ranks


@pytest.mark.parametrize("count", [1, 2, 7, 8, 9, 127, 128, 129, 136, 200, 257, 300, 1000, 3001])
def test_pairwise_sum_adds_as_numpy_reduceat(count):
    values = np.random.default_rng(count).random(count) * 10.0 ** np.random.default_rng(1).integers(-8, 8, count)
    total = values[0] + _pairwise_sum(values, 1, count - 1)
    assert total == np.add.reduceat(values, [0])[0]  # exactly: the same additions in the same order


@pytest.mark.parametrize("keep", [-1, 1, 5, 40])
def test_unit_rows_keep_the_strongest_divided_by_their_norm_in_column_order(keep):
    lengths = [0, 1, 3, 5, 6, 40, 41, 130, 300]
    indptr, columns, values, ranks = _random_rows(keep + 2, lengths)
    values[indptr[4] : indptr[5]] = 0.0  # a row of zeros is left empty
    labels = np.arange(len(columns), dtype=np.int32) + 100

    out_indptr, out_columns, out_values, out_labels = kernels.unit_rows(indptr, columns, values, labels,
                                                                          ranks[columns], keep)

    for row in range(len(lengths)):
        entries = list(range(indptr[row], indptr[row + 1]))
        strongest = sorted(entries, key=lambda e: (-values[e], ranks[columns[e]]))
        kept = sorted(strongest if keep < 0 else strongest[:keep])  # entry order, for the norm
        norm = np.sqrt(np.add.reduceat(values[kept] ** 2, [0])[0]) if kept else 0.0
        expected = sorted((columns[e], values[e] / norm, labels[e]) for e in kept) if norm else []
        got = slice(out_indptr[row], out_indptr[row + 1])
        assert list(zip(out_columns[got].tolist(), out_values[got].tolist(), out_labels[got].tolist())) == expected
    if keep == 5:
        assert out_indptr[5] - out_indptr[4] == 0 and np.diff(out_indptr).max() == 5


@pytest.mark.parametrize("key_terms, key_postings", [(1, 0), (3, 10), (30, 60), (30, 10**6)])
def test_key_columns_take_the_heaviest_terms_while_their_postings_fit(key_terms, key_postings):
    lengths = [0, 1, 2, 4, 30, 31, 90]
    indptr, columns, values, ranks = _random_rows(key_terms, lengths)
    frequencies = np.random.default_rng(5).integers(0, 25, size=len(columns))

    key_indptr, keys = kernels.key_columns(indptr, columns, values, ranks[columns], frequencies, key_terms,
                                           key_postings)

    for row in range(len(lengths)):
        entries = sorted(range(indptr[row], indptr[row + 1]), key=lambda e: (-values[e], ranks[columns[e]]))
        chosen, reached = [], 0
        for entry in entries[:key_terms]:
            reached += frequencies[entry]
            if chosen and reached > key_postings:
                break
            chosen.append(columns[entry])
        assert keys[key_indptr[row] : key_indptr[row + 1]].tolist() == sorted(chosen)
    if key_postings == 0:
        assert np.diff(key_indptr).tolist() == [0, 1, 1, 1, 1, 1, 1]  # always the first


def _codes(text):
    return np.frombuffer(text.encode("utf-32-le"), dtype=np.uint32)


def test_a_word_with_the_hash_of_another_known_word_is_told_apart_by_its_letters():
    # 64-bit hashes of real words hardly ever collide, so the table is written by hand:
    # "cat" is filed under the hash of "cog", in the slot where "cog" is looked for first.
    words = _WordIndex()
    words.add([("en", "cat"), ("en", "cog")])  # numbers 1 and 2
    english = words.language_number("en")
    hashed = np.array([word_finder._word_hash(_codes("cog"), 0, 3, english)], dtype=np.uint64)
    slots = np.full_like(words.slots, -1)
    home = int(hashed[0] & np.uint64(len(slots) - 1))
    for offset, number in enumerate((1, 2)):
        entry = [hashed.view(np.int64)[0], number, words.starts[number], (3 << 32) + english]
        slots[(home + offset) % len(slots)] = entry
    text = _codes("cog cat")
    numbers, *_ = kernels.word_numbers(text, np.array([0, len(text)]), np.array([english]), word_characters(), slots,
                                       words.chars)
    # "cog" is found past "cat", which shares its hash; "cat" is not under its own hash.
    assert numbers.tolist() == [2, -1]


# Dashes, the underscore and the modifier primes join no words; apostrophes join them inside one.
WORD_MARKS = APOSTROPHES + "-‐‑‒–—―−_ʹʺ"


def test_the_word_finder_reads_every_apostrophe_and_dash_as_text_words_does():
    # The compiled finder keeps its own copy of the apostrophes: numba compiles globals in.
    assert {chr(code) for code in word_finder._OTHER_APOSTROPHES} == set(OTHER_APOSTROPHES)
    index = _WordIndex()
    for mark in WORD_MARKS:
        text = f"Сям{mark}я {mark}don{mark}t{mark} a{mark}{mark}b 12{mark}5. O{mark}Brien{mark}s"
        codes = _codes(text)
        _, starts, ends, _ = kernels.word_numbers(codes, np.array([0, len(codes)]),
                                                  np.array([index.language_number("en")]), word_characters(),
                                                  index.slots, index.chars)
        found = [plain_apostrophes(text[start:end]) for start, end in zip(starts.tolist(), ends.tolist())]
        assert found == words(text), mark
