from django_tasks import task

from . import matching
from .events import mentions_changed
from .models import Entity


@task()
def refresh_entity_mentions(page_ids):
    """Find the entities the given articles mention (or drop them when gone); update the suggestions."""
    matching.refresh_articles(page_ids)
    mentions_changed.send(sender=Entity, page_ids=list(page_ids))


@task()
def rematch_entities():
    """Match every article's stored names again after an editor changed the entities."""
    page_ids = matching.rematch()
    if page_ids:
        mentions_changed.send(sender=Entity, page_ids=page_ids)
