from django.core.management.base import BaseCommand

from trendwatch.pagecache.version import content_changed
from trendwatch.progress import progress_bar
from trendwatch.publishing.plain_sql import tidy_after_bulk_write
from trendwatch.search import index
from trendwatch.search.models import Posting, SearchDocument, SearchTerm


class Command(BaseCommand):
    help = "Index every published article for site search from scratch."

    def handle(self, *args, **options):
        with progress_bar("search index", quiet=options["verbosity"] == 0) as progress:
            count = index.rebuild(progress=progress)
        tidy_after_bulk_write([Posting, SearchDocument, SearchTerm])
        content_changed()  # pages show what was rebuilt
        self.stdout.write(self.style.SUCCESS(f"Indexed {count} articles for search."))
