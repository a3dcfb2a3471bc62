"""A one-line description of this machine, recorded beside benchmark and evaluation numbers."""

from __future__ import annotations

import os
import platform
from pathlib import Path


def _cpu_model() -> str:
    try:
        for line in Path("/proc/cpuinfo").read_text().splitlines():
            if line.startswith("model name"):
                return line.split(":", 1)[1].strip()
    except OSError:
        pass
    return platform.processor() or platform.machine()


def _memory_gib() -> str:
    try:
        for line in Path("/proc/meminfo").read_text().splitlines():
            if line.startswith("MemTotal:"):
                return f"{int(line.split()[1]) / 1024**2:.1f} GiB RAM"
    except OSError:
        pass
    return "RAM unknown"


def machine_description() -> str:
    """CPU model, cores, RAM, OS and Python version, e.g. for ``bench/results/*.json``."""
    system = f"{platform.system()} {platform.release()}"
    try:
        pretty = dict(
            line.split("=", 1) for line in Path("/etc/os-release").read_text().splitlines() if "=" in line
        ).get("PRETTY_NAME")
        if pretty:
            system = f"{pretty.strip(chr(34))} ({system})"
    except OSError:
        pass
    cores = os.cpu_count() or 0
    return f"{_cpu_model()}, {cores} cores, {_memory_gib()}, {system}, Python {platform.python_version()}"
