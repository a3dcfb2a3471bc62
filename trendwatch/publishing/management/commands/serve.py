import os
import signal
import subprocess
import sys
import threading

from django.core.management import call_command
from django.core.management.base import BaseCommand


class Command(BaseCommand):
    help = "Serve the site with gunicorn and publish scheduled pages on time (the embedded default)."

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

    def publish_on_time(self, stop, interval):
        """Scheduled publishing, the letter outbox (retries included) and stalled tasks, run in
        process so the embedded default needs no cron and no separate worker."""
        while not stop.wait(interval):
            for command, arguments in [("publish_scheduled", []), ("send_outbox", ["--once"]),
                                       ("requeue_stalled_tasks", [])]:
                try:
                    call_command(command, *arguments, verbosity=0)
                except Exception as error:  # keep serving; say what went wrong
                    self.stderr.write(f"{command} failed: {error}")
