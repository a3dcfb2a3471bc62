"""Running the site's own commands for the scale benchmark: where they run, how they are timed, and
the error that stops the run."""

import os
import subprocess
import sys
import time
from pathlib import Path

PROJECT = Path(__file__).resolve().parents[2]


class ScaleError(Exception):
    pass


def timed_command(environment, *arguments):
    """Run a manage.py command; returns (wall seconds, peak memory in MB of its process)."""
    started = time.monotonic()
    process = subprocess.Popen([sys.executable, "manage.py", *arguments], cwd=PROJECT, env=environment)
    _pid, status, usage = os.wait4(process.pid, 0)
    seconds = time.monotonic() - started
    process.returncode = os.waitstatus_to_exitcode(status)
    if process.returncode:
        raise ScaleError(f"manage.py {' '.join(arguments)} failed with exit status {process.returncode}")
    return seconds, usage.ru_maxrss / 1024
