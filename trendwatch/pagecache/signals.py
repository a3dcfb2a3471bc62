"""What makes cached pages stale: page publishing, edits of the records pages show, and background results.

Pages are covered by Wagtail's own signals (publish, unpublish, move) and by deletion; other records
by their model's save and delete. Similar lists, the search index and entity mentions are written in
bulk by background tasks, so the end of such a task counts as one change.
"""

from django.apps import apps
from django.db.models.signals import post_delete, post_save
from django.dispatch import receiver
from django_tasks.signals import task_finished
from wagtail.models import Page
from wagtail.signals import page_published, page_unpublished, post_page_move

from .version import content_changed

# Records (besides pages and what is published with them) whose fields readers see on public pages.
SHOWN_ON_PAGES = [
    "publishing.Trend",
    "publishing.Author",
    "publishing.WeeklyIssue",
    "publishing.CreditedImage",
    "dynamics.LikelihoodLevel",
    "dynamics.Forecast",
    "dynamics.ForecastResolution",
    "entities.Entity",
    "entities.EntityAlias",
    "related.SimilarPin",
    "related.SimilarExclusion",
    "wagtailcore.Site",
    "wagtailcore.Locale",
    "wagtailcore.PageViewRestriction",
]
# The models themselves, not their labels: migrations save through historical copies of the models,
# before the version's table may exist, and those saves must not count.
_shown_models = frozenset(apps.get_model(label) for label in SHOWN_ON_PAGES)
# Background tasks whose results pages show: similar boxes, search results, entity links and pages.
TASKS_SHOWN_ON_PAGES = ("trendwatch.related.", "trendwatch.search.", "trendwatch.entities.")


@receiver(page_published)
@receiver(page_unpublished)
@receiver(post_page_move)
def _page_changed(sender, **kwargs):
    content_changed()


@receiver(post_save)
def _record_saved(sender, **kwargs):
    if sender in _shown_models:
        content_changed()


def _record_deleted(sender, **kwargs):
    content_changed()


# Connected model by model: a receiver for every sender would make each bulk delete of any model
# (a million stored similar-list rows) load its rows one by one to send them the signal.
for _model in {*_shown_models, *(model for model in apps.get_models() if issubclass(model, Page))}:
    post_delete.connect(_record_deleted, sender=_model, dispatch_uid=f"pagecache-deleted-{_model._meta.label}")


@receiver(task_finished)
def _background_work_finished(sender, task_result, **kwargs):
    if task_result.task.module_path.startswith(TASKS_SHOWN_ON_PAGES):
        content_changed()
