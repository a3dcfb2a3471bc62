"""Publishing an article emits one event; similar-article lists react to it in the background."""

import threading
from contextlib import contextmanager

from django.db.models.signals import post_delete
from django.dispatch import receiver
from wagtail.signals import page_published, page_unpublished

from trendwatch.publishing.models import ArticlePage


def _enqueue(page_id):
    if getattr(_suspended, "active", False):
        return
    from .tasks import refresh_similar

    # Enqueued inside the publishing transaction: the database queue commits or drops the task with
    # the change itself, and in-process tasks see the change they react to.
    refresh_similar.enqueue([page_id])


@receiver(page_published)
@receiver(page_unpublished)
def article_changed(sender, instance, **kwargs):
    if isinstance(instance, ArticlePage):
        _enqueue(instance.pk)


@receiver(post_delete)
def article_deleted(sender, instance, **kwargs):
    if isinstance(instance, ArticlePage):
        _enqueue(instance.pk)


_suspended = threading.local()


@contextmanager
def similar_events_suspended():
    """Bulk loads publish hundreds of pages; they rebuild the lists once at the end instead."""
    _suspended.active = True
    try:
        yield
    finally:
        _suspended.active = False
