"""What the engine is given (``Document``) and what it gives back (``Neighbour`` with ``Reasons``)."""

from __future__ import annotations

import datetime
from dataclasses import dataclass
from typing import NamedTuple


@dataclass(frozen=True)
class Document:
    """One article as plain data.

    Attributes:
        id: unique identifier, returned in neighbour lists.
        language: "en", "ru", "be" or any other tag (other languages get plain lowercase
            tokens); regional tags such as "ru-RU" are reduced to their base.
        title: headline.
        lead: standfirst paragraph [""].
        body: full text, HTML allowed: markup is stripped [""].
        published: publication date; a ``datetime`` is reduced to its date [None].
        trend: the monitored trend it belongs to [None].
        translation_group: documents sharing it are translations of one another and are
            never each other's neighbours [None].
        entities: canonical entity ids from the entities feature [()].
    """

    id: str
    language: str
    title: str
    lead: str = ""
    body: str = ""
    published: datetime.date | None = None
    trend: str | None = None
    translation_group: str | None = None
    entities: tuple[str, ...] = ()

    def __post_init__(self) -> None:
        if not isinstance(self.id, str) or not self.id:
            raise ValueError(f"Document.id must be a non-empty string, got {self.id!r}")
        where = f"Document {self.id!r}"
        for name in ("language", "title", "lead", "body"):
            if not isinstance(getattr(self, name), str):
                raise TypeError(f"{where}: {name} must be a string, got {type(getattr(self, name)).__name__}")
        for name in ("trend", "translation_group"):
            value = getattr(self, name)
            if value is not None and not isinstance(value, str):
                raise TypeError(f"{where}: {name} must be a string or None, got {type(value).__name__}")
        if isinstance(self.published, datetime.datetime):
            object.__setattr__(self, "published", self.published.date())
        elif self.published is not None and not isinstance(self.published, datetime.date):
            raise TypeError(f"{where}: published must be a date or None, got {type(self.published).__name__}")
        if isinstance(self.entities, str) or not hasattr(self.entities, "__iter__"):
            raise TypeError(f"{where}: entities must be a sequence of entity id strings, got {self.entities!r}")
        entities = tuple(self.entities)  # read once: a generator is used up by reading it
        if not all(isinstance(e, str) for e in entities):
            raise TypeError(f"{where}: entities must be a sequence of entity id strings")
        object.__setattr__(self, "entities", entities)


# Results are named tuples rather than dataclasses: a full rebuild makes about a million of
# each, and a frozen dataclass takes about twice as long to create.
class Reasons(NamedTuple):
    """Why two documents were found similar, ready to show to a reader.

    Attributes:
        shared_terms: the shared words that weigh most, as written in the query document.
        shared_names: shared capitalised names and entity ids, rarest first.
        same_trend: both documents belong to the same trend.
        days_apart: days between the publication dates, ``None`` when either is missing.
        contributions: each signal's share of the score ("lexical", "names", "semantic",
            "trend", "time"); the shares add up to 1.
    """

    shared_terms: tuple[str, ...]
    shared_names: tuple[str, ...]
    same_trend: bool
    days_apart: int | None
    contributions: dict[str, float]

    def to_dict(self) -> dict:
        """A JSON-ready dict of the reasons."""
        return {
            "shared_terms": list(self.shared_terms),
            "shared_names": list(self.shared_names),
            "same_trend": self.same_trend,
            "days_apart": self.days_apart,
            "contributions": dict(self.contributions),
        }


class Neighbour(NamedTuple):
    """A similar document: its id, its score (higher is more similar) and the reasons."""

    id: str
    score: float
    reasons: Reasons

    def to_dict(self) -> dict:
        """A JSON-ready dict of the neighbour."""
        return {"id": self.id, "score": self.score, "reasons": self.reasons.to_dict()}
