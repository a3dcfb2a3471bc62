"""Preparing a site of the generated archive on one database, and timing the import and rebuilds."""

import json
import shutil
import subprocess
import sys
import tempfile
import time
import urllib.parse
from pathlib import Path

from trendwatch.loadtest import create_postgres_database, production_environment

from .archive import ArchiveWriter, Sizes
from .commands import PROJECT, ScaleError, timed_command
from .publishing import measure_publishing
from .surfaces import measure_surfaces

DEFAULT_POSTGRES_URL = "postgres://postgres@127.0.0.1:5432/trendwatch_scale"


def prepared_archive(work_dir, articles, seed, report):
    """The archive file for (articles, seed), generated the first time; later runs reuse it."""
    folder = Path(work_dir) / f"archive-{articles}-{seed}"
    complete = folder / "complete"
    if not complete.exists():
        shutil.rmtree(folder, ignore_errors=True)
        report(f"generating an archive of {articles} articles in {folder}")
        writer = ArchiveWriter(Sizes(articles), seed)
        writer.write(folder)
        complete.touch()
    return folder / "archive.jsonl"


def site_environment(name, work_dir, postgres_url, static_root):
    """Production settings on a fresh database of this run (the SQLite file or PostgreSQL database
    is emptied first)."""
    if name == "sqlite":
        database = Path(work_dir) / "site.sqlite3"
        for leftover in database.parent.glob(database.name + "*"):
            leftover.unlink()
        url = f"sqlite:///{database}"
    else:
        drop_postgres_database(postgres_url)
        create_postgres_database(postgres_url)
        url = postgres_url
    return production_environment(url, static_root, page_cache=False)


def drop_postgres_database(database_url):
    import psycopg
    from psycopg import sql

    parts = urllib.parse.urlsplit(database_url)
    maintenance = urllib.parse.urlunsplit(parts._replace(path="/postgres"))
    try:
        with psycopg.connect(maintenance, autocommit=True) as connection:
            connection.execute(sql.SQL("DROP DATABASE IF EXISTS {} WITH (FORCE)").format(sql.Identifier(parts.path.lstrip("/"))))
    except psycopg.OperationalError as error:
        raise ScaleError(f"PostgreSQL at {maintenance} cannot be reached ({error}); start it or pass --databases sqlite")


def import_rates(environment, started_at):
    """(first tenth's, last tenth's) articles per second while `import_archive` wrote them.

    Read from the revisions' creation times: each batch of new pages shares one, so a tenth is
    measured over the whole batches it ends in, from the command's start (`started_at`, a Unix
    time) or the end of the batch before.
    """
    script = (
        "import os, django, json; os.environ.setdefault('DJANGO_SETTINGS_MODULE', 'trendwatch.settings'); django.setup();"
        "from django.db.models import Count; from wagtail.models import Revision;"
        "from trendwatch.publishing.models import ArticlePage;"
        "batches = Revision.objects.filter(object_id__in=[str(pk) for pk in ArticlePage.objects.values_list('pk', flat=True)])"
        ".values('created_at').annotate(pages=Count('id')).order_by('created_at');"
        "print(json.dumps([(row['created_at'].timestamp(), row['pages']) for row in batches]))"
    )
    output = subprocess.run([sys.executable, "-c", script], cwd=PROJECT, env=environment, check=True,
                            capture_output=True, text=True).stdout
    batches = json.loads(output)
    total = sum(pages for _moment, pages in batches)
    written, first = 0, None
    last_tenth_from, written_before_it = started_at, 0  # the end of the last batch before the last tenth
    for moment, pages in batches:
        written += pages
        if first is None and written >= total / 10:
            first = written / max(moment - started_at, 1e-3)
        if written <= total * 9 / 10:
            last_tenth_from, written_before_it = moment, written
    last = (total - written_before_it) / max(batches[-1][0] - last_tenth_from, 1e-3)
    return round(first, 1), round(last, 1)


def measure_database(name, archive, options, report):
    with tempfile.TemporaryDirectory(prefix="scale-static-") as static_root:
        environment = site_environment(name, options.work_dir, options.postgres_url, static_root)
        report(f"{name}: migrating a fresh database")
        subprocess.run([sys.executable, "manage.py", "migrate", "--noinput", "--verbosity", "0"], cwd=PROJECT,
                       env=environment, check=True)
        report(f"{name}: import_archive {archive}")
        started_at = time.time()
        seconds, peak_mb = timed_command(environment, "import_archive", str(archive), "--format", "jsonl")
        first, last = import_rates(environment, started_at)
        result = {
            "import_seconds": round(seconds, 1),
            "import_articles_per_s": round(options.articles / seconds, 1),
            "import_first_tenth_per_s": first,
            "import_last_tenth_per_s": last,
            "import_last_to_first": round(last / first, 2),
            "import_peak_rss_mb": round(peak_mb),
        }
        report(f"{name}: {result}")
        if options.prepare_only:
            return result
        result.update(measure_surfaces(name, environment, static_root, options, report))
        report(f"{name}: an editor publishes articles in the embedded set-up")
        publishing = measure_publishing(environment, report, options.publish)
        result["rss_mb"]["worker"] = publishing.pop("worker_rss_mb")
        result.update(publishing)
        return result
