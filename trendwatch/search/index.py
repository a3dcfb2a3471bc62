"""Keeping the search index in step with what is published."""

from collections import Counter
from contextlib import contextmanager

from django.db import connection, transaction
from django.db.models import F

from trendwatch.publishing.models import published_articles
from trendwatch.publishing.plain_sql import insert_rows, table_written_anew
from trendwatch.similar.forks import fork_workers, in_forks
from trendwatch.similar.text import analyse

from .models import COVERING_INDEX, STEM_MAX_LENGTH, Posting, SearchDocument, SearchTerm

# A word in the headline says more about what an article is about than one in the lead, and a
# word in the lead more than one in the body. The lead weighs more here than in the engine's
# similar articles (`Config.lead_boost`, 1.5): a query asks what an article is about, which its lead
# states, while the engine compares whole texts with weights tuned on its evaluation sets.
FIELD_WEIGHTS = {"title": 3.0, "lead": 2.0, "body": 1.0}
# Ids per DELETE statement, well under every database's limit on query parameters.
DELETE_BATCH = 500
# Above this many pages, counting the whole vocabulary afresh is cheaper than stem by stem.
VOCABULARY_RECOUNT_PAGES = 1000
# From this share of the archive on, building the postings' lookup index anew beats adding to it.
INDEX_REBUILT_SHARE = 0.25
ARTICLE_TEXT_FIELDS = ("pk", "locale__language_code", "title", "lead", "body")


def terms(text, language):
    """The index's terms for `text` (HTML allowed) in `language`: stems, cut to fit the column."""
    return [stem[:STEM_MAX_LENGTH] for stem in analyse(text, language)]


def weighted_stems(texts, language):
    """(stem -> weighted frequency, number of words) of one article's texts ({field: text})."""
    weights = Counter()
    length = 0
    for field, field_weight in FIELD_WEIGHTS.items():
        stems = terms(texts[field] or "", language)
        length += len(stems)
        for stem in stems:
            weights[stem] += field_weight
    return weights, length


def _rows_of(articles):
    """(document rows, posting rows) of ``articles``, each (id, language, title, lead, body):
    the analysis, run in forked workers when many articles are indexed (see `_store`)."""
    documents, postings = [], []
    for article_id, language, title, lead, body in articles:
        weights, length = weighted_stems({"title": title, "lead": lead, "body": body}, language)
        documents.append((article_id, language, length))
        postings.extend((article_id, language, length, stem, weight) for stem, weight in weights.items())
    return documents, postings


def _store(batches, workers=1, postings_table=None):
    """Index the published articles among each batch of ids, which have no rows; yields the
    (language, stem) pairs of each batch, with the number of its articles that have each, once
    it is written. ``workers`` processes analyse; ``postings_table``: where the postings go
    (default None: the model's table)."""
    texts = (published_articles().filter(pk__in=batch).values_list(*ARTICLE_TEXT_FIELDS) for batch in batches)
    for documents, postings in in_forks(_rows_of, (list(rows) for rows in texts), workers):
        insert_rows(SearchDocument, ("article_id", "language", "length"), documents)
        insert_rows(Posting, ("article_id", "language", "document_length", "stem", "weight"), postings, table=postings_table)
        yield Counter((language, stem) for _article, language, _length, stem, _weight in postings)


def _forget(article_ids=None, models=(Posting, SearchDocument), stems_wanted=False):
    """Delete the index rows (of `models`) of the given articles (default None: of every article);
    stems_wanted: return the (language, stem) of each deleted posting, read by the DELETE itself.

    Reading the stems in the statement that deletes them makes a task's first touch of the
    postings a write: a task that read them first, then waited to write while a full rebuild
    swapped the table (`table_written_anew`), would hold up the swap and deadlock with it.

    Plain SQL: the ORM would first load every row to send deletion signals that no one needs here.
    The statements are built from the models' own quoted table names and %s placeholders only; the
    ids travel as parameters (the nosec: bandit cannot tell a quoted table name from user input).
    """
    quote = connection.ops.quote_name
    stems = []
    with connection.cursor() as cursor:
        for model in models:
            table = quote(model._meta.db_table)
            if article_ids is None:
                cursor.execute(f"DELETE FROM {table}")  # nosec B608
                continue
            returning = ""
            if stems_wanted and model is Posting:
                returning = f" RETURNING {quote(Posting._meta.get_field('language').column)}, {quote(Posting._meta.get_field('stem').column)}"
            for start in range(0, len(article_ids), DELETE_BATCH):
                batch = article_ids[start : start + DELETE_BATCH]
                placeholders = ", ".join(["%s"] * len(batch))
                cursor.execute(f"DELETE FROM {table} WHERE article_id IN ({placeholders}){returning}", batch)  # nosec B608
                if returning:
                    stems.extend(cursor.fetchall())
    return stems


