"""The engine's view of the published archive, kept in step with the database by each process.

Every worker process holds one `SimilarityIndex`. Before it recomputes anything it compares the
live revisions in the database with what its index has seen and applies the difference, so several
workers (or app servers running tasks in process) never work from a stale corpus.
"""

import datetime
import json
import threading
import time

from django.conf import settings
from django.db import connection, transaction
from django.db.models import Max
from django.utils import timezone

from trendwatch.entities.matching import entity_ids_by_article
from trendwatch.memory import return_freed_memory
from trendwatch.publishing.models import ArticlePage, published_articles
from trendwatch.publishing.plain_sql import RowSpool, insert_rows
from trendwatch import similar
from trendwatch.similar import Config, Document

from .models import DocumentChange, Neighbour, TextSketch

# Lists keep more entries than a box shows: reading them skips excluded, pinned and untranslated ones.
STORED_NEIGHBOURS = 20
# The engine keeps word statistics frozen between fits so that incremental lists stay exact; once
# this share of the archive has changed since the last fit, a new fit refreshes them (and all lists).
STATISTICS_REFRESH_SHARE = 0.1

# Days a logged change is kept: a process that has not synced its index for half as long compares
# every page instead of reading the log.
CHANGE_LOG_DAYS = 7

_lock = threading.Lock()
_index = None
_seen_revisions = {}
_last_change = 0  # the newest DocumentChange applied to _index
_synced_at = 0.0


# What the engine reads of a page, read as plain values: model instances of a whole archive took
# most of a rebuild's memory.
_DOCUMENT_FIELDS = ("pk", "locale__language_code", "title", "lead", "body", "published_at", "trend__slug", "translation_key")


def _document(row, entities):
    pk, language, title, lead, body, published_at, trend, translation_key = row
    return Document(
        id=str(pk),
        language=language,
        title=title,
        lead=lead,
        body=body or "",  # the engine reads markup: blocks end sentences, words never run together
        published=timezone.localdate(published_at) if published_at else None,
        trend=trend,
        translation_group=str(translation_key),
        entities=entities.get(pk, ()),
    )


def _live_revisions(pks=None):
    """{page id: live revision id} of the given published pages (default None: of all of them)."""
    if pks is None:
        return dict(published_articles().values_list("pk", "live_revision_id"))
    pks = list(pks)
    live = {}
    for start in range(0, len(pks), LOAD_BATCH):
        live.update(published_articles().filter(pk__in=pks[start : start + LOAD_BATCH]).values_list("pk", "live_revision_id"))
    return live


# Pages read per query, well under every database's limit on query parameters.
LOAD_BATCH = 500


def documents_of(pks=None):
    """Documents of the given published pages (default None: of every published page), with the
    entities the entities app found in them."""
    articles = published_articles().order_by("pk").values_list(*_DOCUMENT_FIELDS)
    if pks is None:
        rows = articles.iterator(chunk_size=LOAD_BATCH)
        entities = entity_ids_by_article(None)
    else:
        pks = list(pks)
        rows = [row for start in range(0, len(pks), LOAD_BATCH) for row in articles.filter(pk__in=pks[start : start + LOAD_BATCH])]
        entities = entity_ids_by_article(pks)
    return [_document(row, entities) for row in rows]


def synced_index(sketch_all=False, stage=None, changed=()):
    """The process's index, brought up to date with the database; returns (index, affected ids).

    It applies the changes logged since it last looked (`DocumentChange`) and those of the `changed`
    page ids. The text sketches of the pages it learns of are stored on the way; sketch_all: those
    of every published page when it fits a new index (else only those missing or made from an older
    revision). stage: see `rebuild`.
    """
    global _index, _last_change, _synced_at
    newest = DocumentChange.objects.aggregate(newest=Max("id"))["newest"] or 0
    if _index is None:
        _index = _fit(_live_revisions(), sketch_all, stage)
        affected = set()
    elif time.monotonic() - _synced_at > CHANGE_LOG_DAYS * 86400 / 2:  # the log may have lost changes since
        live = _live_revisions()
        changed = {pk for pk, revision in live.items() if _seen_revisions.get(pk) != revision}
        affected = _apply_changes(live, (set(_seen_revisions) - set(live)) | changed)
    else:
        logged = set(DocumentChange.objects.filter(id__gt=_last_change, id__lte=newest).values_list("page_id", flat=True))
        logged |= {int(pk) for pk in changed}
        affected = _apply_changes(_live_revisions(logged), logged)
    _last_change, _synced_at = newest, time.monotonic()
    if _index.statistics_age >= max(1, STATISTICS_REFRESH_SHARE * _index.statistics.document_count):
        _index = _fit(_live_revisions())
        affected = set(_index.ids())
    return _index, affected


