from django.core.management.base import BaseCommand

from trendwatch.progress import progress_bar

from ...export import ARCHIVE_NAME, export_archive


class Command(BaseCommand):
    help = f"Write every article, trend, author, weekly issue and picture into DIR ({ARCHIVE_NAME} and images/)."

    def add_arguments(self, parser):
        parser.add_argument("directory", metavar="DIR")

    def handle(self, *args, **options):
        with progress_bar("export", quiet=options["verbosity"] == 0) as progress:
            count = export_archive(options["directory"], progress=progress)
        self.stdout.write(self.style.SUCCESS(f"Exported {count} articles to {options['directory']}/{ARCHIVE_NAME}."))
