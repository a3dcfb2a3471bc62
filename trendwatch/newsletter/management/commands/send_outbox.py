import signal
import threading

from django.core.management.base import BaseCommand

from trendwatch.newsletter.outbox import OutboxWorker
from trendwatch.progress import progress_bar


class Command(BaseCommand):
    help = (
        "Deliver the newsletter outbox. Runs until stopped (SIGTERM or Ctrl-C finish the message in hand); "
        "any number of these may run at once, on any machine that reaches the database."
    )

    def add_arguments(self, parser):
        parser.add_argument("--once", action="store_true", help="Send what is due now, then exit.")
        parser.add_argument("--batch-size", type=int, default=20, help="Rows claimed at a time (default 20).")
        parser.add_argument(
            "--lease", type=float, default=None,
            help="Seconds a claim lasts before other workers may take the rows over (default NEWSLETTER_LEASE_SECONDS).",
        )
        parser.add_argument("--poll", type=float, default=5.0, help="Seconds between looks at an empty outbox (default 5).")

    def handle(self, *args, once, batch_size, lease, poll, verbosity, **options):
        worker = OutboxWorker(batch_size=batch_size, lease=lease)
        stopped = threading.Event()

        def stop(*_signal):
            worker.stop()
            stopped.set()

        # Only the main thread may take signals; `make run` calls this from its scheduling thread.
        # The process's own handler comes back at the end (a caller may go on to fork workers).
        previous = None
        if threading.current_thread() is threading.main_thread():
            previous = signal.signal(signal.SIGTERM, stop)
        try:
            if once:
                with progress_bar("Sending letters", unit="letter", quiet=verbosity == 0) as report:
                    total = worker.due_count()
                    worker.run_until_empty(lambda sent: report(sent, max(total, sent)))
            else:
                while not stopped.is_set():
                    worker.run_until_empty()
                    stopped.wait(poll)
        except KeyboardInterrupt:
            stop()
        finally:
            if previous is not None:
                signal.signal(signal.SIGTERM, previous)
        if verbosity:
            self.stdout.write(f"{worker.sent} letters sent")
