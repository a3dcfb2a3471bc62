"""How much of a server process searches may take at once, so that a flood of them leaves readers served.

A search is the costliest page a visitor can ask for as often as they like. Each process runs at
most SEARCHES_AT_ONCE of them, lets SEARCHES_WAITING more wait up to SEARCH_WAIT_SECONDS for their
turn, and turns the rest away at once: the server's other threads stay free for every other page.
"""

import threading
from contextlib import contextmanager

from django.conf import settings


class SearchSlots:
    def __init__(self):
        self._changed = threading.Condition()
        self._admitted = 0  # running or waiting
        self._running = 0

    @contextmanager
    def turn(self):
        """Yields True once this search may run, or False when it is turned away."""
        at_once = settings.SEARCHES_AT_ONCE
        with self._changed:
            if self._admitted >= at_once + settings.SEARCHES_WAITING:
                got_turn = False
            else:
                self._admitted += 1
                got_turn = self._changed.wait_for(lambda: self._running < at_once, settings.SEARCH_WAIT_SECONDS)
                if got_turn:
                    self._running += 1
                else:
                    self._admitted -= 1
        try:
            yield got_turn
        finally:
            if got_turn:
                with self._changed:
                    self._running -= 1
                    self._admitted -= 1
                    self._changed.notify()


search_slots = SearchSlots()
