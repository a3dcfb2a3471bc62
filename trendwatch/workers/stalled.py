"""Tasks that a stopped worker left behind.

A ``db_worker`` that is killed while it runs a task (out of memory, SIGKILL after its stop
timeout, a lost machine) leaves the task marked RUNNING for ever: no worker takes it again,
so the neighbour lists, search entries or mails it was making never come, and nothing says
so. Every background task of the site can safely run again (each recomputes from the
database, or sends from the outbox), so a task that has run for longer than any task
takes goes back into the queue; after ``attempts`` workers have stopped on it, it is
marked failed with a message naming them.
"""

from __future__ import annotations

import datetime
from dataclasses import dataclass, field

from django.utils import timezone
from django_tasks import TaskResultStatus
from django_tasks_db.models import DBTaskResult


class WorkerLost(Exception):
    """The error recorded on a task that stopped workers ran too often to try again."""


@dataclass
class Recovery:
    """Ids of the stalled tasks put back into the queue, and of those marked failed."""

    requeued: list[str] = field(default_factory=list)
    failed: list[str] = field(default_factory=list)


def recover_stalled_tasks(stalled_after: datetime.timedelta, attempts: int) -> Recovery:
    """Put tasks RUNNING for longer than ``stalled_after`` back into the queue, or mark them
    failed once ``attempts`` workers have taken them."""
    now = timezone.now()
    recovery = Recovery()
    stalled = DBTaskResult.objects.filter(status=TaskResultStatus.RUNNING, started_at__lt=now - stalled_after)
    for task in stalled.only("id", "started_at", "worker_ids"):
        outcome = recover(task, now, stalled_after, attempts)
        if outcome == TaskResultStatus.READY:
            recovery.requeued.append(str(task.id))
        elif outcome == TaskResultStatus.FAILED:
            recovery.failed.append(str(task.id))
    return recovery


def recover(task: DBTaskResult, now: datetime.datetime, stalled_after: datetime.timedelta, attempts: int):
    """Requeue or fail one stalled ``task`` as read; returns the new status, or None when the task
    changed since it was read (another server's recovery, or a worker that was slow rather than
    gone and has just finished, came first)."""
    unchanged = DBTaskResult.objects.filter(id=task.id, status=TaskResultStatus.RUNNING, started_at=task.started_at)
    if len(task.worker_ids) < attempts:
        return TaskResultStatus.READY if unchanged.update(status=TaskResultStatus.READY, started_at=None) else None
    error = f"{WorkerLost.__module__}.{WorkerLost.__qualname__}"
    message = (
        f"{error}: the worker(s) {', '.join(task.worker_ids)} stopped while running this task, each after "
        f"more than {stalled_after}; it is not tried again.\n"
    )
    failed = unchanged.update(status=TaskResultStatus.FAILED, finished_at=now, return_value=None,
                              exception_class_path=error, traceback=message)
    return TaskResultStatus.FAILED if failed else None
