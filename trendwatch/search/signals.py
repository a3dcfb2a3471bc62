"""Search reacts to the publishing events in the background, like the similar-articles lists."""

from django.db.models.signals import post_delete
from django.dispatch import receiver
from wagtail.signals import page_published, page_unpublished

from trendwatch.publishing.models import ArticlePage


def _enqueue(page_id):
    from .tasks import refresh_search

    # Enqueued inside the publishing transaction, so the task is queued (or run) with the change.
    refresh_search.enqueue([page_id])


@receiver(page_published)
@receiver(page_unpublished)
def article_changed(sender, instance, **kwargs):
    if isinstance(instance, ArticlePage):
        _enqueue(instance.pk)


@receiver(post_delete, sender=ArticlePage)
def article_deleted(sender, instance, **kwargs):
    _enqueue(instance.pk)
