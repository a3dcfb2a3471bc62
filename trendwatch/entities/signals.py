"""Entities react to publishing events and to editors' changes of entities, in the background."""

from django.dispatch import receiver

from trendwatch.publishing.events import article_changed, articles_changed_in_bulk

from .events import mentions_changed


@receiver(article_changed)
def rematch_article(sender, page_id, **kwargs):
    from .tasks import refresh_entity_mentions

    refresh_entity_mentions.enqueue([page_id])


@receiver(articles_changed_in_bulk)
def rematch_in_bulk(sender, page_ids, stage, **kwargs):
    from . import matching

    matching.refresh_articles(page_ids, progress=stage("entity mentions"))
    mentions_changed.send(sender=sender, page_ids=page_ids, stage=stage)


def entities_changed():
    """Call after an entity or its spellings were saved or deleted: every article is matched again."""
    from .tasks import rematch_entities

    rematch_entities.enqueue()
