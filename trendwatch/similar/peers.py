"""Two well-known ways of finding similar documents, run beside the engine in evaluation
and benchmarks: TF-IDF cosine (scikit-learn) and Lucene-style more-like-this (tantivy).

Both need the optional ``eval`` dependencies and are imported lazily.
"""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np

from .text import base_language

# tantivy ships Snowball stemmers; the peer stems the languages it can, so the
# comparison is not lost on morphology alone.
_TANTIVY_STEMMERS = {"en": "english", "ru": "russian"}


@dataclass(frozen=True)
class PeerDocument:
    """What a peer sees of a document."""

    id: str
    language: str
    text: str


class TfidfPeer:
    """Cosine of scikit-learn ``TfidfVectorizer`` vectors with its default settings."""

    def __init__(self, documents: list[PeerDocument]) -> None:
        from sklearn.feature_extraction.text import TfidfVectorizer

        self.ids = [d.id for d in documents]
        self._row_of = {doc_id: row for row, doc_id in enumerate(self.ids)}
        self._matrix = TfidfVectorizer().fit_transform([d.text for d in documents]).tocsr()

    def scores(self, doc_id: str) -> np.ndarray:
        """Cosine of ``doc_id`` with every document (order of ``ids``)."""
        row = self._matrix[self._row_of[doc_id]]
        return (self._matrix @ row.T).toarray().ravel()

    def ranking(self, doc_id: str, limit: int) -> list[tuple[str, float]]:
        """The ``limit`` documents closest to ``doc_id`` (itself excluded), best first, ties by id."""
        scores = self.scores(doc_id)
        ranked = sorted(
            ((other, float(score)) for other, score in zip(self.ids, scores) if other != doc_id and score > 0),
            key=lambda pair: (-pair[1], pair[0]),
        )
        return ranked[:limit]

    def pair_score(self, first_id: str, second_id: str) -> float:
        return float(self.scores(first_id)[self._row_of[second_id]])


class MoreLikeThisPeer:
    """tantivy's ``more_like_this_query`` with its default parameters, over an in-memory index."""

    def __init__(self, documents: list[PeerDocument]) -> None:
        import tantivy

        self._tantivy = tantivy
        builder = tantivy.SchemaBuilder()
        builder.add_text_field("id", stored=True, tokenizer_name="raw")
        self._field_of = {}
        for language, algorithm in _TANTIVY_STEMMERS.items():
            builder.add_text_field(f"text_{language}", stored=True, tokenizer_name=f"stem_{algorithm}")
            self._field_of[language] = f"text_{language}"
        builder.add_text_field("text_other", stored=True)
        self._index = tantivy.Index(builder.build())
        for algorithm in _TANTIVY_STEMMERS.values():
            analyzer = (
                tantivy.TextAnalyzerBuilder(tantivy.Tokenizer.simple())
                .filter(tantivy.Filter.remove_long(40))
                .filter(tantivy.Filter.lowercase())
                .filter(tantivy.Filter.stemmer(algorithm))
                .build()
            )
            self._index.register_tokenizer(f"stem_{algorithm}", analyzer)
        writer = self._index.writer(heap_size=128_000_000, num_threads=1)
        for document in documents:
            field = self._field_of.get(base_language(document.language), "text_other")
            writer.add_document(tantivy.Document(id=document.id, **{field: document.text}))
        writer.commit()
        writer.wait_merging_threads()
        self._index.reload()
        self._searcher = self._index.searcher()
        everything = self._searcher.search(tantivy.Query.all_query(), limit=max(1, len(documents)))
        self._address_of = {}
        self._id_at = {}
        for _, address in everything.hits:
            doc_id = self._searcher.doc(address)["id"][0]
            self._address_of[doc_id] = address
            self._id_at[address.segment_ord, address.doc] = doc_id

    def ranking(self, doc_id: str, limit: int) -> list[tuple[str, float]]:
        """Documents the more-like-this query of ``doc_id`` finds, best first (itself excluded)."""
        query = self._tantivy.Query.more_like_this_query(self._address_of[doc_id])
        # Only the hits: counting every match as well is work a ranking does not need.
        hits = self._searcher.search(query, limit=limit + 1, count=False).hits
        found = [(self._id_at[address.segment_ord, address.doc], float(score)) for score, address in hits]
        return [(other, score) for other, score in found if other != doc_id][:limit]

    def pair_score(self, first_id: str, second_id: str) -> float:
        for other, score in self.ranking(first_id, len(self._address_of)):
            if other == second_id:
                return score
        return 0.0
