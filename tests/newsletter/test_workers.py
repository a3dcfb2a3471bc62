"""Real `send_outbox` processes against the committed test database and a loopback SMTP server."""

import collections
import os
import signal
import subprocess
import sys
import time
from pathlib import Path

import pytest
from django.db import connection
from django.utils import timezone

from trendwatch.newsletter.models import OutboxMessage, Subscriber
from trendwatch.newsletter.outbox import queue_letter

from .conftest import plain_letter

pytestmark = pytest.mark.django_db(transaction=True)
PROJECT = Path(__file__).resolve().parents[2]
LETTERS = 500
# A killed worker's claims are taken over after this many seconds.
LEASE = 1.0


def database_url():
    """The test database as the worker processes must reach it (for SQLite: the test file)."""
    database = connection.settings_dict
    if database["ENGINE"].endswith("sqlite3"):
        return f"sqlite:///{database['NAME']}"
    return f"postgres://{database['USER']}:{database['PASSWORD']}@{database['HOST'] or '127.0.0.1'}:{database['PORT'] or 5432}/{database['NAME']}"


def start_worker(sink, *arguments):
    environment = {
        **os.environ,
        "DATABASE_URL": database_url(),
        "EMAIL_HOST": "127.0.0.1",
        "EMAIL_PORT": str(sink.port),
        "SITE_URL": "https://news.example.org",
        "DEFAULT_FROM_EMAIL": "letters@news.example.org",
    }
    return subprocess.Popen(
        [sys.executable, "manage.py", "send_outbox", "--once", "--verbosity", "1", *arguments],
        cwd=PROJECT,
        env=environment,
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        text=True,
    )


def finish(worker):
    stdout, stderr = worker.communicate(timeout=180)
    assert worker.returncode == 0, stderr
    return int(stdout.split()[-3])  # "N letters sent"


def wait_until(condition, timeout=60):
    deadline = time.monotonic() + timeout
    while not condition():
        assert time.monotonic() < deadline, "timed out"
        time.sleep(0.02)


@pytest.fixture
def queued_letters():
    """LETTERS subscribers and the letter queued for each of them, committed for the workers to see."""
    now = timezone.now()
    Subscriber.objects.bulk_create(
        Subscriber(email=f"reader{number:04}@example.org", language="en", confirmed_at=now) for number in range(LETTERS)
    )
    queue_letter(plain_letter())
    return {f"reader{number:04}@example.org" for number in range(LETTERS)}


def message_ids_by_recipient(sink):
    received = collections.defaultdict(list)
    for recipients, message in sink.received:
        for recipient in recipients:
            received[recipient].append(message["Message-ID"].strip())
    return received


def test_every_subscriber_gets_the_letter_once_when_a_worker_is_killed_mid_send(smtp_sink, queued_letters):
    worker = start_worker(smtp_sink, "--lease", str(LEASE))
    wait_until(lambda: smtp_sink.count() >= LETTERS // 3)
    worker.send_signal(signal.SIGKILL)
    worker.wait()
    assert smtp_sink.count() < LETTERS, "the worker finished before it could be killed"
    time.sleep(LEASE + 0.2)  # the dead worker's lease runs out

    finish(start_worker(smtp_sink, "--lease", str(LEASE)))

    received = message_ids_by_recipient(smtp_sink)
    assert set(received) == queued_letters
    rows = {row.subscriber.email: row for row in OutboxMessage.objects.select_related("subscriber")}
    for address, message_ids in received.items():
        assert set(message_ids) == {rows[address].message_id}  # one letter, whatever the copies
    copies = sum(len(ids) for ids in received.values()) - LETTERS
    resent = sum(row.uncertain_resends for row in rows.values())
    # Only the one message in flight at the kill can have reached the server twice.
    assert copies <= resent <= 1
    assert collections.Counter(row.status for row in rows.values()) == {"sent": LETTERS}


def test_two_workers_at_once_share_the_outbox_without_sending_anything_twice(smtp_sink, queued_letters):
    smtp_sink.hold_for_sessions = 2  # no message is accepted until both workers are mid-send
    first = start_worker(smtp_sink, "--batch-size", "10")
    second = start_worker(smtp_sink, "--batch-size", "10")
    sent_by_first, sent_by_second = finish(first), finish(second)

    assert sent_by_first > 0 and sent_by_second > 0
    assert sent_by_first + sent_by_second == LETTERS
    received = message_ids_by_recipient(smtp_sink)
    assert set(received) == queued_letters
    assert all(len(message_ids) == 1 for message_ids in received.values())
    assert OutboxMessage.objects.filter(status="sent").count() == LETTERS


def test_a_worker_killed_after_the_server_accepted_resends_under_the_same_message_id(smtp_sink):
    """The one gap no protocol closes: the server has the message, the worker dies before recording it.

    The sink stores the message, then kills the worker before it can read the 250 reply: to the
    server the message is delivered, to the database it is still `sending`.
    """
    now = timezone.now()
    Subscriber.objects.bulk_create(
        Subscriber(email=f"reader{number:02}@example.org", language="en", confirmed_at=now) for number in range(30)
    )
    queue_letter(plain_letter())
    in_the_gap = "reader10@example.org"
    workers = []

    def kill_the_worker(recipients):
        if in_the_gap in recipients:
            workers[0].send_signal(signal.SIGKILL)
            workers[0].wait()

    smtp_sink.before_accepting = kill_the_worker
    workers.append(start_worker(smtp_sink, "--lease", str(LEASE)))
    wait_until(lambda: workers[0].returncode is not None)
    time.sleep(LEASE + 0.2)
    smtp_sink.before_accepting = None
    finish(start_worker(smtp_sink, "--lease", str(LEASE)))

    received = message_ids_by_recipient(smtp_sink)
    row = OutboxMessage.objects.get(subscriber__email=in_the_gap)
    assert received[in_the_gap] == [row.message_id, row.message_id]
    assert (row.status, row.uncertain_resends) == ("sent", 1)
    assert all(len(ids) == 1 for address, ids in received.items() if address != in_the_gap)
    assert len(received) == 30 and OutboxMessage.objects.filter(status="sent").count() == 30
