import os
import signal
import subprocess
import sys
import threading
from pathlib import Path

from django.conf import settings
from django.core.management import call_command
from django.core.management.base import BaseCommand


class Command(BaseCommand):
    help = (
        "Serve the site with gunicorn, run its background tasks in a worker process beside it (with "
        "TASKS_BACKEND=database) and publish scheduled pages on time: the embedded default."
    )
    worker = None  # the task worker process, when background work is queued

    def add_arguments(self, parser):
        parser.add_argument("--port", type=int, default=int(os.environ.get("PORT", "8000")))
        parser.add_argument("--host", default=os.environ.get("HOST", "127.0.0.1"))
        parser.add_argument("--workers", type=int, default=int(os.environ.get("WEB_CONCURRENCY", "1")))
        parser.add_argument(
            "--schedule-interval", type=float, default=30.0, help="Seconds between checks for scheduled pages."
        )

    def handle(self, *args, **options):
        command = [
            sys.executable, "-m", "gunicorn", "trendwatch.wsgi",
            "--bind", f"{options['host']}:{options['port']}",
            "--workers", str(options["workers"]),
            "--threads", "4",
            "--access-logfile", "-",
        ]
        server = subprocess.Popen(command)
        # Publishing only queues the work that follows it (similar lists, search, entity mentions);
        # this worker does it, so an editor's "Publish" never waits for it.
        self.worker = self.start_worker() if settings.TASKS_BACKEND == "database" else None
        stop = threading.Event()
        scheduler = threading.Thread(target=self.publish_on_time, args=(stop, options["schedule_interval"]), daemon=True)
        scheduler.start()
        shown_host = "localhost" if options["host"] in {"127.0.0.1", "0.0.0.0"} else options["host"]
        self.stdout.write(
            self.style.SUCCESS(f"Trendwatch is serving at http://{shown_host}:{options['port']}/ (editors: /admin/). Ctrl-C stops it.")
        )
        try:
            server.wait()
        except KeyboardInterrupt:
            server.send_signal(signal.SIGTERM)
            server.wait()
        finally:
            stop.set()
            if self.worker is not None:
                self.worker.send_signal(signal.SIGTERM)
                self.worker.wait()

    def start_worker(self):
        manage = Path(settings.BASE_DIR) / "manage.py"
        return subprocess.Popen([sys.executable, str(manage), "task_worker", "--no-startup-delay", "--verbosity", "0"])

    def publish_on_time(self, stop, interval):
        """Scheduled publishing, the letter outbox (retries included) and stalled tasks, run in
        process so the embedded default needs no cron; a task worker that stopped is started again."""
        while not stop.wait(interval):
            if self.worker is not None and self.worker.poll() is not None:
                self.stderr.write(f"The task worker stopped (exit status {self.worker.returncode}); starting it again.")
                self.worker = self.start_worker()
            for command, arguments in [("publish_scheduled", []), ("send_outbox", ["--once"]),
                                       ("requeue_stalled_tasks", [])]:
                try:
                    call_command(command, *arguments, verbosity=0)
                except Exception as error:  # keep serving; say what went wrong
                    self.stderr.write(f"{command} failed: {error}")
