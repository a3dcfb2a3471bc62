from django_tasks import task

from . import corpus


@task()
def refresh_similar(page_ids):
    """Recompute the neighbour lists that the given pages' change can affect."""
    corpus.refresh(page_ids)
