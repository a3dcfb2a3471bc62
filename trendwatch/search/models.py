"""The site's own inverted index: stemmed words of every published article, weighted by field.

Databases differ in full-text search (SQLite's does not stem at all), so the index is plain
tables that behave the same everywhere; the engine's analysers do the language work.

The index follows the articles through tasks (see `signals.py`), not through database cascades:
Wagtail announces a deletion as an unpublication while the page is still in the database, and a
task run in process at that moment must be able to write rows that the deletion then leaves
alone. A row about an article that is gone is never shown (searches join the published articles)
and goes with the next task about it or the next rebuild.
"""

from django.db import models

# Longer "words" (pasted URLs, runs of letters) are cut so that they fit the column on every database.
STEM_MAX_LENGTH = 64


def _article_link(field_class=models.ForeignKey, **options):
    return field_class(
        "publishing.ArticlePage", on_delete=models.DO_NOTHING, db_constraint=False, related_name="+", **options
    )


class SearchDocument(models.Model):
    """One indexed article: its language and length, from which BM25 takes its averages."""

    article = _article_link(models.OneToOneField, primary_key=True)
    language = models.CharField(max_length=10, db_index=True)
    length = models.PositiveIntegerField(help_text="Number of indexed words (title, lead and body).")


# The index a search reads postings from (see Posting.Meta).
COVERING_INDEX = "search_posting_covering"


class Posting(models.Model):
    """One stem of one article, with how often it occurs, weighted by the field it occurs in."""

    # No index of its own: the unique (article, stem) constraint's index finds an article's rows,
    # and a fourth index to keep up cost every write of the postings.
    article = _article_link(db_index=False)
    # Repeated from the document so that one index lookup gives everything a score needs.
    language = models.CharField(max_length=10)
    document_length = models.PositiveIntegerField()
    stem = models.CharField(max_length=STEM_MAX_LENGTH)
    weight = models.FloatField()

    class Meta:
        constraints = [models.UniqueConstraint(fields=["article", "stem"], name="one_posting_per_stem")]
        # Every column a search reads, so that a stem's postings come from the index alone
        # (a common name's 10,000 rows were 10,000 reads across the table on SQLite).
        indexes = [
            models.Index(fields=["language", "stem", "article", "weight", "document_length"], name=COVERING_INDEX)
        ]


class SearchTerm(models.Model):
    """A stem of the index with the number of articles it occurs in: the vocabulary that completes
    a query word's prefix and corrects its typos, read without scanning the postings."""

    language = models.CharField(max_length=10)
    stem = models.CharField(max_length=STEM_MAX_LENGTH)
    documents = models.PositiveIntegerField()

    class Meta:
        constraints = [models.UniqueConstraint(fields=["language", "stem"], name="one_term_per_stem")]

