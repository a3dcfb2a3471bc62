from django_tasks import task

from . import matching


@task()
def refresh_entity_mentions(page_ids):
    """Find the entities the given articles mention (or drop them when gone); update the suggestions."""
    matching.refresh_articles(page_ids)


@task()
def rematch_entities():
    """Match every article's stored names again after an editor changed the entities."""
    matching.rematch()
