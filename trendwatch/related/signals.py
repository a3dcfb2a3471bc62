"""Similar-article lists follow the entity mentions, which follow publishing's events.

An article's list depends on its text and on the entities it mentions, so the lists are
recomputed once its mentions are stored anew: after every publication, edit or removal, and
after editors change the entities.
"""

from django.dispatch import receiver

from trendwatch.entities.events import mentions_changed


@receiver(mentions_changed)
def refresh_article_lists(sender, page_ids, stage=None, **kwargs):
    from . import corpus
    from .tasks import refresh_similar

    corpus.log_changes(page_ids)
    # After many pages changed at once (a bulk writer gives its progress stage), every list is
    # recomputed here; a small share is left to the task, which a worker with its index in memory runs fast.
    if stage is not None and corpus.touches_much(page_ids):
        corpus.rebuild(stage)
    else:
        refresh_similar.enqueue(list(page_ids))
