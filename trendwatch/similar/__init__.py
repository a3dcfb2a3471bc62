"""Similar articles: a framework-free engine that ranks an archive's documents by similarity
and says why (shared terms and names, same trend, publication dates).

Plain data in (``Document``), plain data out (``Neighbour`` with ``Reasons``); never
imports Django.
"""

from .config import Config
from .document import Document, Neighbour, Reasons
from .duplicates import near_duplicates
from .index import CorpusStatistics, SimilarityIndex

__all__ = [
    "Config",
    "CorpusStatistics",
    "Document",
    "Neighbour",
    "Reasons",
    "SimilarityIndex",
    "near_duplicates",
]
