"""`make run` serves through `manage.py serve`, which runs the background work in a task worker of its
own (TASKS_BACKEND=database), so that an editor's "Publish" does not wait for it."""

import os
import signal
import subprocess
import sys
import time
import urllib.request
from pathlib import Path

import pytest
from django.conf import settings

from tests.browser.conftest import site_baseline  # noqa: F401  (lays the site structure a flushed database lacks)
from tests.conftest import make_article
from tests.loadtest.test_short_load import served_database_url
from trendwatch.loadtest import free_port
from trendwatch.related.models import Neighbour

pytestmark = pytest.mark.django_db(transaction=True)
PROJECT = Path(__file__).resolve().parents[2]


def task_workers_of(pid):
    """Processes started by `pid` whose command line runs task_worker."""
    children = Path(f"/proc/{pid}/task/{pid}/children").read_text().split()
    return [int(child) for child in children if b"task_worker" in Path(f"/proc/{child}/cmdline").read_bytes()]


def wait_for(condition, seconds, what):
    deadline = time.monotonic() + seconds
    while not condition():
        if time.monotonic() > deadline:
            pytest.fail(f"{what} within {seconds} s")
        time.sleep(0.2)


def test_the_embedded_server_does_the_background_work_in_a_worker_that_stops_with_it(settings):
    anchor = make_article("Belarus and Latvia agree on airspace control along their border")
    port = free_port()
    environment = {**os.environ, "DATABASE_URL": served_database_url(), "TASKS_BACKEND": "database"}
    server = subprocess.Popen([sys.executable, "manage.py", "serve", "--port", str(port)], cwd=PROJECT, env=environment,
                              stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    try:
        def answers():
            try:
                return urllib.request.urlopen(f"http://127.0.0.1:{port}/robots.txt", timeout=5).status == 200  # nosec B310
            except OSError:
                return False

        wait_for(answers, 60, "the server did not answer")
        workers = task_workers_of(server.pid)
        assert len(workers) == 1
        settings.TASKS = {"default": {"BACKEND": "django_tasks_db.DatabaseBackend"}}  # publishing queues, as in the server
        newer = make_article("Latvia and Belarus widen airspace control on the border", published="2016-12-14 10:00")
        assert not Neighbour.objects.filter(article=newer).exists()  # nothing done in the publishing process
        wait_for(lambda: Neighbour.objects.filter(article=anchor, neighbour=newer).exists(), 90,
                 "the worker did not put the new article into the older one's list")
    finally:
        server.send_signal(signal.SIGINT)
        server.wait(timeout=60)
    assert not Path(f"/proc/{workers[0]}").exists() or b"task_worker" not in Path(f"/proc/{workers[0]}/cmdline").read_bytes()


def test_a_killed_server_takes_its_task_worker_with_it():
    port = free_port()
    environment = {**os.environ, "DATABASE_URL": served_database_url(), "TASKS_BACKEND": "database"}
    server = subprocess.Popen([sys.executable, "manage.py", "serve", "--port", str(port)], cwd=PROJECT, env=environment,
                              stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    try:
        wait_for(lambda: len(task_workers_of(server.pid)) == 1, 60, "the server started no task worker")
        worker = task_workers_of(server.pid)[0]
    finally:
        server.kill()  # no chance to stop its worker itself
        server.wait(timeout=60)

    def stopped():  # gone, or dead and waiting for init to reap it
        try:
            return Path(f"/proc/{worker}/stat").read_text().rsplit(")", 1)[1].split()[0] == "Z"
        except FileNotFoundError:
            return True

    wait_for(stopped, 60, "the task worker of a killed server kept running")
