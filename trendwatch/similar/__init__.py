"""Similar articles: a framework-free engine that ranks an archive's documents by similarity
and says why (shared terms and names, same trend, publication dates).

Plain data in (``Document``), plain data out (``Neighbour`` with ``Reasons``); never
imports Django.
"""

from .config import Config
from .document import Document, Neighbour, Reasons
from .duplicates import near_duplicates, sketches_are_near_duplicates, text_sketch

__all__ = [
    "Config",
    "CorpusStatistics",
    "Document",
    "Neighbour",
    "Reasons",
    "SimilarityIndex",
    "near_duplicates",
    "sketches_are_near_duplicates",
    "text_sketch",
]


def __getattr__(name):
    # The index brings the compiled kernels (numba: about 0.2 s and 50 MB per process): only the
    # processes that rank documents load them, not every process that imports the names module.
    if name in ("CorpusStatistics", "SimilarityIndex"):
        from . import index

        return getattr(index, name)
    raise AttributeError(f"module {__name__!r} has no attribute {name!r}")
