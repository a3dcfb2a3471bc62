"""How much of a server process searches may take at once, so that a flood of them leaves readers served.

A search is the costliest page a visitor can ask for as often as they like. Each process runs at
most SEARCHES_AT_ONCE of them with a rest after each (SEARCH_REST_RATIO), lets SEARCHES_WAITING more wait up to SEARCH_WAIT_SECONDS for their
turn, and turns the rest away before Django sees them, with a short page that costs next to
nothing: the server's threads stay free for every other page.
"""

import functools
import re
import threading
import time
from contextlib import contextmanager

from django.conf import settings
from django.utils import translation
from django.utils.html import escape
from django.utils.translation import gettext as _

from trendwatch.publishing.languages import LANGUAGE_CODES

# What a reader turned away is told to wait, in seconds.
RETRY_AFTER_SECONDS = 2


class SearchSlots:
    """Turns for searches: at most SEARCHES_AT_ONCE run, and when others are waiting, the next waits
    for a rest as long as SEARCH_REST_RATIO times the last search took, so that a flood of searches
    takes at most about half of a process's time (with the ratio at 1) and leaves the GIL to other
    pages; a reader searching alone never waits."""

    def __init__(self):
        self._changed = threading.Condition()
        self._admitted = 0  # running or waiting
        self._running = 0
        self._rest_until = 0.0

    @contextmanager
    def turn(self):
        """Yields True once this search may run, or False when it is turned away."""
        got_turn = self._admit()
        began = time.monotonic()
        try:
            yield got_turn
        finally:
            if got_turn:
                with self._changed:
                    self._running -= 1
                    self._admitted -= 1
                    if self._admitted > self._running:  # others wait: a flood, so rest before the next
                        rest = (time.monotonic() - began) * settings.SEARCH_REST_RATIO
                        self._rest_until = max(self._rest_until, time.monotonic() + rest)
                    self._changed.notify_all()

    def _admit(self):
        with self._changed:
            if self._admitted >= settings.SEARCHES_AT_ONCE + settings.SEARCHES_WAITING:
                return False
            self._admitted += 1
            deadline = time.monotonic() + settings.SEARCH_WAIT_SECONDS
            while True:
                now = time.monotonic()
                if self._running < settings.SEARCHES_AT_ONCE and now >= self._rest_until:
                    self._running += 1
                    return True
                if now >= deadline:
                    self._admitted -= 1
                    return False
                self._changed.wait(min(deadline, max(self._rest_until, now + 0.001)) - now)


search_slots = SearchSlots()


class SearchAdmission:
    """The site's WSGI application with turns for searches. A search turned away is answered here,
    before Django builds a request for it: under a flood the refusals, by far the most numerous
    requests, cost a regular expression and a prepared page each."""

    def __init__(self, application):
        self.application = application
        languages = "|".join(re.escape(code) for code in LANGUAGE_CODES)
        self.search_path = re.compile(rf"^/({languages})/search/$")

    def __call__(self, environ, start_response):
        match = self.search_path.match(environ.get("PATH_INFO", ""))
        if match is None:
            return self.application(environ, start_response)
        with search_slots.turn() as may_search:
            if may_search:
                return self.application(environ, start_response)
        page = busy_page(match.group(1))
        start_response("503 Service Unavailable", [
            ("Content-Type", "text/html; charset=utf-8"),
            ("Content-Length", str(len(page))),
            ("Retry-After", str(RETRY_AFTER_SECONDS)),
            ("Cache-Control", "no-store"),
            ("Content-Security-Policy", "default-src 'none'"),
            ("X-Content-Type-Options", "nosniff"),
        ])
        return [page]


@functools.cache
def busy_page(language):
    """The page of a search turned away, in the reader's language, as bytes."""
    with translation.override(language):
        message = _("Many readers are searching right now. Please try again in a few seconds.")
        back = _("Back to the front page")
    return (
        f'<!DOCTYPE html><html lang="{language}"><head><meta charset="utf-8"><title>{escape(message)}</title></head>'
        f'<body><p>{escape(message)}</p><p><a href="/{language}/">{escape(back)}</a></p></body></html>'
    ).encode()