def _apply_changes(live, pks):
    """Take the given pages out of the index and put back those published (`live`: {page id: live
    revision}); returns the ids whose lists may have changed. Many changes refit the index instead."""
    global _index
    if len(pks) >= max(2, STATISTICS_REFRESH_SHARE * len(_seen_revisions)):
        _index = _fit(_live_revisions())
        return set(_index.ids())
    affected = set()
    for pk in pks - set(live):
        if str(pk) in _index:
            affected |= _index.remove(str(pk))
        _seen_revisions.pop(pk, None)
    documents = documents_of([pk for pk in pks if pk in live])
    for document in documents:
        affected |= _index.add(document)
    _store_sketches(documents, live)
    _seen_revisions.update({pk: live[pk] for pk in pks if pk in live})
    return affected


def log_changes(page_ids):
    """Record that the documents of these pages changed, for every process's index (and forget
    what is older than CHANGE_LOG_DAYS)."""
    DocumentChange.objects.bulk_create([DocumentChange(page_id=pk) for pk in page_ids], batch_size=5000)
    DocumentChange.objects.filter(logged_at__lt=timezone.now() - datetime.timedelta(days=CHANGE_LOG_DAYS)).delete()


def _fit(live, sketch_all=False, stage=None):
    global _seen_revisions
    _seen_revisions = live
    documents = documents_of()
    index = similar.SimilarityIndex(_engine_config()).fit(documents, progress=stage and stage("analysing articles"))
    if not sketch_all:
        sketched = dict(TextSketch.objects.values_list("page_id", "live_revision"))
        documents = [document for document in documents if sketched.get(int(document.id)) != live[int(document.id)]]
    _store_sketches(documents, live, stage and stage("text sketches"))
    return index


# Sketches made and stored at a time (and between two progress reports).
_SKETCH_BATCH = 1000


def _store_sketches(documents, live, progress=None):
    """Store (or replace) the text sketches of `documents`, made from the `live` revisions (page id ->
    revision id; see `TextSketch`)."""
    for start in range(0, len(documents), _SKETCH_BATCH):
        sketches = [
            TextSketch(page_id=int(document.id), sketch=list(similar.text_sketch(document)), live_revision=live[int(document.id)])
            for document in documents[start : start + _SKETCH_BATCH]
        ]
        TextSketch.objects.bulk_create(
            sketches, update_conflicts=True, unique_fields=["page"], update_fields=["sketch", "live_revision"]
        )
        if progress is not None:
            progress(start + len(sketches), len(documents))


def _engine_config():
    return Config(list_length=STORED_NEIGHBOURS, **settings.SIMILAR_ENGINE)


def warm_up():
    """Fit this process's index now (a worker starting), not in its first task."""
    with _lock:
        synced_index()


def forget():
    """Drop this process's index; the next task fits a fresh one from the database."""
    global _index, _seen_revisions, _last_change, _synced_at
    with _lock:
        _index, _seen_revisions, _last_change, _synced_at = None, {}, 0, 0.0


def refresh(page_ids=()):
    """Bring stored lists up to date after the given pages changed (published, edited, removed)."""
    if touches_much(page_ids):
        rebuild()
        return
    with _lock:
        freshly_fitted = _index is None
        index, affected = synced_index(changed=page_ids)
        if freshly_fitted:
            affected |= _lists_holding(index, page_ids)
        affected |= {str(pk) for pk in page_ids}
        # Lists that still name a page that has gone must be recomputed too.
        gone = [pk for pk in page_ids if str(pk) not in index]
        affected |= {str(pk) for pk in Neighbour.objects.filter(neighbour_id__in=gone).values_list("article_id", flat=True)}
        store({pk: index.neighbours(pk, k=STORED_NEIGHBOURS) for pk in affected if pk in index}, drop=[pk for pk in affected if pk not in index])


