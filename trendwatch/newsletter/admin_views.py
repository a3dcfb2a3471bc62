"""Editors' side: subscriber counts and export, each issue's letter (preview, send, progress)."""

import csv

from django.contrib import messages
from django.contrib.auth.decorators import permission_required
from django.db import transaction
from django.db.models import Count, Q
from django.http import Http404, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.clickjacking import xframe_options_sameorigin
from django.views.decorators.http import require_POST

from trendwatch.publishing.languages import LANGUAGE_NAMES
from trendwatch.publishing.models import Trend, WeeklyIssue
from trendwatch.publishing.stories import published_stories

from .letters import compose, render_letter
from .models import Letter, OutboxMessage, Subscriber
from .outbox import progress, queue_weekly_letter
from .tasks import deliver_outbox

RECENT_ISSUES = 12
FAILURES_SHOWN = 50
# Spreadsheets run cells that start with these as formulas.
FORMULA_STARTS = ("=", "+", "-", "@")


@permission_required("wagtailadmin.access_admin")
def dashboard(request):
    subscribed = Subscriber.objects.filter(status=Subscriber.Status.SUBSCRIBED)
    per_language = dict(subscribed.values_list("language").annotate(count=Count("pk")))
    per_trend = Trend.objects.annotate(
        subscriber_count=Count("subscribers", filter=Q(subscribers__status=Subscriber.Status.SUBSCRIBED))
    )
    context = {
        "languages": [(name, per_language.get(code, 0)) for code, name in LANGUAGE_NAMES.items()],
        "per_trend": per_trend,
        "every_trend": subscribed.filter(trends__isnull=True).count(),
        "total": subscribed.count(),
        "unsubscribed": Subscriber.objects.filter(status=Subscriber.Status.UNSUBSCRIBED).count(),
        "issues": WeeklyIssue.objects.all()[:RECENT_ISSUES],
    }
    return render(request, "newsletter/admin/dashboard.html", context)


@permission_required("newsletter.view_subscriber")
def export_subscribers(request):
    response = HttpResponse(content_type="text/csv; charset=utf-8")
    response["Content-Disposition"] = f'attachment; filename="subscribers-{timezone.localdate().isoformat()}.csv"'
    writer = csv.writer(response)
    writer.writerow(["email", "language", "trends", "status", "confirmed_at", "unsubscribed_at"])
    for subscriber in Subscriber.objects.prefetch_related("trends").order_by("email"):
        writer.writerow(
            [
                spreadsheet_safe(subscriber.email),
                subscriber.language,
                " ".join(trend.slug for trend in subscriber.trends.all()),
                subscriber.status,
                subscriber.confirmed_at.isoformat(),
                subscriber.unsubscribed_at.isoformat() if subscriber.unsubscribed_at else "",
            ]
        )
    return response


def spreadsheet_safe(value):
    return "'" + value if value.startswith(FORMULA_STARTS) else value


@permission_required("wagtailadmin.access_admin")
def issue_letter(request, issue_id):
    """One issue's letters: what each language would carry, and how sending goes."""
    issue = get_object_or_404(WeeklyIssue, pk=issue_id)
    letters = {letter.language: letter for letter in issue.letters.all()}
    counts = progress(list(letters.values()))
    rows = []
    for code, name in LANGUAGE_NAMES.items():
        letter = letters.get(code)
        rows.append(
            {
                "code": code,
                "name": name,
                "articles": published_stories(code).filter(weekly_issue=issue).count(),
                "subscribers": Subscriber.objects.filter(status=Subscriber.Status.SUBSCRIBED, language=code).count(),
                "letter": letter,
                "counts": counts.get(letter.pk) if letter else None,
            }
        )
    in_flight = OutboxMessage.objects.filter(
        letter__issue=issue, status__in=[OutboxMessage.Status.QUEUED, OutboxMessage.Status.CLAIMED, OutboxMessage.Status.SENDING]
    ).exists()
    failures = (
        OutboxMessage.objects.filter(letter__issue=issue, status=OutboxMessage.Status.FAILED)
        .select_related("subscriber", "letter")
        .order_by("pk")[:FAILURES_SHOWN]
    )
    return render(
        request,
        "newsletter/admin/issue.html",
        {
            "issue": issue,
            "rows": rows,
            "in_flight": in_flight,
            "failures": failures,
            "can_send": request.user.has_perm("newsletter.send_letter"),
        },
    )


@require_POST
@permission_required("newsletter.send_letter")
def send_letter(request, issue_id):
    """The editor's "Send the weekly letter": compose, queue, and wake the workers."""
    issue = get_object_or_404(WeeklyIssue, pk=issue_id)
    issue.release()  # the button says so: the letter goes out with the issue
    queued = queue_weekly_letter(issue)
    transaction.on_commit(deliver_outbox.enqueue)
    total = sum(count for count in queued.values() if count)
    if all(count is None for count in queued.values()):
        messages.error(request, _("This week has no published commentary in any language: there is nothing to send."))
    else:
        messages.success(request, _("%(count)s letters queued.") % {"count": total})
    return redirect("newsletter_issue", issue_id=issue.pk)


def letter_content(issue, language):
    """The letter as sent when it exists, else as it would be composed now."""
    letter = Letter.objects.filter(issue=issue, language=language).first()
    content = letter.content if letter else compose(issue, language)
    if content is None:
        raise Http404("This week has no published commentary in this language.")
    return content


def _previewed_letter(issue_id, language):
    """(issue, (subject, text, HTML)) of an issue's letter in `language`, or 404."""
    if language not in LANGUAGE_NAMES:
        raise Http404("No such language")
    issue = get_object_or_404(WeeklyIssue, pk=issue_id)
    return issue, render_letter(letter_content(issue, language), language)


@permission_required("wagtailadmin.access_admin")
def preview_letter(request, issue_id, language):
    issue, (subject, text, _html) = _previewed_letter(issue_id, language)
    return render(
        request,
        "newsletter/admin/preview.html",
        {"issue": issue, "language": language, "language_name": LANGUAGE_NAMES[language], "subject": subject, "text": text},
    )


@xframe_options_sameorigin
@permission_required("wagtailadmin.access_admin")
def preview_letter_html(request, issue_id, language):
    """The HTML part alone, shown in a frame of the preview page."""
    _issue, (_subject, _text, html) = _previewed_letter(issue_id, language)
    return HttpResponse(html)
