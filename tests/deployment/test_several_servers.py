"""Two app servers and two task workers on one PostgreSQL database, as docs/deploy.md sets them up.

An editor publishes through server A's admin; readers of server B see the article in lists and
feeds within a second (B's page cache must notice), and in search and similar boxes once a worker
has done the background work. Then editors on both servers press "Send the weekly letter" at the
same moment, and every subscriber gets exactly one letter.
"""

import concurrent.futures
import contextlib
import http.cookiejar
import json
import secrets
import subprocess
import sys
import time
import urllib.parse
import urllib.request
from pathlib import Path

import pytest
from django.conf import settings
from django_tasks_db.models import DBTaskResult
from wagtail.test.utils.form_data import rich_text

from tests.browser.conftest import site_baseline  # noqa: F401  (lays the site structure a flushed database lacks)
from tests.conftest import admin_article_form, make_article
from tests.loadtest.test_short_load import served_database_url
from tests.newsletter.conftest import make_subscriber, smtp_sink  # noqa: F401  (a real SMTP server on loopback)
from trendwatch import loadtest
from trendwatch.newsletter.models import OutboxMessage
from trendwatch.publishing.models import ArticleIndexPage, ArticlePage, WeeklyIssue

pytestmark = [
    pytest.mark.django_db(transaction=True),
    pytest.mark.skipif(
        settings.DATABASES["default"]["ENGINE"] != "django.db.backends.postgresql",
        reason="several servers share one PostgreSQL database; run with DATABASE_URL=postgres://… (SQLite serves one machine)",
    ),
]
EDITOR_PASSWORD = "a-long-editor-password"
SUBSCRIBERS = 40
# Changes to pages are seen by every server within this time (the page cache checks every PAGE_CACHE_CHECK_SECONDS).
FRESH_WITHIN_SECONDS = 1.0
# Background work (similar lists, search index) is done by a worker within this time (its first task fits
# the similarity index; a machine busy with other work is slow at it).
WORKER_TIMEOUT_SECONDS = 60
NEW_TITLE = "Latvia and Belarus widen airspace control near Daugavpils"


@pytest.fixture
def archive():
    """A few commentaries with similar lists and a search index (made in this process), an editor and subscribers."""
    anchor = make_article(
        "Belarus and Latvia agree on airspace control along their border",
        lead="The air forces of Belarus and Latvia will share radar data on flights near the border.",
        body="<p>Airspace control, radar data and border flights are covered by the agreement with Latvia.</p>",
    )
    for day, (title, trend) in enumerate(
        [
            ("Gas price for next year agreed with Gazprom", "belarus-russia"),
            ("Opposition parties prepare for local elections", "society-parties"),
            ("The president reshuffles the government", "ruling-elite"),
            ("The EU extends its dialogue on visas", "belarus-west"),
        ],
        start=13,
    ):
        make_article(title, trend=trend, published=f"2016-12-{day} 10:00", lead=f"{title}.", body=f"<p>{title}.</p>")
    from django.contrib.auth.models import User

    User.objects.create_superuser("editor", "editor@example.org", EDITOR_PASSWORD)
    for number in range(SUBSCRIBERS):
        make_subscriber(f"reader{number:02}@example.org")
    return anchor


