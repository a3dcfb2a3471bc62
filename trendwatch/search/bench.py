"""Speed of the search page on the demo archive, the way a reader meets it.

    python -m trendwatch.search.bench [--queries 300] [--output bench/results/search.json]

Loads the demo archive into a fresh SQLite database in a temporary folder (the project's own
database is not touched), then requests /<language>/search/ through Django's test client: full
requests with filters, ranking, highlighting and the page template, on SQLite as `make run`
serves it. The queries are drawn (seeded) from the archive's own headlines in all three
languages, one to three words each, a third of them with a filter, a date sort, "all languages"
or a second page. Writes p50 and p95 of the request time in milliseconds.
"""

import argparse
import json
import os
import random
import statistics
import sys
import tempfile
import time
import warnings
from pathlib import Path

SEED = 20161212
WARM_UP_QUERIES = 20
DEFAULT_OUTPUT = Path(__file__).resolve().parents[2] / "bench" / "results" / "search.json"


def _setup_django(folder):
    # Settings read these when they are first imported, so they are set before Django starts.
    os.environ["DATABASE_URL"] = f"sqlite:///{folder / 'bench.sqlite3'}"
    os.environ["MEDIA_ROOT"] = str(folder / "media")
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "trendwatch.settings")
    import django

    django.setup()


def _load_demo():
    from django.core.management import call_command

    call_command("migrate", verbosity=0)
    call_command("load_demo", verbosity=1)


def realistic_queries(count, seed=SEED):
    """(url path, parameters) pairs drawn from the published headlines of every language."""
    from trendwatch.publishing.models import Trend, published_articles
    from trendwatch.similar.text import stop_words

    rng = random.Random(seed)
    articles = list(published_articles())
    trends = list(Trend.objects.values_list("slug", flat=True))
    queries = []
    while len(queries) < count:
        article = rng.choice(articles)
        language = article.locale.language_code
        words = [
            word.strip("«»“”\"',.:;!?()")
            for word in article.title.split()
            if len(word) > 3 and word.lower() not in stop_words(language)
        ]
        if not words:
            continue
        parameters = {"q": " ".join(rng.sample(words, min(len(words), rng.randint(1, 3))))}
        variant = rng.random()
        if variant < 0.1:
            parameters["trend"] = rng.choice(trends)
        elif variant < 0.2:
            parameters["sort"] = "date"
        elif variant < 0.27:
            parameters["language"] = "all"
        elif variant < 0.33:
            parameters["page"] = "2"
        queries.append((f"/{language}/search/", parameters))
    return queries


def measure(queries):
    """Milliseconds per request, after a few untimed ones that fill the caches."""
    from django.test import Client
    from django.test.utils import override_settings

    client = Client()
    timings = []
    warnings.filterwarnings("ignore", "No directory at", UserWarning)  # no collected static folder: not needed
    # The bench serves static URLs from the apps, without a collectstatic run first.
    with override_settings(
        STORAGES={
            "default": {"BACKEND": "django.core.files.storage.FileSystemStorage"},
            "staticfiles": {"BACKEND": "django.contrib.staticfiles.storage.StaticFilesStorage"},
        }
    ):
        for number, (path, parameters) in enumerate(queries[:WARM_UP_QUERIES] + queries):
            started = time.perf_counter()
            response = client.get(path, parameters)
            elapsed = (time.perf_counter() - started) * 1000
            if response.status_code != 200:
                raise SystemExit(f"{path}?{parameters} answered {response.status_code}")
            if number >= WARM_UP_QUERIES:
                timings.append(elapsed)
    return timings


def percentile(values, share):
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, round(share * (len(ordered) - 1)))]


def main(argv=None):
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--queries", type=int, default=300, help="timed queries (default 300)")
    parser.add_argument("--output", type=Path, default=DEFAULT_OUTPUT, help=f"result file (default {DEFAULT_OUTPUT})")
    options = parser.parse_args(argv)
    if options.queries < 1:
        parser.error(f"--queries must be at least 1, not {options.queries}")
    with tempfile.TemporaryDirectory(prefix="trendwatch-search-bench-") as folder:
        _setup_django(Path(folder))
        _load_demo()
        from trendwatch.publishing.models import published_articles
        from trendwatch.similar.machine import machine_description

        timings = measure(realistic_queries(options.queries))
        result = {
            "machine": machine_description(),
            "database": "SQLite",
            "articles": published_articles().count(),
            "queries": len(timings),
            "p50_ms": round(statistics.median(timings), 1),
            "p95_ms": round(percentile(timings, 0.95), 1),
            "max_ms": round(max(timings), 1),
        }
    options.output.parent.mkdir(parents=True, exist_ok=True)
    options.output.write_text(json.dumps(result, indent=2, ensure_ascii=False) + "\n", encoding="utf-8")
    json.dump(result, sys.stdout, indent=2, ensure_ascii=False)
    print()


if __name__ == "__main__":
    main()
