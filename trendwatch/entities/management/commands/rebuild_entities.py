from django.core.management.base import BaseCommand

from trendwatch.entities import matching
from trendwatch.entities.models import ArticleMention, ArticleName, NameKey, Suggestion
from trendwatch.pagecache.version import content_changed
from trendwatch.publishing.plain_sql import tidy_after_bulk_write
from trendwatch.progress import progress_bar


class Command(BaseCommand):
    help = "Find again the people, organisations and places every published article mentions, and the suggestions."

    def handle(self, *args, **options):
        with progress_bar("entity mentions", quiet=options["verbosity"] == 0) as progress:
            count = matching.rebuild(progress=progress)
        tidy_after_bulk_write([ArticleName, ArticleMention, NameKey, Suggestion])
        content_changed()  # pages show what was rebuilt
        self.stdout.write(self.style.SUCCESS(f"Read the names in {count} articles."))
