from django.core.management.base import BaseCommand

from trendwatch.pagecache.version import content_changed
from trendwatch.publishing.plain_sql import tidy_after_bulk_write
from trendwatch.progress import stage_bars
from trendwatch.related import corpus
from trendwatch.related.models import Neighbour, TextSketch


class Command(BaseCommand):
    help = "Recompute every article's similar-articles list from scratch."

    def handle(self, *args, **options):
        with stage_bars(quiet=options["verbosity"] == 0) as stage:
            count = corpus.rebuild(stage=stage)
        tidy_after_bulk_write([Neighbour, TextSketch])
        content_changed()  # pages show what was rebuilt
        self.stdout.write(self.style.SUCCESS(f"Stored similar-article lists for {count} articles."))
