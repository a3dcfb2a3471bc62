"""Send rate of the outbox: N letters through W `send_outbox` processes to a loopback SMTP server.

    python -m trendwatch.newsletter.bench [--letters 2000] [--workers 1 2] [--database-url URL]

Without --database-url a fresh SQLite file in a temporary folder is migrated and used. Needs
aiosmtpd (a test dependency). Writes bench/results/newsletter-send-rate-<database>.json.
"""

import argparse
import json
import os
import socket
import subprocess
import sys
import tempfile
import time
from pathlib import Path

PROJECT = Path(__file__).resolve().parents[2]


class CountingSink:
    def __init__(self):
        self.count = 0

    async def handle_DATA(self, server, session, envelope):
        self.count += 1
        return "250 2.0.0 Accepted"


def main():
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--letters", type=int, default=2000, help="Subscribers, one letter each (default 2000).")
    parser.add_argument("--workers", type=int, nargs="+", default=[1, 2], help="Worker counts to measure (default 1 2).")
    parser.add_argument("--database-url", default=None, help="A database to use (default: a new SQLite file).")
    options = parser.parse_args()

    folder = tempfile.mkdtemp(prefix="newsletter-bench-")
    os.environ["DATABASE_URL"] = options.database_url or f"sqlite:///{folder}/bench.sqlite3"
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "trendwatch.settings")
    import django

    django.setup()
    from aiosmtpd.controller import Controller
    from django.core.management import call_command
    from django.db import connection
    from django.utils import timezone

    from trendwatch.newsletter.models import Letter, OutboxMessage, Subscriber
    from trendwatch.newsletter.outbox import queue_letter
    from trendwatch.publishing.models import WeeklyIssue

    call_command("migrate", verbosity=0)
    sink = CountingSink()
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        port = probe.getsockname()[1]
    controller = Controller(sink, hostname="127.0.0.1", port=port)
    controller.start()
    issue, _created = WeeklyIssue.objects.get_or_create(week_start="2000-01-03")
    section = {"trend": "security", "trend_name": "Security issues", "direction": "improved", "direction_label": "Improved",
               "mark": "▲", "title": "A commentary", "lead": "Its lead paragraph.", "url": "https://example.org/a/"}
    content = {"subject": "Weekly", "week_label": "a week", "overview": "An overview.", "week_url": "https://example.org/w/",
               "site_url": "https://example.org/", "sections": [section] * 5}
    results = {"letters": options.letters, "database": connection.vendor, "runs": []}
    environment = {**os.environ, "EMAIL_HOST": "127.0.0.1", "EMAIL_PORT": str(port)}
    try:
        for workers in options.workers:
            Letter.objects.filter(issue=issue).delete()
            Subscriber.objects.filter(email__endswith="@bench.example.org").delete()
            Subscriber.objects.bulk_create(
                Subscriber(email=f"reader{number}@bench.example.org", language="en", confirmed_at=timezone.now())
                for number in range(options.letters)
            )
            queue_letter(Letter.objects.create(issue=issue, language="en", content=content))
            connection.close()
            sink.count = 0
            started = time.perf_counter()
            processes = [
                subprocess.Popen([sys.executable, "manage.py", "send_outbox", "--once", "--verbosity", "0"], cwd=PROJECT, env=environment)
                for _ in range(workers)
            ]
            for process in processes:
                process.wait()
            seconds = time.perf_counter() - started
            sent = OutboxMessage.objects.filter(status="sent").count()
            results["runs"].append(
                {"workers": workers, "seconds": round(seconds, 2), "sent": sent, "received": sink.count,
                 "letters_per_second": round(sent / seconds, 1)}
            )
            print(results["runs"][-1])
        Subscriber.objects.filter(email__endswith="@bench.example.org").delete()
    finally:
        controller.stop()
    output = PROJECT / "bench" / "results" / f"newsletter-send-rate-{connection.vendor}.json"
    output.parent.mkdir(parents=True, exist_ok=True)
    output.write_text(json.dumps(results, indent=2) + "\n")


if __name__ == "__main__":
    main()
