from django.core.management.base import BaseCommand

from trendwatch.pagecache.version import content_changed
from trendwatch.progress import progress_bar
from trendwatch.related import corpus


class Command(BaseCommand):
    help = "Recompute every article's similar-articles list from scratch."

    def handle(self, *args, **options):
        with progress_bar("similar lists", quiet=options["verbosity"] == 0) as progress:
            count = corpus.rebuild(progress=progress)
        content_changed()  # pages show what was rebuilt
        self.stdout.write(self.style.SUCCESS(f"Stored similar-article lists for {count} articles."))
