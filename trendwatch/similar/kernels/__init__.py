"""Compiled loops of a rebuild (numba): words of texts, content scores of pairs, pruning, shared keys.

They take plain CSR arrays (``indptr``, ``indices``, ``data``), give the same numbers as
``GrowingRows.dot``, which an ``add`` scores with (each sum adds the same products in the
same order: incremental lists must equal a fit's), and release the GIL, so that threads
share a rebuild without copies of the index (``jit`` says how they are compiled).
"""

from .fit_rows import key_columns, unit_rows
from .lists import enter_pairs, kept_for_lists, may_enter, merge_lists
from .pairs import all_pair_contents, candidate_contents
from .reasons import shared_keys
from .words import index_words, word_numbers

__all__ = [
    "all_pair_contents",
    "candidate_contents",
    "enter_pairs",
    "index_words",
    "kept_for_lists",
    "key_columns",
    "may_enter",
    "merge_lists",
    "shared_keys",
    "unit_rows",
    "word_numbers",
]
