from pathlib import Path

from django.core.management.base import BaseCommand, CommandError

from trendwatch.progress import stage_bars
from trendwatch.publishing.events import article_events_suspended, refresh_after_bulk_change
from trendwatch.publishing.languages import LANGUAGE_CODES
from trendwatch.publishing.models import Trend
from trendwatch.publishing.plain_sql import cache_for_bulk_write

from ...formats import FORMATS, ReadOptions, reader
from ...loader import ArchiveLoader
from ...records import ArchiveFormatError

FILE_SUFFIXES = {"jsonl": (".jsonl",), "seedtext": (".txt",), "html": (".html", ".htm"), "wxr": (".xml",)}


class Command(BaseCommand):
    help = "Import articles from files (jsonl, seedtext, html or wxr). Each file is imported whole or not at all."

    def add_arguments(self, parser):
        parser.add_argument("paths", nargs="+", metavar="PATH", help="Files, or folders of files of the format.")
        parser.add_argument("--format", required=True, choices=FORMATS, help="The files' format.")
        parser.add_argument("--dry-run", action="store_true", help="Read and check everything, change nothing.")
        parser.add_argument(
            "--trend-map", nargs="+", default=[], metavar="CATEGORY=TREND",
            help="Source categories (name or slug) that become trends (by trend slug).",
        )
        parser.add_argument("--default-trend", metavar="TREND", help="Trend of articles the source maps to none.")
        parser.add_argument(
            "--language", choices=LANGUAGE_CODES, help="Language of the articles (default: as the source says, or guessed)."
        )

    def handle(self, *args, **options):
        options_for_readers = ReadOptions(language=options["language"], trend_map=self.trend_map(options["trend_map"]))
        if options["default_trend"] and not Trend.objects.filter(slug=options["default_trend"]).exists():
            raise CommandError(f"--default-trend: no trend with the slug {options['default_trend']!r}")
        paths = self.expand(options["paths"], options["format"])
        read = reader(options["format"])
        failures, archives = [], []
        for path in paths:
            try:
                archives.append(read(path, options_for_readers))
            except ArchiveFormatError as error:
                failures.append(error)
        total = sum(len(archive.articles) for archive in archives)
        quiet = options["verbosity"] == 0
        changed = []
        # The articles are written without an event each; what follows them (similar lists, search,
        # entity mentions) is brought up to date once for all of them, after the files are committed.
        with stage_bars(quiet=quiet) as stage, article_events_suspended():
            progress = stage("import")
            done = 0

            def advance():
                nonlocal done
                done += 1
                progress(done, total)

            loader = ArchiveLoader(options["default_trend"], dry_run=options["dry_run"], on_article=advance)
            imported = 0
            with cache_for_bulk_write(), loader.several_files():
                # Each file's records are let go once written: what follows reads the database.
                while archives:
                    try:
                        changed += loader.load(archives.pop(0))
                        imported += 1
                    except ArchiveFormatError as error:
                        failures.append(error)
                waiting = [f"{page.title!r} links to {', '.join(sorted(set(keys)))}"
                           for page, keys in loader.waiting_links.items()]
            if not options["dry_run"]:
                refresh_after_bulk_change(changed, stage)
        for failure in failures:
            self.stderr.write(str(failure))
        for note in loader.notes:
            self.stderr.write(note)
        if waiting:
            self.stderr.write(
                f"{len(waiting)} article(s) link to articles in no archive yet; the links show as text until "
                "an import brings them: " + "; ".join(waiting)
            )
        counts = loader.counts
        summary = ", ".join(f"{counts.get(state, 0)} {state}" for state in ("created", "updated", "unchanged"))
        summary += f"; {counts.get('pins resolved', 0)} similar-article pins resolved"
        prefix = "Dry run, nothing changed: " if options["dry_run"] else ""
        self.stdout.write(f"{prefix}{imported} of {len(paths)} files imported: {summary}.")
        if failures:
            raise CommandError(f"{len(failures)} of {len(paths)} files could not be imported (see above); they changed nothing.")

    def trend_map(self, entries):
        mapping = {}
        for entry in entries:
            category, sep, slug = entry.partition("=")
            if not sep or not category.strip() or not slug.strip():
                raise CommandError(f"--trend-map {entry!r}: expected CATEGORY=TREND-SLUG")
            if not Trend.objects.filter(slug=slug.strip()).exists():
                raise CommandError(f"--trend-map {entry!r}: no trend with the slug {slug.strip()!r}")
            mapping[category.strip().lower()] = slug.strip()
        return mapping

    def expand(self, given, format_name):
        paths = []
        for name in given:
            path = Path(name)
            if path.is_dir():
                paths += sorted(child for child in path.iterdir() if child.suffix.lower() in FILE_SUFFIXES[format_name])
            elif path.exists():
                paths.append(path)
            else:
                raise CommandError(f"{name}: no such file or folder")
        if not paths:
            raise CommandError(f"no {format_name} files in {', '.join(given)}")
        return paths
