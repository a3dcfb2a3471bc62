from django.core.management.base import BaseCommand, CommandError

from trendwatch.dynamics.demo import load_demo_forecasts
from trendwatch.publishing.demo import DemoArchiveError


class Command(BaseCommand):
    help = "Attach the demo archive's forecasts to its yearly forecast article and record their resolutions."

    def handle(self, *args, **options):
        try:
            made = load_demo_forecasts()
        except DemoArchiveError as error:
            raise CommandError(str(error)) from error
        self.stdout.write(self.style.SUCCESS(f"Added {made} demo forecasts."))
