"""BM25's weight of a term's rarity, one formula for the engine and site search."""

from __future__ import annotations

import numpy as np


def idf(document_frequency, document_count):
    """BM25 inverse document frequency of a term in ``document_frequency`` of ``document_count``
    documents (numbers or arrays alike); never negative, unlike the original formula, where a
    term in more than half of the documents would count against a match."""
    return np.log1p((document_count - document_frequency + 0.5) / (document_frequency + 0.5))
