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

from django.db.models.signals import post_delete
from django.dispatch import Signal, receiver
from wagtail.signals import page_published, page_unpublished

from trendwatch.pagecache.version import content_changed

from .models import ArticlePage

article_changed = Signal()
articles_changed_in_bulk = Signal()

_suspended = threading.local()


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
        _emit(instance.pk)


@receiver(post_delete, sender=ArticlePage)
def _deleted(sender, instance, **kwargs):
    _emit(instance.pk)


def refresh_after_bulk_change(page_ids, stage):
    """Send `articles_changed_in_bulk` for the given pages (published, edited or removed), then
    tell every process's page cache that content changed."""
    page_ids = sorted({int(pk) for pk in page_ids})
    if page_ids:
        articles_changed_in_bulk.send(sender=ArticlePage, page_ids=page_ids, stage=stage)
        content_changed()