class Deployment:
    """Two gunicorn servers and two db_worker processes sharing the test database, stopped at the end."""

    def __init__(self, static_root, sink, logs):
        shared = {
            "TASKS_BACKEND": "database",
            # One key for both servers: a session signed in on one is valid on the other.
            "SECRET_KEY": secrets.token_urlsafe(50),
            "EMAIL_HOST": "127.0.0.1",
            "EMAIL_PORT": str(sink.port),
            "DEFAULT_FROM_EMAIL": "letters@news.example.org",
            "SITE_URL": "https://news.example.org",
        }
        self.servers = [loadtest.Server(served_database_url(), static_root, workers=1, threads=4) for _name in "AB"]
        for server in self.servers:
            server.environment.update(shared)
        self.worker_environment = self.servers[0].environment
        self.logs = logs
        self.workers = []

    def __enter__(self):
        self.stack = contextlib.ExitStack()
        for number in (1, 2):
            log = self.stack.enter_context(open(self.logs / f"worker{number}.log", "w"))
            worker = subprocess.Popen(
                [sys.executable, "manage.py", "db_worker", "--interval", "0.1", "--no-startup-delay", "--worker-id", f"worker{number}"],
                cwd=loadtest.PROJECT, env=self.worker_environment, stdout=log, stderr=subprocess.STDOUT,
            )  # fmt: skip
            self.workers.append(worker)
            self.stack.callback(stop, worker)
        with concurrent.futures.ThreadPoolExecutor(2) as pool:
            list(pool.map(lambda server: server.__enter__(), self.servers))
        for server in self.servers:
            self.stack.callback(server.__exit__, None, None, None)
        return self

    def __exit__(self, *exc_info):
        self.stack.close()

    def worker_output(self):
        return "\n".join((self.logs / f"worker{number}.log").read_text()[-3000:] for number in (1, 2))


def stop(process):
    process.terminate()
    try:
        process.wait(timeout=20)
    except subprocess.TimeoutExpired:
        process.kill()
        process.wait()


class Editor:
    """A browser session of an editor: cookies kept, the CSRF token sent with every form like the admin's own."""

    def __init__(self):
        self.cookies = http.cookiejar.CookieJar()
        self.opener = urllib.request.build_opener(urllib.request.HTTPCookieProcessor(self.cookies))

    def get(self, url):
        with self.opener.open(url, timeout=60) as answer:  # nosec B310: the site under test on loopback
            return answer.geturl(), answer.read().decode()

    def post(self, url, fields):
        token = next(cookie.value for cookie in self.cookies if cookie.name == settings.CSRF_COOKIE_NAME)
        data = urllib.parse.urlencode({**fields, "csrfmiddlewaretoken": token}, doseq=True).encode()
        request = urllib.request.Request(url, data=data, headers={"Referer": url})
        with self.opener.open(request, timeout=60) as answer:  # nosec B310: the site under test on loopback
            return answer.geturl(), answer.read().decode()

    def sign_in(self, base_url):
        self.get(f"{base_url}/admin/login/")
        landed, _page = self.post(f"{base_url}/admin/login/", {"username": "editor", "password": EDITOR_PASSWORD, "next": "/admin/"})
        assert landed == f"{base_url}/admin/", f"sign-in failed: ended at {landed}"


def read(url):
    """A page as an anonymous reader gets it: no cookies, so from the page cache where the site keeps one."""
    return loadtest.fetch(url).decode()


def wait_for(description, condition, timeout):
    """Seconds until `condition()` first held, counted to the start of the request that saw it."""
    started = time.monotonic()
    while True:
        asked_at = time.monotonic()
        if condition():
            return asked_at - started
        assert asked_at - started < timeout, f"{description}: not seen within {timeout} s"
        time.sleep(0.05)


def publish_form():
    return admin_article_form(
        title=NEW_TITLE,
        slug="latvia-belarus-airspace-daugavpils",
        published_at="2016-12-12 15:00",
        lead="Radar data on flights near the border will be shared around the clock.",
        body=rich_text("<p>The airspace control agreement between Latvia and Belarus now covers Daugavpils.</p>"),
    )


def similar_ids(base_url, article_id):
    answer = json.loads(read(f"{base_url}/api/v1/articles/{article_id}/similar"))
    return {entry["article"]["id"]: entry["basis"] for entry in answer["results"]}


