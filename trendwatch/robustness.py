"""How the site holds up against careless editors, hostile visitors and strange files.

    python -m trendwatch.robustness [--half-open 100] [--requests 300] [--former-requests 6]

Runs the suite's property tests in this process, counting their examples through Hypothesis's
observability callbacks (generated text through every importer, every URL pattern with generated
parameters, schemathesis over the whole OpenAPI description), then measures a reader's response
times on the embedded server (`manage.py serve`, what `make run` starts) while --half-open
connections send a request line and headers but never the blank line that ends them, and the same
on the embedded server as it was before waitress (gunicorn, one process, four threads) with a few
requests, since most of those wait out their 10 s; then a reader's home-page times while 16
connections search without pause (wrk). Writes bench/results/robustness.json with the
machine's description, on a database of its own with the demo archive.
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
import urllib.parse
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
TARGETS = {
    "reader_p95_ms_with_half_open_connections_at_most": 100,
    "home_p95_ms_under_search_flood_at_most": 100,
    "losses": 0,
    "failures": 0,
    "server_errors": 0,
}


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


def slow_client_figures(server_class, database_url, static_root, half_open, requests, threads=4):
    """A reader's p95 on a fresh `server_class` alone and with `half_open` half-open connections held,
    and how many of its requests were answered; medians of three rounds for the p95s."""
    rounds = []
    with server_class(database_url, static_root, workers=1, threads=threads) as server:
        reader_times(server.url, READER_PATHS, len(READER_PATHS) * 3)  # warm the page cache
        for _round in range(3):
            alone = reader_times(server.url, READER_PATHS, requests)
            with half_open_connections(server.port, half_open):
                held = reader_times(server.url, READER_PATHS, requests)
            rounds.append((alone, held))
    answered = [[time for time in held if time is not None] for _alone, held in rounds]
    return {
        "server": server_class.name,
        "half_open_connections": half_open,
        "reader_requests_per_round": requests,
        "reader_paths": READER_PATHS,
        "reader_p95_ms_alone": statistics.median(p95_ms(alone) for alone, _held in rounds),
        "reader_p95_ms_with_half_open_connections": (
            statistics.median(p95_ms(times) for times in answered) if all(len(times) >= 2 for times in answered) else None
        ),
        "reader_requests_answered": sum(len(times) for times in answered),
        "reader_requests_not_answered_within_seconds": {
            str(READER_TIMEOUT_SECONDS): sum(held.count(None) for _alone, held in rounds)
        },
    }


def search_flood_figures(database_url, static_root, clients=16, seconds=20, requests=200):
    """A reader's home-page p95 (page cache off) on `manage.py serve` alone, then while `clients`
    connections search without pause over `seconds`; what the searchers got."""
    words = [word for terms in loadtest.SEARCH_TERMS.values() for word in terms]
    searches = [
        f"/{language}/search/?" + urllib.parse.urlencode({"q": f"{first} {second}"})
        for language in loadtest.SEARCH_TERMS
        for first in words
        for second in words
        if first != second
    ]
    with EmbeddedServer(database_url, static_root, page_cache=False, workers=1, threads=4) as server:
        reader_times(server.url, ["/en/"], 20)  # the first requests fill the content memo
        alone = reader_times(server.url, ["/en/"], requests)
        held = []
        with tempfile.TemporaryDirectory() as folder:
            flood = loadtest.start_wrk(server.url, searches, clients, seconds, folder)
            time.sleep(1)
            deadline = time.monotonic() + seconds - 2
            while time.monotonic() < deadline:
                held.extend(reader_times(server.url, ["/en/"], 10))
            searched = loadtest.wrk_result(flood)
    answered = [time for time in held if time is not None]
    return {
        "server": EmbeddedServer.name,
        "page_cache": False,
        "searching_connections": clients,
        "seconds": seconds,
        "home_p95_ms_alone": p95_ms(alone),
        "home_p95_ms_under_search_flood": p95_ms(answered) if len(answered) >= 2 else None,
        "home_requests_under_flood": len(held),
        "home_requests_not_answered": held.count(None),
        # Searches beyond the server's slots are asked to come back (503): counted among wrk's errors.
        "searches": searched,
    }


class FailedTests:
    """A pytest plugin keeping the ids of the tests that failed."""

    def __init__(self):
        self.ids = []

    def pytest_runtest_logreport(self, report):
        if report.failed:
            self.ids.append(report.nodeid)


def property_counts():
    """Run the property tests in this process: {property (a test's name): Counter of its examples' outcomes},
    the ids of the tests that failed, and pytest's exit code."""
    import pytest
    from hypothesis.internal.observability import add_observability_callback, remove_observability_callback

    outcomes = collections.defaultdict(collections.Counter)

    def observe(observation):
        if observation.type == "test_case":
            outcomes[observation.property][observation.status] += 1

    failed = FailedTests()
    add_observability_callback(observe)
    try:
        exit_code = pytest.main([*PROPERTY_TESTS.values(), "-q", "-p", "no:cacheprovider"], plugins=[failed])
    finally:
        remove_observability_callback(observe)
    return outcomes, failed.ids, exit_code


def property_summary(outcomes, failed_ids):
    """What robustness.json says of the property tests."""
    from tests.security.test_url_patterns import ADMIN_PATTERNS, PUBLIC_PATTERNS

    def failed_in(path):
        return [test_id for test_id in failed_ids if test_id.startswith(path)]

    importers = {
        name.removeprefix("test_").removesuffix("_keeps_every_character"): {
            "examples": counts["passed"] + counts["failed"], "losses": counts["failed"],
        }
        for name, counts in sorted(outcomes.items())
        if name.endswith("_keeps_every_character")
    }
    # Hypothesis names a property by its test's node id, or by its function's name when it is not a test.
    crawl = outcomes["answers_without_a_server_error"]
    schema = outcomes[PROPERTY_TESTS["schemathesis"] + "::test_no_server_error_and_no_schema_violation"]
    return {
        "importers_round_trip": {"per_importer": importers, "failed_tests": failed_in(PROPERTY_TESTS["importers"])},
        "url_patterns": {
            "patterns_crawled": len(PUBLIC_PATTERNS) + len(ADMIN_PATTERNS),
            "public_patterns": len(PUBLIC_PATTERNS),
            "admin_patterns_as_anonymous": len(ADMIN_PATTERNS),
            "requests": crawl["passed"] + crawl["failed"],
            "server_errors": crawl["failed"],
            "failed_tests": failed_in(PROPERTY_TESTS["url_patterns"]),
        },
        "schemathesis": {
            "cases": schema["passed"] + schema["failed"],
            "failures": schema["failed"],
            "failed_tests": failed_in(PROPERTY_TESTS["schemathesis"]),
        },
    }


def main():
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--half-open", type=int, default=100, help="Half-open connections held (default 100).")
    parser.add_argument("--requests", type=int, default=300, help="A reader's requests per round (default 300).")
    parser.add_argument(
        "--former-requests", type=int, default=6,
        help="The same reader's requests on the former embedded server, each waiting up to 10 s (default 6).",
    )
    parser.add_argument("--output", type=Path, default=RESULTS)
    options = parser.parse_args()

    def report(message):
        print(f"[{time.strftime('%H:%M:%S')}] {message}", file=sys.stderr, flush=True)

    description = loadtest.machine()
    report("property tests (pytest, in this process)")
    outcomes, failed_ids, exit_code = property_counts()
    properties = property_summary(outcomes, failed_ids)
    with tempfile.TemporaryDirectory(prefix="robustness-") as folder:
        database_url, static_root = f"sqlite:///{Path(folder) / 'robustness.sqlite3'}", Path(folder) / "static"
        environment = loadtest.production_environment(database_url, static_root)
        report("a database with the demo archive")
        loadtest.manage(environment, "migrate", "--noinput", "--verbosity", "0")
        loadtest.manage(environment, "load_demo", "--verbosity", "0")
        loadtest.prepare_static(static_root)
        report(f"a reader with {options.half_open} half-open connections: manage.py serve")
        embedded = slow_client_figures(EmbeddedServer, database_url, static_root, options.half_open, options.requests)
        report("the same on the former embedded server (gunicorn, four threads)")
        former = slow_client_figures(
            FormerEmbeddedServer, database_url, static_root, options.half_open, options.former_requests
        )
        report("a reader of the home page while 16 connections search without pause")
        flood = search_flood_figures(database_url, static_root)
    description["python_probe_ms_at_end"] = loadtest.python_probe()
    output = {
        "machine": description,
        "pytest_exit_code": exit_code,
        **properties,
        "slow_clients": {"embedded_server": embedded, "former_embedded_server": former},
        "search_flood": flood,
        "targets": TARGETS,
        "checks": {
            "importers_lose_nothing": all(item["losses"] == 0 for item in properties["importers_round_trip"]["per_importer"].values()),
            "schemathesis_finds_nothing": properties["schemathesis"]["failures"] == 0,
            "no_url_pattern_fails": properties["url_patterns"]["server_errors"] == 0,
            "reader_p95_met": (embedded["reader_p95_ms_with_half_open_connections"] or float("inf"))
            <= TARGETS["reader_p95_ms_with_half_open_connections_at_most"],
            "home_p95_under_search_flood_met": (flood["home_p95_ms_under_search_flood"] or float("inf"))
            <= TARGETS["home_p95_ms_under_search_flood_at_most"],
        },
    }
    options.output.parent.mkdir(parents=True, exist_ok=True)
    options.output.write_text(json.dumps(output, indent=2, ensure_ascii=False) + "\n")
    print(json.dumps(output["checks"], indent=2))
    print(f"Wrote {options.output}")


if __name__ == "__main__":
    main()
