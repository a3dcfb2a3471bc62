"""The load test's short mode: a real gunicorn with production settings on the test database, driven by wrk.

The full run (`make loadtest`) measures speed; this one checks that under concurrent load every
request is answered, and that a change made elsewhere reaches the server's cached pages within a second.
"""

import os
import shutil
import subprocess
import sys
import time
import urllib.parse
from pathlib import Path

import pytest
from django.conf import settings
from django.db import connection

from tests.browser.conftest import site_baseline  # noqa: F401  (lays the committed site structure)
from tests.conftest import make_article, translate
from trendwatch import loadtest
from trendwatch.publishing.models import Trend

pytestmark = pytest.mark.django_db(transaction=True)
LOAD_SECONDS = 4


def served_database_url():
    """The test database as another process reaches it."""
    database = connection.settings_dict
    if database["ENGINE"].endswith("sqlite3"):
        return f"sqlite:///{database['NAME']}"
    user = urllib.parse.quote(database["USER"] or "")
    password = f":{urllib.parse.quote(database['PASSWORD'])}" if database["PASSWORD"] else ""
    return f"postgres://{user}{password}@{database['HOST'] or '127.0.0.1'}:{database['PORT'] or 5432}/{database['NAME']}"


@pytest.fixture(scope="session")
def static_root(tmp_path_factory):
    """Static files as production collects them (hashed names and a manifest): `make test` has just
    collected them; a bare pytest run with sources newer than the manifest collects them here."""
    if shutil.which("wrk") is None:
        message = "wrk is not installed (apt-get install -y wrk)"
        if os.environ.get("CI"):
            pytest.fail(message)
        pytest.skip(message)
    manifest = Path(settings.STATIC_ROOT) / "staticfiles.json"
    sources = [path for path in (loadtest.PROJECT / "trendwatch").glob("*/static/**/*") if path.is_file()]
    if manifest.exists() and all(path.stat().st_mtime <= manifest.stat().st_mtime for path in sources):
        return Path(settings.STATIC_ROOT)
    folder = tmp_path_factory.mktemp("static")
    environment = {**os.environ, "STATIC_ROOT": str(folder), "DEBUG": "0"}
    subprocess.run(
        [sys.executable, "manage.py", "collectstatic", "--noinput", "--verbosity", "0"],
        cwd=loadtest.PROJECT, env=environment, check=True,
    )  # fmt: skip
    return folder


def test_under_load_every_request_is_answered_and_a_change_arrives_within_a_second(static_root):
    for day, trend in enumerate(["security", "belarus-west", "belarus-russia", "ruling-elite"], start=12):
        article = make_article(f"Commentary {day} on {trend}", trend=trend, published=f"2016-12-{day} 10:00")
    translate(article, "ru", "Комментарий о правящей элите")

    with loadtest.Server(served_database_url(), static_root, workers=2, threads=2) as server:
        paths = loadtest.targets(server.url)
        results = loadtest.drive_mix(server.url, paths, LOAD_SECONDS)
        for kind, stats in results.items():
            assert stats["requests"] > 0, kind
            assert stats["errors"] == 0, (kind, stats)
        assert sum(stats["cache_hits"] for stats in results.values()) > 0

        trend_page = f"{server.url}/en/trends/security/"
        assert b"Security" in loadtest.fetch(trend_page)
        trend = Trend.objects.get(slug="security")
        trend.name_en = "Defence and the armed forces"
        trend.save()
        changed_at = time.monotonic()
        while True:
            asked_at = time.monotonic()
            if b"Defence and the armed forces" in loadtest.fetch(trend_page):
                break
            assert asked_at - changed_at < 5, "the renamed trend never reached the server"
            time.sleep(0.05)
        assert asked_at - changed_at <= 1.0, settings.PAGE_CACHE_CHECK_SECONDS
