"""Filling the outbox and emptying it: each (letter, subscriber) row is handed to SMTP once.

Delivery guarantee. A row is claimed under a lease in one short transaction (SELECT … FOR UPDATE
SKIP LOCKED on PostgreSQL; on SQLite the IMMEDIATE transaction holds the write lock, so claims
are serial), marked `sending` in its own commit just before the SMTP transaction, and marked `sent`
in the commit right after the server's 250 reply. A worker killed at any point leaves its rows
`claimed` or `sending` with a lease that runs out; any worker then claims them again:
- `claimed` rows were never handed to SMTP: sending them is the first delivery;
- a `sending` row (at most one per worker) may have been accepted before the worker died: it is sent
  again with the same Message-ID, counted in `uncertain_resends`, so that a receiving system which
  drops repeated Message-IDs shows it once.
So every subscriber gets the letter at least once, and exactly once except when a worker dies in
the gap between the server's acceptance and the next commit — one message per death, identical
Message-ID. No protocol closes that gap: SMTP has no way to ask the server whether it already has
a message.
"""

import datetime
import smtplib
import uuid

from django.conf import settings
from django.core.mail import get_connection
from django.db import connection as database, transaction
from django.db.models import Count, F, Q
from django.utils import timezone

from trendwatch.publishing.languages import LANGUAGE_CODES
from trendwatch.publishing.models import WeeklyIssue

from .letters import compose, letter_message, message_id
from .models import Letter, OutboxMessage, Subscriber

Status = OutboxMessage.Status
# An SMTP error message kept in the row is cut to this many characters.
ERROR_LENGTH = 1000


def queue_weekly_letter(issue: WeeklyIssue, languages=None):
    """Compose the issue's letter in each language and queue one row per subscriber who should get it.

    Running it again queues only subscribers who have no row yet (new confirmations since), with
    the letter as first composed. `languages` (default: all site languages) limits the languages.
    Returns {language: number of rows queued now, or None when the week has no commentary there}.
    Only a released issue has a letter: IssueNotReleased otherwise.
    """
    if not issue.released:
        raise IssueNotReleased(f"The weekly issue {issue} has not been released: release it before its letter goes out")
    queued = {}
    for language in languages or LANGUAGE_CODES:
        with transaction.atomic():
            letter = Letter.objects.filter(issue=issue, language=language).first()
            if letter is None:
                content = compose(issue, language)
                if content is None:
                    queued[language] = None
                    continue
                letter, _created = Letter.objects.get_or_create(issue=issue, language=language, defaults={"content": content})
            queued[language] = queue_letter(letter)
    return queued


class IssueNotReleased(ValueError):
    """The editors have not released the issue yet: its week may still be being written."""


def queue_letter(letter):
    """Rows for the letter's subscribers that lack one; subscribers whose trends the letter misses get none."""
    letter_trends = {section["trend"] for section in letter.content["sections"]}
    already = set(letter.outbox.values_list("subscriber_id", flat=True))
    now = timezone.now()
    rows = [
        OutboxMessage(letter=letter, subscriber=subscriber, message_id=message_id(letter, subscriber.pk), next_attempt_at=now)
        for subscriber in Subscriber.objects.filter(status=Subscriber.Status.SUBSCRIBED, language=letter.language)
        .prefetch_related("trends")
        .order_by("pk")
        if subscriber.pk not in already and wants(subscriber, letter_trends)
    ]
    OutboxMessage.objects.bulk_create(rows, batch_size=500, ignore_conflicts=True)
    return len(rows)


def wants(subscriber, letter_trends):
    chosen = {trend.slug for trend in subscriber.trends.all()}
    return not chosen or bool(chosen & letter_trends)


def progress(letters):
    """{letter pk: {status: count, "uncertain_resends": n}} for the editors' progress view."""
    counts = {letter.pk: {status: 0 for status in Status.values} | {"uncertain_resends": 0} for letter in letters}
    rows = OutboxMessage.objects.filter(letter__in=letters).values("letter", "status").annotate(count=Count("pk"))
    for row in rows:
        counts[row["letter"]][row["status"]] = row["count"]
    resent = OutboxMessage.objects.filter(letter__in=letters, uncertain_resends__gt=0).values("letter").annotate(count=Count("pk"))
    for row in resent:
        counts[row["letter"]]["uncertain_resends"] = row["count"]
    return counts


def claimable(now):
    return Q(status=Status.QUEUED, next_attempt_at__lte=now) | Q(
        status__in=[Status.CLAIMED, Status.SENDING], lease_until__lt=now
    )


