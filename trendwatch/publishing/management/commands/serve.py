"""The embedded server of `make run`: waitress, with a task worker and scheduled publishing beside it.

waitress reads each request whole in its event loop before a worker thread sees it, so a client
that sends half a request, or sends it slowly, holds one idle socket and never a thread: a hundred
such clients leave readers served as before (bench/robustness.py measures it). gunicorn's threads
each waited for their client; four half-open connections froze the site.
"""

import os
import signal
import subprocess
import sys
import threading
import time
from pathlib import Path

from django.conf import settings
from django.core.management import call_command
from django.core.management.base import BaseCommand
from django.core.servers.basehttp import get_internal_wsgi_application

from trendwatch.workers.parent import worker_environment

# Sockets the server keeps open at once, idle ones included; past it, new connections wait in the
# listen queue until some close. poll() instead of select() lets it pass select's 1,024 descriptors.
CONNECTION_LIMIT = 1000
# Seconds a connection may stay silent (half a request, or kept alive after one) before it is closed.
IDLE_SECONDS = 30


class Command(BaseCommand):
    help = (
        "Serve the site with waitress, run its background tasks in a worker process beside it (with "
        "TASKS_BACKEND=database) and publish scheduled pages on time: the embedded default."
    )
    worker = None  # the task worker process, when background work is queued

    def add_arguments(self, parser):
        parser.add_argument("--port", type=int, default=int(os.environ.get("PORT", "8000")))
        parser.add_argument("--host", default=os.environ.get("HOST", "127.0.0.1"))
        parser.add_argument(
            "--threads", type=int, default=int(os.environ.get("WEB_THREADS", "4")), help="Threads answering requests."
        )
        parser.add_argument(
            "--schedule-interval", type=float, default=30.0, help="Seconds between checks for scheduled pages."
        )
        parser.add_argument("--quiet", action="store_true", help="No line per request.")

    def handle(self, *args, **options):
        import waitress

        # The site's WSGI application by its setting, as runserver finds it: publishing may not
        # import the site-level module, which wraps the application in search's turn-taking.
        application = get_internal_wsgi_application()

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
            waitress.serve(
                application if options["quiet"] else with_access_log(application, sys.stdout),
                host=options["host"],
                port=options["port"],
                threads=options["threads"],
                connection_limit=CONNECTION_LIMIT,
                channel_timeout=IDLE_SECONDS,
                asyncore_use_poll=True,
                ident="trendwatch",
            )
        finally:
            stop.set()
            if self.worker is not None:
                self.worker.send_signal(signal.SIGTERM)
                self.worker.wait()

    def start_worker(self):
        manage = Path(settings.BASE_DIR) / "manage.py"
        return subprocess.Popen([sys.executable, str(manage), "task_worker", "--no-startup-delay", "--verbosity", "0"],
                                env=worker_environment())

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


def with_access_log(application, stream):
    """`application` writing a line per request to `stream`: client, request line, status, milliseconds."""

    def logged(environ, start_response):
        began, status = time.monotonic(), []

        def start(status_line, headers, exc_info=None):
            status.append(status_line.split(" ", 1)[0])
            return start_response(status_line, headers, exc_info)

        try:
            return application(environ, start)
        finally:
            query = f"?{environ['QUERY_STRING']}" if environ.get("QUERY_STRING") else ""
            stream.write(
                f"{environ.get('REMOTE_ADDR', '-')} \"{environ['REQUEST_METHOD']} {environ.get('PATH_INFO', '')}{query}\" "
                f"{status[0] if status else '-'} {(time.monotonic() - began) * 1000:.0f} ms\n"
            )
            stream.flush()

    return logged
