import datetime

from django.core.management.base import BaseCommand, CommandError

from trendwatch.workers.stalled import recover_stalled_tasks


class Command(BaseCommand):
    help = (
        "Put tasks that a stopped db_worker left RUNNING back into the queue (run it every minute "
        "beside publish_scheduled); after --attempts workers stopped on one, mark it failed."
    )

    def add_arguments(self, parser):
        parser.add_argument(
            "--after-minutes", type=float, default=30.0,
            help="A task running for longer than this is taken for stalled; keep it above the longest task [30].",
        )
        parser.add_argument("--attempts", type=int, default=3, help="Workers a task may stop before it fails [3].")

    def handle(self, *args, after_minutes, attempts, **options):
        if not after_minutes > 0:
            raise CommandError(f"--after-minutes must be more than 0, got {after_minutes}")
        if attempts < 1:
            raise CommandError(f"--attempts must be at least 1, got {attempts}")
        try:
            stalled_after = datetime.timedelta(minutes=after_minutes)
        except OverflowError:
            raise CommandError(f"--after-minutes is too large: {after_minutes}") from None
        recovery = recover_stalled_tasks(stalled_after, attempts)
        for task_id in recovery.requeued:
            self.stdout.write(f"requeued stalled task {task_id}")
        for task_id in recovery.failed:
            self.stderr.write(f"task {task_id} failed: {attempts} or more workers stopped while running it")
