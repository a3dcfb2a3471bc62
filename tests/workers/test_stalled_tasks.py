"""A task whose worker was killed runs again instead of staying RUNNING for ever."""

import datetime

import pytest
from django.core.management import CommandError, call_command
from django.utils import timezone
from django_tasks import TaskResultStatus
from django_tasks_db.management.commands import db_worker
from django_tasks_db.models import DBTaskResult

from tests.conftest import make_article
from trendwatch.related.models import Neighbour
from trendwatch.workers.stalled import WorkerLost, recover

pytestmark = pytest.mark.django_db


@pytest.fixture(autouse=True)
def queued_tasks(settings, monkeypatch):
    settings.TASKS = {"default": {"BACKEND": "django_tasks_db.DatabaseBackend"}}
    # The worker runs in this process, inside the test's transaction, whose connection
    # its between-task tidying would close.
    monkeypatch.setattr(db_worker, "close_old_connections", lambda: None)


def run_worker():
    call_command("db_worker", "--batch", "--no-startup-delay", "--worker-id", "live-worker", verbosity=0)


def requeue(*options):
    out, err = [], []

    class Sink:
        def __init__(self, lines):
            self.lines = lines

        def write(self, text):
            self.lines.append(text)

        def flush(self):
            pass

    call_command("requeue_stalled_tasks", *options, stdout=Sink(out), stderr=Sink(err))
    return "".join(out), "".join(err)


def killed_while_running(task, minutes_ago, workers=("host-1",)):
    """Leave ``task`` as a worker killed ``minutes_ago`` into it leaves it."""
    DBTaskResult.objects.filter(id=task.id).update(
        status=TaskResultStatus.RUNNING, started_at=timezone.now() - datetime.timedelta(minutes=minutes_ago),
        worker_ids=list(workers),
    )
    task.refresh_from_db()


def listed(article):
    return set(Neighbour.objects.filter(article=article).values_list("neighbour_id", flat=True))


def mentions_task():
    """The latest publication's entity-mentions task, which the similar-lists task follows."""
    return DBTaskResult.objects.filter(task_path="trendwatch.entities.tasks.refresh_entity_mentions").latest("enqueued_at")


def test_a_killed_workers_task_runs_again_and_the_new_article_reaches_the_lists():
    anchor = make_article("Belarus and Latvia agree on airspace control along their border")
    run_worker()
    newer = make_article("Latvia and Belarus widen airspace control on the border", published="2016-12-14 10:00")
    task = mentions_task()
    killed_while_running(task, minutes_ago=40)

    run_worker()
    assert newer.pk not in listed(anchor)  # what readers saw before: the task was stuck

    out, _ = requeue()
    assert f"requeued stalled task {task.id}" in out
    run_worker()
    task.refresh_from_db()
    assert task.status == TaskResultStatus.SUCCESSFUL
    assert task.worker_ids == ["host-1", "live-worker"]
    assert newer.pk in listed(anchor)


def test_a_task_still_within_its_time_is_left_to_its_worker():
    make_article()
    task = mentions_task()
    killed_while_running(task, minutes_ago=10)
    assert requeue() == ("", "")
    task.refresh_from_db()
    assert task.status == TaskResultStatus.RUNNING
    out, _ = requeue("--after-minutes", "5")
    assert str(task.id) in out


def test_a_task_that_stopped_its_workers_too_often_fails_with_the_reason():
    make_article()
    task = mentions_task()
    killed_while_running(task, minutes_ago=40, workers=("host-1", "host-2", "host-3"))
    _, err = requeue()
    assert f"task {task.id} failed: 3 or more workers stopped while running it" in err
    task.refresh_from_db()
    assert task.status == TaskResultStatus.FAILED
    error = task.task_result.errors[0]
    assert error.exception_class is WorkerLost
    assert "host-1, host-2, host-3 stopped while running this task" in error.traceback
    run_worker()
    task.refresh_from_db()
    assert task.status == TaskResultStatus.FAILED


def test_a_task_that_changed_since_it_was_read_is_left_as_it_now_is():
    make_article()
    task = mentions_task()
    killed_while_running(task, minutes_ago=40)
    read_by_second_server = DBTaskResult.objects.get(id=task.id)
    stalled_after = datetime.timedelta(minutes=30)
    assert recover(task, timezone.now(), stalled_after, attempts=3) == TaskResultStatus.READY
    # The other server read it while it was still RUNNING: it must not take it again.
    assert recover(read_by_second_server, timezone.now(), stalled_after, attempts=3) is None

    killed_while_running(task, minutes_ago=40, workers=("slow-1", "slow-2", "slow-3"))
    read = DBTaskResult.objects.get(id=task.id)
    task.set_successful(None)  # the slow worker finishes between the read and the update
    assert recover(read, timezone.now(), stalled_after, attempts=3) is None
    task.refresh_from_db()
    assert task.status == TaskResultStatus.SUCCESSFUL


@pytest.mark.parametrize(("options", "message"), [
    (("--after-minutes", "0"), "--after-minutes must be more than 0, got 0.0"),
    (("--attempts", "0"), "--attempts must be at least 1, got 0"),
    (("--after-minutes", "inf"), "--after-minutes is too large: inf"),
])
def test_bad_options_are_named(options, message):
    with pytest.raises(CommandError, match=message):
        requeue(*options)
