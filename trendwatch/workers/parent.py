"""A task worker that a server started stops when that server stops, however it stops.

`manage.py serve` stops its worker when it ends normally; a server killed outright (SIGKILL, the
out-of-memory killer, a crash) used to leave the worker running on its own, holding the similar
index (1.2 GB at 50,000 articles) and taking tasks. On Linux the kernel now sends the worker
SIGTERM when its parent dies, which the worker takes as a request to stop.
"""

import ctypes
import os
import signal
import sys

# The environment variable by which a server names itself as the worker's parent.
PARENT_VARIABLE = "TRENDWATCH_WORKER_PARENT"
_PR_SET_PDEATHSIG = 1


def stop_with_parent():
    """Have the kernel stop this process when the parent named in the environment dies; exits at
    once if that parent is gone already. Elsewhere than Linux, the worker outlives a killed server."""
    parent = os.environ.get(PARENT_VARIABLE)
    if not parent or not sys.platform.startswith("linux"):
        return
    ctypes.CDLL(None, use_errno=True).prctl(_PR_SET_PDEATHSIG, signal.SIGTERM)
    if os.getppid() != int(parent):  # it died before the request above was made
        raise SystemExit("The server that started this task worker has stopped.")


def worker_environment():
    """The environment for a task worker that this process starts and that stops with it."""
    return {**os.environ, PARENT_VARIABLE: str(os.getpid())}