class OutboxWorker:
    """Claims batches of due rows and sends them over one SMTP connection per batch.

    batch_size (default 20): rows claimed at once; lease (default NEWSLETTER_LEASE_SECONDS, 600 s):
    how long a claim or a send may take before other workers take the row over — keep it well
    above EMAIL_TIMEOUT; retry_delay (default NEWSLETTER_RETRY_DELAY_SECONDS, 60 s): wait before
    the first retry, doubled each time; max_attempts (default NEWSLETTER_MAX_ATTEMPTS, 8): SMTP
    tries before a row is failed for good.
    """

    def __init__(self, batch_size=20, lease=None, retry_delay=None, max_attempts=None):
        self.batch_size = batch_size
        self.lease = datetime.timedelta(seconds=lease or settings.NEWSLETTER_LEASE_SECONDS)
        self.retry_delay = retry_delay if retry_delay is not None else settings.NEWSLETTER_RETRY_DELAY_SECONDS
        self.max_attempts = max_attempts or settings.NEWSLETTER_MAX_ATTEMPTS
        self.stopping = False
        self.sent = 0

    def due_count(self):
        return OutboxMessage.objects.filter(claimable(timezone.now())).count()

    def run_until_empty(self, report=None):
        """Send batches until no row is due (or `stop()` was called); returns how many went out."""
        while not self.stopping:
            rows = self.claim()
            if not rows:
                break
            self.deliver(rows)
            if report:
                report(self.sent)
        return self.sent

    def stop(self):
        """Finish the message in hand, give the rest of the batch back, and return."""
        self.stopping = True

    def claim(self):
        token = uuid.uuid4()
        now = timezone.now()
        with transaction.atomic():
            due = OutboxMessage.objects.filter(claimable(now)).order_by("pk")
            if database.features.has_select_for_update_skip_locked:
                due = due.select_for_update(skip_locked=True)
            ids = list(due.values_list("pk", flat=True)[: self.batch_size])
            if not ids:
                return []
            OutboxMessage.objects.filter(pk__in=ids, status=Status.SENDING).update(uncertain_resends=F("uncertain_resends") + 1)
            OutboxMessage.objects.filter(pk__in=ids).update(status=Status.CLAIMED, claim_token=token, lease_until=now + self.lease)
        return list(
            OutboxMessage.objects.filter(claim_token=token, status=Status.CLAIMED)
            .select_related("letter", "subscriber")
            .prefetch_related("subscriber__trends")
            .order_by("pk")
        )

    def deliver(self, rows):
        smtp = get_connection(fail_silently=False)
        try:
            for row in rows:
                if self.stopping:
                    self.release(row)
                    continue
                self.deliver_one(row, smtp)
        finally:
            smtp.close()

    def deliver_one(self, row, smtp):
        mine = OutboxMessage.objects.filter(pk=row.pk, claim_token=row.claim_token)
        if not row.subscriber.is_subscribed:
            mine.update(status=Status.CANCELLED, claim_token=None, lease_until=None)
            return
        try:
            message = letter_message(row, connection=smtp)
        except ValueError as error:  # a header Django refuses to write: sending it again cannot help
            mine.update(status=Status.FAILED, last_error=f"could not build the message: {error}"[:ERROR_LENGTH], claim_token=None)
            return
        attempt = row.attempts + 1
        if not mine.filter(status=Status.CLAIMED).update(
            status=Status.SENDING, attempts=attempt, lease_until=timezone.now() + self.lease
        ):
            return  # our lease ran out and another worker has the row now
        try:
            smtp.send_messages([message])
        except (smtplib.SMTPException, OSError) as error:
            smtp.close()
            self.record_failure(mine, attempt, error)
            return
        mine.update(status=Status.SENT, sent_at=timezone.now(), claim_token=None, lease_until=None, last_error="")
        self.sent += 1

    def record_failure(self, mine, attempt, error):
        if is_permanent(error) or attempt >= self.max_attempts:
            mine.update(status=Status.FAILED, last_error=describe(error), claim_token=None, lease_until=None)
            return
        delay = datetime.timedelta(seconds=self.retry_delay * 2 ** (attempt - 1))
        mine.update(
            status=Status.QUEUED,
            next_attempt_at=timezone.now() + delay,
            last_error=describe(error),
            claim_token=None,
            lease_until=None,
        )

    def release(self, row):
        OutboxMessage.objects.filter(pk=row.pk, claim_token=row.claim_token, status=Status.CLAIMED).update(
            status=Status.QUEUED, claim_token=None, lease_until=None
        )


def smtp_codes(error):
    if isinstance(error, smtplib.SMTPRecipientsRefused):
        return [code for code, _message in error.recipients.values()]
    if isinstance(error, smtplib.SMTPResponseException):
        return [error.smtp_code]
    return []


def is_permanent(error):
    """5xx replies mean the server will never take this message; everything else may pass later."""
    codes = smtp_codes(error)
    return bool(codes) and all(500 <= code < 600 for code in codes)


def describe(error):
    """The server's own words when it gave a reply ("550 5.1.1 No such user"), else the error."""
    if isinstance(error, smtplib.SMTPRecipientsRefused):
        replies = error.recipients.values()
    elif isinstance(error, smtplib.SMTPResponseException):
        replies = [(error.smtp_code, error.smtp_error)]
    else:
        return f"{type(error).__name__}: {error}"[:ERROR_LENGTH]
    text = "; ".join(f"{code} {reply.decode(errors='replace') if isinstance(reply, bytes) else reply}" for code, reply in replies)
    return text[:ERROR_LENGTH]
