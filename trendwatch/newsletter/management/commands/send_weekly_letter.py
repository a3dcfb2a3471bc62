import datetime

from django.core.management.base import BaseCommand, CommandError

from trendwatch.newsletter.outbox import IssueNotReleased, queue_weekly_letter
from trendwatch.newsletter.tasks import deliver_outbox
from trendwatch.publishing.languages import LANGUAGE_CODES
from trendwatch.publishing.models import WeeklyIssue


class Command(BaseCommand):
    help = (
        "Compose the weekly letter of ISSUE in every language and queue it for the subscribers; "
        "workers (send_outbox, or the task backend) deliver it."
    )

    def add_arguments(self, parser):
        parser.add_argument("issue", help="The issue's week start (a Monday), e.g. 2016-12-12.")
        parser.add_argument(
            "--language", action="append", choices=LANGUAGE_CODES,
            help="Only this language (repeatable; default: every language).",
        )
        parser.add_argument(
            "--release", action="store_true", help="Release the issue first (the home page then shows it)."
        )
        parser.add_argument("--no-deliver", action="store_true", help="Only queue; leave the sending to send_outbox workers.")

    def handle(self, *args, issue, language, no_deliver, release, **options):
        try:
            start = datetime.date.fromisoformat(issue)
        except ValueError:
            raise CommandError(f"ISSUE {issue!r} is not a date like 2016-12-12")
        weekly_issue = WeeklyIssue.objects.filter(week_start=start).first()
        if weekly_issue is None:
            if start.weekday() != 0:
                raise CommandError(f"ISSUE {issue} is a {start:%A}; a weekly issue starts on a Monday")
            raise CommandError(f"There is no weekly issue starting on {issue}")
        if release:
            weekly_issue.release()
        try:
            queued = queue_weekly_letter(weekly_issue, language)
        except IssueNotReleased as error:
            raise CommandError(f"{error} (or pass --release)") from None
        for code, count in queued.items():
            if count is None:
                self.stdout.write(f"{code}: no published commentary this week, no letter")
            else:
                self.stdout.write(f"{code}: {count} letters queued")
        if all(count is None for count in queued.values()):
            raise CommandError(f"The week of {issue} has no published commentary: nothing to send")
        if not no_deliver:
            deliver_outbox.enqueue()
