"""Entities react to publishing events and to editors' changes of entities, in the background."""

from django.dispatch import receiver

from trendwatch.publishing.events import article_changed


@receiver(article_changed)
def rematch_article(sender, page_id, **kwargs):
    from .tasks import refresh_entity_mentions

    refresh_entity_mentions.enqueue([page_id])


def entities_changed():
    """Call after an entity or its spellings were saved or deleted: every article is matched again."""
    from .tasks import rematch_entities

    rematch_entities.enqueue()

