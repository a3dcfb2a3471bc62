from django.core.management.base import BaseCommand
from tqdm import tqdm

from trendwatch.related import corpus


class Command(BaseCommand):
    help = "Recompute every article's similar-articles list from scratch."

    def handle(self, *args, **options):
        with tqdm(desc="similar lists", unit="article", disable=options["verbosity"] == 0) as bar:

            def progress(done, total):
                bar.total = total
                bar.n = done
                bar.refresh()

            count = corpus.rebuild(progress=progress)
        self.stdout.write(self.style.SUCCESS(f"Stored similar-article lists for {count} articles."))