# A change of at least this share of the archive recomputes every list at once, which costs less
# than one list at a time; a bulk writer (an import) does it in its own process, with progress bars.
BULK_REBUILD_SHARE = 0.1


def touches_much(page_ids):
    """Whether a change of these pages is cheaper to follow by recomputing every list (`rebuild`)."""
    return len(page_ids) > 1 and len(page_ids) >= BULK_REBUILD_SHARE * published_articles().count()


def _lists_holding(index, page_ids):
    """The ids whose lists hold the given pages, in a newly fitted index or as stored.

    A process that has just fitted its index (a worker's first task) has every list right, but
    cannot tell which of them differ from the stored ones: the changed pages belong in some lists
    (taking each page out and putting it back makes the index name them) and may have left others.
    """
    holding = {str(pk) for pk in Neighbour.objects.filter(neighbour_id__in=page_ids).values_list("article_id", flat=True)}
    for document in documents_of([pk for pk in page_ids if str(pk) in index]):
        holding |= index.remove(document.id)
        holding |= index.add(document)
    return holding


def rebuild(stage=None):
    """Recompute every list (and text sketch) from scratch (the `rebuild_similar` command); returns
    the number of lists.

    stage: `callable(name)` called as each stage starts (analysing articles, text sketches,
    similar lists), giving the stage's `callable(done, total)` progress report.
    """
    global _index
    with _lock:
        _index = None
        return_freed_memory()  # the old index's, and a bulk writer's earlier steps'
        index, _changed = synced_index(sketch_all=True, stage=stage)
        # Lists are turned into rows as they come and spooled to a file: 50,000 lists with their
        # reasons took gigabytes as objects. The rows are written in one short transaction at the end.
        groups = _groups_of(None)
        listed = []
        lists = index.iter_neighbours(k=STORED_NEIGHBOURS, progress=stage and stage("similar lists"))
        with RowSpool(_rows_of(_noted(lists, listed), groups)) as rows:
            with transaction.atomic():
                Neighbour.objects.all().delete()
                insert_rows(Neighbour, NEIGHBOUR_FIELDS, rows, prepared=True)
        return len(listed)


def _noted(lists, listed):
    """The (id, neighbours) pairs of `lists`, adding to `listed` the ids of those with neighbours."""
    for pk, neighbours in lists:
        if neighbours:
            listed.append(pk)
        yield pk, neighbours


def store(lists, drop=()):
    """Replace the stored lists of the articles in `lists` ({id: neighbours}) and drop those of `drop`."""
    listed = {int(pk) for pk in lists} | {int(found.id) for neighbours in lists.values() for found in neighbours}
    rows = list(_rows_of(lists.items(), _groups_of(listed)))
    with transaction.atomic():
        Neighbour.objects.filter(article_id__in=[int(pk) for pk in [*lists, *drop]]).delete()
        insert_rows(Neighbour, NEIGHBOUR_FIELDS, rows, prepared=True)


NEIGHBOUR_FIELDS = ("article_id", "neighbour_id", "group", "neighbour_group", "rank", "score", "reasons")


def _groups_of(pks):
    """{page id: its translation key as the database stores it} of the given pages (None: of all)."""
    group = Neighbour._meta.get_field("group")
    pages = ArticlePage.objects.all() if pks is None else ArticlePage.objects.filter(pk__in=pks)
    return {pk: group.get_db_prep_save(key, connection) for pk, key in pages.values_list("pk", "translation_key")}


def _rows_of(lists, groups):
    """The rows (in NEIGHBOUR_FIELDS order, values ready for the database) of `lists`, pairs of
    (id, neighbours); pages that no longer exist are left out."""
    # JSON text, which every database takes for a JSON column: PostgreSQL's driver otherwise holds
    # each row's reasons as a dict until it is sent.
    encoder = Neighbour._meta.get_field("reasons").encoder
    for pk, neighbours in lists:
        pk = int(pk)
        if pk not in groups:
            continue
        for rank, found in enumerate(neighbours):
            neighbour = int(found.id)
            if neighbour in groups:
                yield (pk, neighbour, groups[pk], groups[neighbour], rank, found.score,
                       json.dumps(found.reasons.to_dict(), cls=encoder))