def test_two_servers_and_two_workers_publish_and_send_the_letter_once(archive, static_root, smtp_sink, tmp_path):
    anchor = archive
    index = ArticleIndexPage.objects.get(locale__language_code="en")
    issue = WeeklyIssue.objects.get(week_start="2016-12-12")
    with Deployment(static_root, smtp_sink, tmp_path) as deployment:
        server_a, server_b = (server.url for server in deployment.servers)
        # Readers of B have the pages in B's cache before the article exists.
        watched = {
            "home page": f"{server_b}/en/",
            "feed": f"{server_b}/en/feeds/rss/",
            "trend page": f"{server_b}/en/trends/security/",
        }
        for url in watched.values():
            assert NEW_TITLE not in read(url)
        # (A word of the lead: the found headline is then shown without marks inside it.)
        assert NEW_TITLE not in read(f"{server_b}/en/search/?q=clock")

        editor = Editor()
        editor.sign_in(server_a)
        landed, _page = editor.post(f"{server_a}/admin/pages/add/publishing/articlepage/{index.pk}/", publish_form())
        assert "/admin/pages/" in landed and "/add/" not in landed, f"the admin did not accept the article: {landed}"
        published = ArticlePage.objects.get(slug="latvia-belarus-airspace-daugavpils")
        assert published.live

        for name, url in watched.items():
            seen_after = wait_for(f"{name} on B", lambda: NEW_TITLE in read(url), FRESH_WITHIN_SECONDS + 5)
            assert seen_after <= FRESH_WITHIN_SECONDS, f"B served a stale {name} for {seen_after:.2f} s after publishing"
        try:
            wait_for(
                "search on B", lambda: NEW_TITLE in read(f"{server_b}/en/search/?q=clock"), WORKER_TIMEOUT_SECONDS
            )
            wait_for(
                "similar list seen through B's API",
                lambda: similar_ids(server_b, anchor.pk).get(published.pk) == "similarity",
                WORKER_TIMEOUT_SECONDS,
            )
            # The anchor's page on B shows the new article in its similar box (the page cache notices the new list).
            wait_for("similar box on B", lambda: NEW_TITLE in read(f"{server_b}{anchor.url}"), FRESH_WITHIN_SECONDS + 5)
        except AssertionError:
            raise AssertionError(deployment.worker_output())
        done_by = {
            result.task_path.rsplit(".", 1)[-1]: result.worker_ids
            for result in DBTaskResult.objects.filter(status="SUCCESSFUL")
        }
        assert set(done_by["refresh_similar"]) <= {"worker1", "worker2"} and done_by["refresh_similar"]
        assert set(done_by["refresh_search"]) <= {"worker1", "worker2"} and done_by["refresh_search"]

        # Editors on both servers press "Send the weekly letter" at the same moment.
        other_editor = Editor()
        other_editor.sign_in(server_b)
        with concurrent.futures.ThreadPoolExecutor(2) as pool:
            pressed = list(
                pool.map(
                    lambda pair: pair[0].post(f"{pair[1]}/admin/newsletter/issues/{issue.pk}/send/", {}),
                    [(editor, server_a), (other_editor, server_b)],
                )
            )
        assert all(landed.endswith(f"/admin/newsletter/issues/{issue.pk}/") for landed, _page in pressed)
        try:
            wait_for(
                "every letter sent",
                lambda: OutboxMessage.objects.filter(status="sent").count() == SUBSCRIBERS,
                WORKER_TIMEOUT_SECONDS,
            )
        except AssertionError:
            raise AssertionError(deployment.worker_output())
        time.sleep(1)  # a second copy, if any worker were to send one, would arrive now

    received = {}
    for recipients, message in smtp_sink.received:
        for recipient in recipients:
            received.setdefault(recipient, []).append(message["Subject"])
    assert set(received) == {f"reader{number:02}@example.org" for number in range(SUBSCRIBERS)}
    assert all(len(subjects) == 1 for subjects in received.values()), {a: s for a, s in received.items() if len(s) > 1}
    assert OutboxMessage.objects.count() == SUBSCRIBERS
