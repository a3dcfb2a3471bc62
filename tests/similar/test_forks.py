"""Forked workers of a process that handles SIGTERM itself (a task worker, the outbox sender)."""

import os
import signal

import pytest

from trendwatch.similar import forks


def _default_sigterm(_batch):
    return signal.getsignal(signal.SIGTERM) is signal.SIG_DFL


@pytest.mark.skipif(forks.fork_workers(forks.PARALLEL_ROWS, 2) < 2, reason="this process may not fork (other threads run)")
def test_forked_workers_stop_on_sigterm_whatever_their_parent_does_with_it():
    parent = os.getpid()

    def graceful_stop(*_signal):  # as a worker's "finish what is in hand": the process goes on
        if os.getpid() != parent:
            os._exit(0)  # only so that a failing run ends instead of hanging at the pool's end

    previous = signal.signal(signal.SIGTERM, graceful_stop)
    try:
        # The pool's end sends SIGTERM; a worker that kept the handler would have waited on.
        assert list(forks.in_forks(_default_sigterm, [1, 2, 3, 4], workers=2)) == [True] * 4
    finally:
        signal.signal(signal.SIGTERM, previous)
