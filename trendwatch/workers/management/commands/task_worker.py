from django_tasks_db.management.commands import db_worker

from trendwatch.workers.parent import stop_with_parent
from trendwatch.workers.warmup import warm_up


class Command(db_worker.Command):
    help = (
        "Run background tasks from the database queue (as db_worker does), having first loaded what "
        "they keep in memory, such as the similar-articles index."
    )

    def handle(self, *args, **options):
        stop_with_parent()
        warm_up()
        super().handle(*args, **options)
