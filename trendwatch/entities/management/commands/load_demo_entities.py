from django.core.management.base import BaseCommand

from trendwatch.entities.demo import load_demo_entities
from trendwatch.progress import progress_bar


class Command(BaseCommand):
    help = "Add the demo archive's people, organisations and places, then find their mentions."

    def handle(self, *args, **options):
        with progress_bar("entity mentions", quiet=options["verbosity"] == 0) as progress:
            made = load_demo_entities(progress=progress)
        self.stdout.write(self.style.SUCCESS(f"Added {made} demo entities."))
