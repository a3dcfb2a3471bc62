from django.core.management import call_command
from django.core.management.base import BaseCommand, CommandError

from trendwatch.progress import progress_bar
from trendwatch.publishing.demo import DemoArchiveError, load_demo_archive


class Command(BaseCommand):
    help = "Load the demo archive (fictional commentaries) into a database that has no articles yet."

    def handle(self, *args, **options):
        with progress_bar("demo archive", quiet=options["verbosity"] == 0) as progress:
            try:
                made = load_demo_archive(progress=progress)
            except DemoArchiveError as error:
                raise CommandError(str(error)) from error
        if made == 0:
            self.stdout.write("The database already has articles; the demo archive was not loaded.")
            return
        self.stdout.write(self.style.SUCCESS(f"Loaded {made} demo pages."))
        # By name: publishing is the bottom layer and does not import the apps built on it.
        call_command("load_demo_forecasts", verbosity=options["verbosity"])
        call_command("load_demo_entities", verbosity=options["verbosity"])
        call_command("rebuild_similar", verbosity=options["verbosity"])
        call_command("rebuild_search", verbosity=options["verbosity"])
