"""Delivery rules, one worker in this process: retries, permanent failures, leases, cancellations."""

import datetime

import pytest
from django.core.management import call_command
from django.utils import timezone

from trendwatch.newsletter.models import OutboxMessage
from trendwatch.newsletter.outbox import OutboxWorker, queue_letter

from .conftest import make_subscriber, plain_letter

pytestmark = pytest.mark.django_db


def row_of(address):
    return OutboxMessage.objects.get(subscriber__email=address)


def test_a_temporary_smtp_error_is_retried_later_with_growing_delays(smtp_mail):
    make_subscriber("busy@example.org")
    queue_letter(plain_letter())
    smtp_mail.replies["busy@example.org"] = ["451 4.3.0 Mailbox busy, try later", "452 4.2.2 Mailbox full"]

    OutboxWorker(retry_delay=60).run_until_empty()
    first = row_of("busy@example.org")
    assert (first.status, first.attempts) == ("queued", 1)
    assert "451" in first.last_error
    assert 55 <= (first.next_attempt_at - timezone.now()).total_seconds() <= 60

    OutboxMessage.objects.update(next_attempt_at=timezone.now())
    OutboxWorker(retry_delay=60).run_until_empty()
    second = row_of("busy@example.org")
    assert (second.status, second.attempts) == ("queued", 2)
    assert 115 <= (second.next_attempt_at - timezone.now()).total_seconds() <= 120

    OutboxMessage.objects.update(next_attempt_at=timezone.now())
    OutboxWorker().run_until_empty()
    assert row_of("busy@example.org").status == "sent"
    assert len(smtp_mail.messages_to("busy@example.org")) == 1


def test_a_permanent_refusal_is_recorded_and_the_others_go_out(smtp_mail):
    make_subscriber("gone@example.org")
    make_subscriber("reader@example.org")
    queue_letter(plain_letter())
    smtp_mail.replies["gone@example.org"] = ["550 5.1.1 No such user"]
    assert OutboxWorker().run_until_empty() == 1
    failed = row_of("gone@example.org")
    assert failed.status == "failed" and "550 5.1.1 No such user" in failed.last_error
    assert row_of("reader@example.org").status == "sent"


def test_retries_stop_after_the_last_attempt(smtp_mail):
    make_subscriber("flaky@example.org")
    queue_letter(plain_letter())
    smtp_mail.replies["flaky@example.org"] = ["421 4.7.0 Try again"] * 3
    for _ in range(2):
        OutboxWorker(max_attempts=2).run_until_empty()
        OutboxMessage.objects.update(next_attempt_at=timezone.now())
    row = row_of("flaky@example.org")
    assert (row.status, row.attempts) == ("failed", 2)


def test_an_unreachable_server_leaves_rows_queued(settings, smtp_mail):
    settings.EMAIL_PORT = 1  # nothing listens there
    make_subscriber("reader@example.org")
    queue_letter(plain_letter())
    OutboxWorker().run_until_empty()
    row = row_of("reader@example.org")
    assert (row.status, row.attempts) == ("queued", 1) and row.last_error


def test_subscribers_who_leave_before_sending_get_nothing(smtp_mail):
    subscriber = make_subscriber("leaving@example.org")
    queue_letter(plain_letter())
    subscriber.status = "unsubscribed"
    subscriber.save()
    OutboxWorker().run_until_empty()
    assert row_of("leaving@example.org").status == "cancelled"
    assert smtp_mail.count() == 0


def test_a_row_left_sending_by_a_dead_worker_goes_again_under_the_same_message_id(smtp_mail):
    make_subscriber("reader@example.org")
    queue_letter(plain_letter())
    an_hour_ago = timezone.now() - datetime.timedelta(hours=1)
    OutboxMessage.objects.update(status="sending", attempts=1, lease_until=an_hour_ago)
    call_command("send_outbox", "--once", verbosity=0)
    row = row_of("reader@example.org")
    assert (row.status, row.attempts, row.uncertain_resends) == ("sent", 2, 1)
    [message] = smtp_mail.messages_to("reader@example.org")
    assert message["Message-ID"].strip() == row.message_id


def test_rows_another_worker_holds_are_left_alone(smtp_mail):
    make_subscriber("reader@example.org")
    queue_letter(plain_letter())
    OutboxMessage.objects.update(status="claimed", lease_until=timezone.now() + datetime.timedelta(minutes=5))
    assert OutboxWorker().run_until_empty() == 0
    assert smtp_mail.count() == 0


def test_queueing_twice_adds_only_new_subscribers():
    make_subscriber("first@example.org")
    letter = plain_letter()
    assert queue_letter(letter) == 1
    make_subscriber("second@example.org")
    assert queue_letter(letter) == 1
    assert queue_letter(letter) == 0
    assert OutboxMessage.objects.count() == 2


@pytest.mark.django_db(transaction=True)
def test_the_embedded_servers_scheduling_thread_sends_the_outbox(smtp_mail):
    """`make run` drains the outbox from a background thread, where no signal handler may be installed."""
    import threading

    from django.db import connection

    make_subscriber("reader@example.org")
    queue_letter(plain_letter())
    failures = []

    def scheduling_thread():
        try:
            call_command("send_outbox", "--once", verbosity=0)
        except Exception as error:  # the thread's failure must reach the test
            failures.append(error)
        finally:
            connection.close()

    thread = threading.Thread(target=scheduling_thread)
    thread.start()
    thread.join(timeout=60)
    assert failures == []
    assert row_of("reader@example.org").status == "sent"
    assert len(smtp_mail.messages_to("reader@example.org")) == 1
