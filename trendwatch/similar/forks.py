"""Work shared over forked processes: the engine's analysis of a large archive (see
``parallel``) and the site's own rebuilds (search postings, names). Nothing here loads the
compiled kernels, so web processes may import it."""

from __future__ import annotations

import multiprocessing
import os
import signal
import threading
from collections import deque
from collections.abc import Callable, Iterable, Iterator

# Below this many items, one process is quicker than several.
PARALLEL_ROWS = 5000

# What the workers of ``in_forks`` call; set only while they run.
_forked_function: Callable | None = None


def fork_workers(rows: int, workers: int | None = None, min_rows: int | None = None) -> int:
    """Processes to share a job over ``rows`` items: ``workers`` (default None: one per core),
    or 1 unless there are at least ``min_rows`` items (default None: PARALLEL_ROWS) and this
    process may fork. Forking a process that runs other threads (a browser driver, a threaded
    server) can leave the children waiting forever on locks those threads held."""
    workers = workers or os.cpu_count() or 1
    min_rows = PARALLEL_ROWS if min_rows is None else min_rows
    can_fork = "fork" in multiprocessing.get_all_start_methods() and threading.active_count() == 1
    return workers if workers > 1 and rows >= min_rows and can_fork else 1


def in_forks(function: Callable, batches: Iterable, workers: int) -> Iterator:
    """``function(batch)`` of each of ``batches``, in order, computed by ``workers`` forked
    processes (by this one if ``workers`` is 1, see ``fork_workers``) a few batches ahead of
    the consumer at most. ``batches`` is read in this process, between the results it yields;
    each batch and result is pickled, ``function`` is not: the workers inherit it."""
    global _forked_function
    if workers <= 1:
        yield from map(function, batches)
        return
    _forked_function = function
    try:
        with forked_pool(workers) as pool:
            pending: deque = deque()
            for batch in batches:
                pending.append(pool.apply_async(_call_forked_function, (batch,)))
                if len(pending) > 2 * workers:
                    yield pending.popleft().get()
            while pending:
                yield pending.popleft().get()
    finally:
        _forked_function = None


def forked_pool(workers: int):
    """A pool of ``workers`` forked processes that its end stops for certain.

    A pool ends by sending its workers SIGTERM. A fork inherits the parent's signal handlers, and
    a parent that handles SIGTERM to stop gracefully (a task worker, the outbox sender, a test
    process that ran one of them) would leave workers that take note and wait on: the pool's end
    then waited forever (a CI run hung there). The workers get the default action back.
    """
    return multiprocessing.get_context("fork").Pool(workers, initializer=_terminated_by_sigterm)


def _terminated_by_sigterm():
    signal.signal(signal.SIGTERM, signal.SIG_DFL)


def _call_forked_function(batch):
    return _forked_function(batch)