def reindex(page_ids, progress=None, batch_size=500):
    """Index the given pages again: published ones with their live text, the others not at all.

    `progress` (default None) is called with (done, total) after each batch of `batch_size`
    (default 500) pages. The vocabulary's counts follow: they change by the articles each stem
    gained or lost, or, for more than VOCABULARY_RECOUNT_PAGES pages, are all counted afresh.
    """
    page_ids = [int(pk) for pk in page_ids]
    in_bulk = len(page_ids) > VOCABULARY_RECOUNT_PAGES
    change = Counter()  # (language, stem) -> articles gained (or lost, below zero)
    with transaction.atomic():
        with _lookup_index_built_at_the_end(in_bulk and len(page_ids) >= INDEX_REBUILT_SHARE * published_articles().count()):
            batches = [page_ids[start : start + batch_size] for start in range(0, len(page_ids), batch_size)]
            for batch in batches:
                change.subtract(_forget(batch, stems_wanted=not in_bulk))  # the stems the pages had
            done = 0
            for written, batch in zip(_store(batches, fork_workers(len(page_ids))), batches):
                if not in_bulk:
                    change.update(written)
                done += len(batch)
                if progress:
                    progress(done, len(page_ids))
        if in_bulk:
            _count_every_term()
        else:
            _change_counts(change)


def rebuild(progress=None, batch_size=100):
    """Index every published article from scratch; returns how many were indexed.

    `progress` (default None) is called with (done, total) after each batch of `batch_size`
    (default 100) articles.
    """
    ids = list(published_articles().values_list("pk", flat=True))
    with transaction.atomic():
        _forget(models=[SearchDocument])
        with table_written_anew(Posting) as postings:
            with _lookup_index_built_at_the_end(True):
                batches = [ids[start : start + batch_size] for start in range(0, len(ids), batch_size)]
                done = 0
                for _written, batch in zip(_store(batches, fork_workers(len(ids)), postings), batches):
                    done += len(batch)
                    if progress:
                        progress(done, len(ids))
            _count_every_term(postings)
    return len(ids)


@contextmanager
def _lookup_index_built_at_the_end(applies):
    """On SQLite, the postings' covering index is dropped while a large share of the archive is
    written and built again at the end, inside the caller's transaction: SQLite sorts a whole index
    in seconds, where rows put one by one at random places in it took most of a rebuild (62 of
    110 s at 10,000 articles). Readers meanwhile search the snapshot before the transaction.
    PostgreSQL keeps the index: dropping it would lock searches out of the table until the end (a
    full rebuild writes a copy of the table instead, see `table_written_anew`)."""
    if not applies or connection.vendor != "sqlite":
        yield
        return
    covering = next(index for index in Posting._meta.indexes if index.name == COVERING_INDEX)
    quote = connection.ops.quote_name
    columns = ", ".join(quote(Posting._meta.get_field(name).column) for name in covering.fields)
    # Names from the model's own definition only (nosec as in `_forget`).
    with connection.cursor() as cursor:
        cursor.execute(f"DROP INDEX {quote(covering.name)}")  # nosec B608
        yield
        cursor.execute(f"CREATE INDEX {quote(covering.name)} ON {quote(Posting._meta.db_table)} ({columns})")  # nosec B608


def _change_counts(change):
    """Add ``change`` ((language, stem) -> articles gained, or lost below zero) to the vocabulary's
    counts. The work follows the article's words: counting a common word's articles again from its
    postings read tens of thousands of them per publication at 50,000 articles. Concurrent
    publications add to the same rows safely (one UPDATE each, in the caller's transaction)."""
    change = {term: amount for term, amount in change.items() if amount}
    SearchTerm.objects.bulk_create(
        [SearchTerm(language=language, stem=stem, documents=0) for (language, stem), amount in change.items() if amount > 0],
        ignore_conflicts=True,
    )
    by_amount = {}
    for (language, stem), amount in change.items():
        by_amount.setdefault((language, amount), []).append(stem)
    for (language, amount), stems in by_amount.items():
        for start in range(0, len(stems), DELETE_BATCH):
            chunk = SearchTerm.objects.filter(language=language, stem__in=stems[start : start + DELETE_BATCH])
            chunk.update(documents=F("documents") + amount)
            if amount < 0:
                chunk.filter(documents__lte=0).delete()


def _count_every_term(postings_table=None):
    """The whole vocabulary counted afresh from the postings (in `postings_table`, default None: the
    model's table) in one statement of quoted names (nosec as in `_forget`)."""
    quote = connection.ops.quote_name
    term, posting = quote(SearchTerm._meta.db_table), quote(postings_table or Posting._meta.db_table)
    with connection.cursor() as cursor:
        cursor.execute(f"DELETE FROM {term}")  # nosec B608
        cursor.execute(
            f"INSERT INTO {term} (language, stem, documents) "  # nosec B608
            f"SELECT language, stem, COUNT(*) FROM {posting} GROUP BY language, stem"
        )
