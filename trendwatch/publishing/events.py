"""Publishing emits one event per article change; related, search and entities react to it.

`article_changed` is sent with `page_id` when an article is published (or republished after an
edit), unpublished or deleted. Receivers enqueue their background work; they run inside the
publishing transaction, so a database task queue commits or drops the task with the change.

Writers of many articles at once (imports, the demo archive) suspend the per-article event and,
once their writing is committed, send `articles_changed_in_bulk` with every `page_ids` and a
`stage` (see `trendwatch.progress.stage_bars`): each receiver brings its own records up to date
before the writer returns, reporting its progress in a stage of its own.
"""

import threading
from contextlib import contextmanager

from django.db.models.signals import post_delete, post_save
from django.dispatch import Signal, receiver
from wagtail.models import Page, PageViewRestriction
from wagtail.signals import page_published, page_unpublished

from trendwatch.memory import return_freed_memory
from trendwatch.pagecache.version import content_changed

from .listed_stories import list_stories_again
from .models import ArticlePage
from .plain_sql import tidy_after_bulk_write

article_changed = Signal()
articles_changed_in_bulk = Signal()

_suspended = threading.local()
# Page ids read per query, well under every database's limit on query parameters.
BULK_ID_BATCH = 500


@contextmanager
def article_events_suspended():
    """No `article_changed` while this block runs (in this thread)."""
    _suspended.active = True
    try:
        yield
    finally:
        _suspended.active = False


def _emit(page_id):
    if not getattr(_suspended, "active", False):
        article_changed.send(sender=ArticlePage, page_id=page_id)


@receiver(page_published)
@receiver(page_unpublished)
def _published_or_unpublished(sender, instance, **kwargs):
    if isinstance(instance, ArticlePage):
        list_stories_again([instance.translation_key])
        _emit(instance.pk)


@receiver(post_delete, sender=ArticlePage)
def _deleted(sender, instance, **kwargs):
    list_stories_again([instance.translation_key])
    _emit(instance.pk)


@receiver(post_save, sender=PageViewRestriction)
@receiver(post_delete, sender=PageViewRestriction)
def _restricted_or_opened(sender, instance, **kwargs):
    """What a restriction hides (or stops hiding) leaves the reader lists, or comes back to them."""
    path = Page.objects.filter(pk=instance.page_id).values_list("path", flat=True).first()
    if path is not None:  # None: the page itself is being deleted, which lists its stories again
        under = ArticlePage.objects.filter(path__startswith=path)
        list_stories_again(under.values_list("translation_key", flat=True).distinct())


def refresh_after_bulk_change(page_ids, stage):
    """List the given pages' commentaries again (published, edited or removed), send
    `articles_changed_in_bulk` for them, then tell every process's page cache that content changed."""
    page_ids = sorted({int(pk) for pk in page_ids})
    if page_ids:
        return_freed_memory()  # a writer's records, let go (an import's took most of a gigabyte)
        keys = set()
        for start in range(0, len(page_ids), BULK_ID_BATCH):
            batch = page_ids[start : start + BULK_ID_BATCH]
            keys.update(ArticlePage.objects.filter(pk__in=batch).values_list("translation_key", flat=True))
        list_stories_again(keys, progress=stage("reader lists"))
        articles_changed_in_bulk.send(sender=ArticlePage, page_ids=page_ids, stage=stage)
        content_changed()
        tidy_after_bulk_write()
