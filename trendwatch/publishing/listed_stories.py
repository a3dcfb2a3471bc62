"""Every commentary once per reader language, kept for the reader's lists.

A commentary (a translation group) is shown to a reader of language L in its version in L, else in
English, else in the version published first. Working that out for every row of a list (three
look-ups per candidate article) made a trend page's count read the whole archive; instead the
choice is stored here, one `ListedStory` per commentary and reader language, with the columns the
lists filter and sort by, and chosen anew for a commentary whenever one of its versions is
published, unpublished, deleted or hidden behind a view restriction. Lists then walk an index in
date order and read only their page (see `ListedStories`).
"""

from django.conf import settings
from django.db import models, transaction

from .models import ArticlePage, locale_ids_by_language
from .restrictions import public


class ListedStory(models.Model):
    """The version of one commentary that the lists of one reader language show."""

    language = models.CharField(max_length=10)
    translation_key = models.UUIDField()
    article = models.ForeignKey(ArticlePage, on_delete=models.CASCADE, related_name="+")
    published_at = models.DateTimeField()
    trend = models.ForeignKey("publishing.Trend", on_delete=models.CASCADE, related_name="+")
    weekly_issue = models.ForeignKey("publishing.WeeklyIssue", null=True, on_delete=models.SET_NULL, related_name="+")
    direction = models.CharField(max_length=20)

    class Meta:
        app_label = "publishing"
        constraints = [models.UniqueConstraint(fields=["language", "translation_key"], name="one_listed_story_per_language")]
        indexes = [
            models.Index(fields=["language", "published_at", "article"], name="listed_by_date"),
            models.Index(fields=["language", "trend", "published_at", "article"], name="listed_by_trend"),
            models.Index(fields=["language", "weekly_issue"], name="listed_by_week"),
            models.Index(fields=["article"], name="listed_article"),
        ]


# Commentaries chosen anew per query, well under every database's limit on query parameters.
KEY_BATCH = 500
VERSION_FIELDS = ("pk", "translation_key", "locale_id", "published_at", "trend_id", "weekly_issue_id", "direction")


def list_stories_again(translation_keys, progress=None):
    """Choose anew the version of each given commentary that every reader language's lists show.

    progress: a `callable(done, total)` called after each batch of commentaries (default None).
    """
    keys = sorted({str(key) for key in translation_keys})
    languages = locale_ids_by_language()
    english = languages.get(settings.LANGUAGE_CODE)
    # Read now rather than from the content memo: a restriction saved a moment ago counts.
    listable = public(ArticlePage.objects.live(), read_now=True)
    for start in range(0, len(keys), KEY_BATCH):
        batch = keys[start : start + KEY_BATCH]
        versions = {}
        rows = listable.filter(published_at__isnull=False, translation_key__in=batch)
        for row in rows.order_by("pk").values_list(*VERSION_FIELDS):
            versions.setdefault(row[1], []).append(row)
        listed = []
        for key, group in versions.items():
            by_locale = {row[2]: row for row in group}
            for language, locale_id in languages.items():
                chosen = by_locale.get(locale_id) or by_locale.get(english) or group[0]
                listed.append(ListedStory(language=language, translation_key=key, article_id=chosen[0],
                                          published_at=chosen[3], trend_id=chosen[4], weekly_issue_id=chosen[5],
                                          direction=chosen[6]))
        with transaction.atomic():
            ListedStory.objects.filter(translation_key__in=batch).delete()
            ListedStory.objects.bulk_create(listed)
        if progress:
            progress(start + len(batch), len(keys))


def list_every_story(progress=None):
    """Choose the listed versions of every commentary from scratch; returns how many there are."""
    keys = list(ArticlePage.objects.values_list("translation_key", flat=True).distinct())
    with transaction.atomic():
        ListedStory.objects.all().delete()
        list_stories_again(keys, progress)
    return len(keys)
