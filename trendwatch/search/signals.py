"""Search reacts to publishing's events in the background, like the similar-articles lists."""

from django.dispatch import receiver

from trendwatch.publishing.events import article_changed, articles_changed_in_bulk


@receiver(article_changed)
def reindex_article(sender, page_id, **kwargs):
    from .tasks import refresh_search

    refresh_search.enqueue([page_id])


@receiver(articles_changed_in_bulk)
def reindex_in_bulk(sender, page_ids, stage, **kwargs):
    from . import index

    index.reindex(page_ids, progress=stage("search index"))
