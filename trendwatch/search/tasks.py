from django_tasks import task

from . import index


@task()
def refresh_search(page_ids):
    """Index the given pages again after they were published, unpublished or deleted."""
    index.reindex(page_ids)
