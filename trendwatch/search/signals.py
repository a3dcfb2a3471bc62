"""Search reacts to publishing's one event in the background, like the similar-articles lists."""

from django.dispatch import receiver

from trendwatch.publishing.events import article_changed


@receiver(article_changed)
def reindex_article(sender, page_id, **kwargs):
    from .tasks import refresh_search

    refresh_search.enqueue([page_id])
