"""A real SMTP server on loopback (aiosmtpd) and the newsletter's test data."""

import asyncio
import email
import email.policy
import socket
import threading
import time

import pytest
from aiosmtpd.controller import Controller
from django.utils import timezone

from trendwatch.newsletter.models import Letter, Subscriber
from trendwatch.publishing.models import Trend, WeeklyIssue


class SmtpSink:
    """Accepts every message and keeps it; `replies` makes chosen recipients fail in given ways.

    replies: {address: ["451 4.3.0 try later", …]} — one reply per attempt, then acceptance.
    before_accepting: called with the recipients once a message is stored, before the 250 reply.
    hold_for_sessions: DATA is answered only once this many sessions wait in DATA at the same
    time, which proves that that many workers are sending at once.
    """

    def __init__(self):
        self.received = []
        self.replies = {}
        self.hold_for_sessions = 0
        self.waiting_sessions = set()
        self.before_accepting = None
        self.lock = threading.Lock()

    async def handle_RCPT(self, server, session, envelope, address, rcpt_options):
        replies = self.replies.get(address)
        if replies:
            return replies.pop(0)
        envelope.rcpt_tos.append(address)
        return "250 OK"

    async def handle_DATA(self, server, session, envelope):
        if self.hold_for_sessions:
            self.waiting_sessions.add(id(session))
            deadline = time.monotonic() + 30
            while len(self.waiting_sessions) < self.hold_for_sessions and time.monotonic() < deadline:
                await asyncio.sleep(0.01)
        message = email.message_from_bytes(envelope.content, policy=email.policy.default)
        with self.lock:
            self.received.append((tuple(envelope.rcpt_tos), message))
        if self.before_accepting:
            self.before_accepting(envelope.rcpt_tos)
        return "250 2.0.0 Accepted"

    def messages_to(self, address):
        return [message for recipients, message in list(self.received) if address in recipients]

    def count(self):
        return len(self.received)


def free_port():
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]


@pytest.fixture
def smtp_sink():
    sink = SmtpSink()
    controller = Controller(sink, hostname="127.0.0.1", port=free_port())
    controller.start()
    sink.port = controller.port
    yield sink
    controller.stop()


@pytest.fixture
def smtp_mail(settings, smtp_sink):
    """This process's mail goes over SMTP to the sink (pytest-django would keep it in memory)."""
    settings.EMAIL_BACKEND = "django.core.mail.backends.smtp.EmailBackend"
    settings.EMAIL_HOST = "127.0.0.1"
    settings.EMAIL_PORT = smtp_sink.port
    settings.EMAIL_USE_TLS = False
    settings.SITE_URL = "https://news.example.org"
    settings.DEFAULT_FROM_EMAIL = "Trendwatch <letters@news.example.org>"
    return smtp_sink


def make_subscriber(email_address, language="en", trends=()):
    subscriber = Subscriber.objects.create(email=email_address, language=language, confirmed_at=timezone.now())
    subscriber.trends.set(Trend.objects.filter(slug__in=trends))
    return subscriber


def plain_letter(week_start="2016-12-12", language="en", sections=None):
    """A composed letter without pages behind it, for tests about delivery rather than content."""
    issue, _created = WeeklyIssue.objects.get_or_create(week_start=week_start)
    content = {
        "subject": "Trendwatch weekly: a test week",
        "week_label": "a test week",
        "overview": "Nothing moved.",
        "week_url": "https://news.example.org/en/weeks/2016-12-12/",
        "site_url": "https://news.example.org/en/",
        "sections": sections or [],
    }
    return Letter.objects.create(issue=issue, language=language, content=content)
