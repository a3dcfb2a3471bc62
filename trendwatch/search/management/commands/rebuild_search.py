from django.core.management.base import BaseCommand
from tqdm import tqdm

from trendwatch.search import index


class Command(BaseCommand):
    help = "Index every published article for site search from scratch."

    def handle(self, *args, **options):
        with tqdm(desc="search index", unit="article", disable=options["verbosity"] == 0) as bar:

            def progress(done, total):
                bar.total = total
                bar.n = done
                bar.refresh()

            count = index.rebuild(progress=progress)
        self.stdout.write(self.style.SUCCESS(f"Indexed {count} articles for search."))
