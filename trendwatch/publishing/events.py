"""Publishing emits one event per article change; related, search and entities react to it.

`article_changed` is sent with `page_id` when an article is published (or republished after an
edit), unpublished or deleted. Receivers enqueue their background work; they run inside the
publishing transaction, so a database task queue commits or drops the task with the change.
"""

from django.db.models.signals import post_delete
from django.dispatch import Signal, receiver
from wagtail.signals import page_published, page_unpublished

from .models import ArticlePage

article_changed = Signal()


@receiver(page_published)
@receiver(page_unpublished)
def _published_or_unpublished(sender, instance, **kwargs):
    if isinstance(instance, ArticlePage):
        article_changed.send(sender=ArticlePage, page_id=instance.pk)


@receiver(post_delete, sender=ArticlePage)
def _deleted(sender, instance, **kwargs):
    article_changed.send(sender=ArticlePage, page_id=instance.pk)
