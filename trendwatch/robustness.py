"""How the site holds up against careless editors, hostile visitors and strange files.

    python -m trendwatch.robustness [--half-open 100] [--requests 300] [--server embedded|gunicorn]

Runs the suite's property tests in this process, counting their examples through Hypothesis's
observability callbacks (generated text through every importer, every URL pattern with generated
parameters, schemathesis over the whole OpenAPI description), then measures a reader's response
times on the embedded server (`manage.py serve`, what `make run` starts) while --half-open
connections send a request line and headers but never the blank line that ends them.
`--server gunicorn` measures the embedded server as it was before waitress (gunicorn, one process,
four threads) for comparison. Writes bench/results/robustness.json with the machine's description.
"""

import argparse
import collections
import contextlib
import json
import socket
import statistics
import sys
import tempfile
import time
import urllib.error
import urllib.request
from pathlib import Path

from trendwatch import loadtest

RESULTS = loadtest.PROJECT / "bench" / "results" / "robustness.json"
# The property tests counted, by what they cover.
PROPERTY_TESTS = {
    "importers": "tests/archive/test_round_trip_properties.py",
    "url_patterns": "tests/security/test_url_patterns.py",
    "schemathesis": "tests/api/test_schema_properties.py",
}
# What a reader opens while the half-open connections are held: a page, a list and a static answer.
READER_PATHS = ["/en/", "/en/archive/", "/robots.txt"]
# A reader's request not answered within this many seconds counts as not answered at all.
READER_TIMEOUT_SECONDS = 10
TARGETS = {"reader_p95_ms_with_half_open_connections_at_most": 100, "losses": 0, "failures": 0, "server_errors": 0}


class EmbeddedServer(loadtest.Server):
    """`manage.py serve`, what `make run` starts, on a free loopback port with production settings."""

    name = "manage.py serve"

    def command(self):
        return [
            sys.executable, "manage.py", "serve", "--port", str(self.port), "--quiet",
            "--threads", str(self.threads), "--schedule-interval", "3600",
        ]  # fmt: skip


class FormerEmbeddedServer(loadtest.Server):
    """What `make run` started before waitress: gunicorn, one process of four threads."""

    name = "gunicorn (one process, four threads)"


@contextlib.contextmanager
def half_open_connections(port, count):
    """`count` connections that send a request line and headers but never the blank line ending them."""
    with contextlib.ExitStack() as stack:
        for _number in range(count):
            connection = stack.enter_context(socket.create_connection(("127.0.0.1", port), timeout=10))
            connection.sendall(b"GET /en/ HTTP/1.1\r\nHost: 127.0.0.1\r\nUser-Agent: half-open\r\n")
        yield


def reader_times(base_url, paths, requests):
    """Seconds each of `requests` GETs took, in turns over `paths`; None for one not answered in time."""
    times = []
    for number in range(requests):
        began = time.monotonic()
        try:
            with urllib.request.urlopen(base_url + paths[number % len(paths)], timeout=READER_TIMEOUT_SECONDS) as answer:  # nosec B310
                answer.read()
            times.append(time.monotonic() - began)
        except (urllib.error.URLError, TimeoutError, ConnectionError):
            times.append(None)
    return times


def p95_ms(times):
    return round(statistics.quantiles(times, n=20)[18] * 1000, 1)
