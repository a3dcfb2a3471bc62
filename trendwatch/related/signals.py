"""Similar-article lists react to publishing's one event in the background."""

import threading
from contextlib import contextmanager

from django.dispatch import receiver

from trendwatch.publishing.events import article_changed


@receiver(article_changed)
def refresh_article_lists(sender, page_id, **kwargs):
    if getattr(_suspended, "active", False):
        return
    from .tasks import refresh_similar

    refresh_similar.enqueue([page_id])


_suspended = threading.local()


@contextmanager
def similar_events_suspended():
    """Bulk loads publish hundreds of pages; they rebuild the lists once at the end instead."""
    _suspended.active = True
    try:
        yield
    finally:
        _suspended.active = False
