"""Preparing a site of the generated archive on one database, and timing the import and rebuilds."""

import os
import shutil
import subprocess
import sys
import tempfile
import time
import urllib.parse
from pathlib import Path

from trendwatch.loadtest import create_postgres_database, production_environment

from .archive import ArchiveWriter, Sizes

PROJECT = Path(__file__).resolve().parents[2]
DEFAULT_POSTGRES_URL = "postgres://postgres@127.0.0.1:5432/trendwatch_scale"


class ScaleError(Exception):
    pass


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


def import_rates(environment):
    """(first tenth's, last tenth's) articles per second while `import_archive` wrote them, read from
    the revisions' creation times (each batch of new pages shares one)."""
    script = (
        "import os, django, json; os.environ.setdefault('DJANGO_SETTINGS_MODULE', 'trendwatch.settings'); django.setup();"
        "from wagtail.models import Revision; from trendwatch.publishing.models import ArticlePage;"
        "pages = set(ArticlePage.objects.values_list('pk', flat=True));"
        "times = sorted(created.timestamp() for object_id, created in"
        " Revision.objects.values_list('object_id', 'created_at') if int(object_id) in pages);"
        "print(json.dumps(times))"
    )
    output = subprocess.run([sys.executable, "-c", script], cwd=PROJECT, env=environment, check=True,
                            capture_output=True, text=True).stdout
    times = __import__("json").loads(output)
    tenth = max(2, len(times) // 10)

    def rate(moments):
        return round(len(moments) / max(moments[-1] - moments[0], 1e-3), 1)

    return rate(times[:tenth]), rate(times[-tenth:])


def measure_database(name, archive, options, report):
    with tempfile.TemporaryDirectory(prefix="scale-static-") as static_root:
        environment = site_environment(name, options.work_dir, options.postgres_url, static_root)
        report(f"{name}: migrating a fresh database")
        subprocess.run([sys.executable, "manage.py", "migrate", "--noinput", "--verbosity", "0"], cwd=PROJECT,
                       env=environment, check=True)
        report(f"{name}: import_archive {archive}")
        seconds, peak_mb = timed_command(environment, "import_archive", str(archive), "--format", "jsonl")
        first, last = import_rates(environment)
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
        from .publishing import measure_publishing
        from .surfaces import measure_surfaces

        result.update(measure_surfaces(name, environment, static_root, options, report))
        report(f"{name}: an editor publishes articles in the embedded set-up")
        publishing = measure_publishing(environment, report)
        result["rss_mb"]["worker"] = publishing.pop("worker_rss_mb")
        result.update(publishing)
        return result
