"""Subscribers, the weekly letters composed for them, and the outbox that delivers each letter once.

A subscription exists in the database only once its owner has confirmed it: until then everything
the form asked for travels inside the signed confirmation link, so an address typed by someone else
leaves nothing behind.
"""

import uuid

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _

from trendwatch.publishing.models import Trend, WeeklyIssue


class Subscriber(models.Model):
    class Status(models.TextChoices):
        SUBSCRIBED = "subscribed", _("Subscribed")
        UNSUBSCRIBED = "unsubscribed", _("Unsubscribed")

    email = models.EmailField(_("email address"), max_length=254, unique=True)
    language = models.CharField(_("language"), max_length=8, choices=settings.LANGUAGES)
    trends = models.ManyToManyField(
        Trend,
        verbose_name=_("trends"),
        blank=True,
        related_name="subscribers",
        help_text=_("Leave empty to receive every trend."),
    )
    status = models.CharField(_("status"), max_length=16, choices=Status.choices, default=Status.SUBSCRIBED)
    confirmed_at = models.DateTimeField(_("confirmed"))
    unsubscribed_at = models.DateTimeField(_("unsubscribed"), null=True, blank=True)

    class Meta:
        ordering = ["email"]
        verbose_name = _("subscriber")

    def __str__(self):
        return self.email

    @property
    def is_subscribed(self):
        return self.status == self.Status.SUBSCRIBED


class Letter(models.Model):
    """One weekly issue's letter in one language, composed once so every reader gets the same text.

    `content` holds what the templates need (overview, one section per commentary, links); the
    letter is rendered per subscriber from it, because sections and unsubscribe links differ.
    """

    issue = models.ForeignKey(WeeklyIssue, verbose_name=_("weekly issue"), on_delete=models.PROTECT, related_name="letters")
    language = models.CharField(_("language"), max_length=8, choices=settings.LANGUAGES)
    content = models.JSONField(_("content"))
    # Part of every Message-ID, so that IDs never repeat across databases or reinstalls.
    key = models.UUIDField(default=uuid.uuid4, unique=True, editable=False)
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["-issue__week_start", "language"]
        verbose_name = _("weekly letter")
        constraints = [models.UniqueConstraint(fields=["issue", "language"], name="one_letter_per_issue_and_language")]
        permissions = [("send_letter", _("Can send the weekly letter"))]

    def __str__(self):
        return f"{self.issue} ({self.language})"


class OutboxMessage(models.Model):
    """One letter for one subscriber, and where its delivery stands.

    queued -> claimed (a worker holds it under a lease) -> sending (handed to SMTP) -> sent;
    SMTP errors send it back to queued with a later `next_attempt_at`, or to failed. A row whose
    lease ran out is claimed again by any worker; if it was `sending`, the SMTP server may already
    have accepted it, so it goes out again under the same Message-ID and `uncertain_resends` counts it.
    """

    class Status(models.TextChoices):
        QUEUED = "queued", _("Queued")
        CLAIMED = "claimed", _("Claimed by a worker")
        SENDING = "sending", _("Sending")
        SENT = "sent", _("Sent")
        FAILED = "failed", _("Failed")
        CANCELLED = "cancelled", _("Cancelled (unsubscribed before sending)")

    letter = models.ForeignKey(Letter, on_delete=models.CASCADE, related_name="outbox")
    subscriber = models.ForeignKey(Subscriber, on_delete=models.CASCADE, related_name="outbox")
    message_id = models.CharField(max_length=200, unique=True)
    status = models.CharField(max_length=16, choices=Status.choices, default=Status.QUEUED)
    attempts = models.PositiveIntegerField(default=0)
    uncertain_resends = models.PositiveIntegerField(default=0)
    next_attempt_at = models.DateTimeField()
    claim_token = models.UUIDField(null=True, blank=True)
    lease_until = models.DateTimeField(null=True, blank=True)
    last_error = models.TextField(blank=True)
    sent_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        verbose_name = _("outbox message")
        constraints = [models.UniqueConstraint(fields=["letter", "subscriber"], name="one_message_per_letter_and_subscriber")]
        indexes = [
            models.Index(fields=["status", "next_attempt_at"]),
            models.Index(fields=["status", "lease_until"]),
            models.Index(fields=["claim_token"]),
        ]

    def __str__(self):
        return f"{self.letter} -> {self.subscriber_id}: {self.status}"


class RateCounter(models.Model):
    """Attempts per key (a client or an address, kept only as a keyed hash) in the current window.

    A database row rather than a per-process cache, so the limit holds across app servers.
    """

    key = models.CharField(max_length=64, unique=True)
    window_start = models.DateTimeField(db_index=True)
    count = models.PositiveIntegerField(default=0)
