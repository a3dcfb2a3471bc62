"""Entities react to publishing events and to editors' changes of entities, in the background."""

from django.db.models.signals import post_delete
from django.dispatch import receiver
from wagtail.signals import page_published, page_unpublished

from trendwatch.publishing.models import ArticlePage


def _enqueue(page_id):
    from .tasks import refresh_entity_mentions

    # Enqueued inside the publishing transaction, like the similar lists and search.
    refresh_entity_mentions.enqueue([page_id])


@receiver(page_published)
@receiver(page_unpublished)
def article_changed(sender, instance, **kwargs):
    if isinstance(instance, ArticlePage):
        _enqueue(instance.pk)


@receiver(post_delete, sender=ArticlePage)
def article_deleted(sender, instance, **kwargs):
    _enqueue(instance.pk)


def entities_changed():
    """Call after an entity or its spellings were saved or deleted: every article is matched again."""
    from .tasks import rematch_entities

    rematch_entities.enqueue()

