"""What the archive remembers about imported articles: where each came from, and the similar-article
entries whose targets have not arrived yet."""

from django.db import models
from django.utils.translation import gettext_lazy as _


class ArchiveRecord(models.Model):
    """An article's identity in archives: importing the same key again updates, never duplicates.

    Also keeps what a source says and the content model has no field for (yet): WordPress tags and
    the sticky flag, and the credit line of a picture that a text capture names but does not hold.
    """

    key = models.CharField(_("archive key"), max_length=500, unique=True)
    article = models.OneToOneField(
        "publishing.ArticlePage", on_delete=models.CASCADE, related_name="archive_record"
    )
    source_format = models.CharField(
        _("source format"), max_length=20, blank=True, help_text=_("Empty for articles written on this site.")
    )
    source_url = models.CharField(_("source address"), max_length=1000, blank=True)
    tags = models.JSONField(_("source tags"), default=list, blank=True)
    sticky = models.BooleanField(_("sticky in the source"), default=False)
    image_credit = models.CharField(
        _("credit of a picture missing from the source"), max_length=255, blank=True
    )
    # What the last import read, so that re-importing an unchanged article leaves it alone.
    fingerprint = models.CharField(max_length=64, blank=True)

    class Meta:
        verbose_name = _("archive record")

    def __str__(self):
        return self.key


class ArchiveImage(models.Model):
    """An image's identity in archives, so re-imports reuse it instead of uploading it again."""

    key = models.CharField(max_length=200, unique=True)
    image = models.OneToOneField("publishing.CreditedImage", on_delete=models.CASCADE, related_name="archive_record")

    def __str__(self):
        return self.key


class PendingPin(models.Model):
    """A similar-article entry of an imported article whose target is not in the archive yet.

    Named by archive key (the jsonl format) or by headline and date (text captures); it becomes a
    `related.SimilarPin` as soon as an import or a check finds its target.
    """

    article = models.ForeignKey("publishing.ArticlePage", on_delete=models.CASCADE, related_name="pending_pins")
    position = models.PositiveSmallIntegerField()
    target_key = models.CharField(max_length=500, blank=True)
    title = models.CharField(max_length=255, blank=True)
    published_at = models.DateTimeField(null=True, blank=True)
    lead = models.TextField(blank=True)

    class Meta:
        ordering = ["article", "position"]
        constraints = [models.UniqueConstraint(fields=["article", "position"], name="one_pending_pin_per_position")]

    def __str__(self):
        return self.target_key or self.title
