"""The shared content version: read by every process at most every PAGE_CACHE_CHECK_SECONDS, moved on change."""

import secrets
import threading
import time

from django.conf import settings
from django.db import transaction

from .models import ContentVersion

ROW = 1
# Before the first change ever recorded (a fresh or emptied database).
INITIAL = "initial"


class _ProcessView:
    """This process's latest reading of the version and when it was taken."""

    def __init__(self):
        self.token = None
        self.read_at = float("-inf")
        self.lock = threading.Lock()

    def current(self):
        if time.monotonic() - self.read_at >= settings.PAGE_CACHE_CHECK_SECONDS:
            token = ContentVersion.objects.filter(pk=ROW).values_list("token", flat=True).first() or INITIAL
            self.remember(token)
        return self.token

    def remember(self, token):
        with self.lock:
            self.token, self.read_at = token, time.monotonic()

    def forget(self):
        with self.lock:
            self.token, self.read_at = None, float("-inf")


process_view = _ProcessView()


def current_version():
    return process_view.current()


def content_changed(using=None):
    """Record that something readers see has changed; cached pages everywhere go stale once it is committed.

    Inside a transaction the new version is written after the commit: written earlier, a reader could
    cache the old content under the new version. (A bulk import writes it once per change; an UPDATE
    of one row is cheap next to the rest of the import.)
    """
    transaction.on_commit(_new_version, using=using)


def _new_version():
    token = secrets.token_hex(16)
    if not ContentVersion.objects.filter(pk=ROW).update(token=token):
        ContentVersion.objects.update_or_create(pk=ROW, defaults={"token": token})
    # This process sees its own change at once; the others within PAGE_CACHE_CHECK_SECONDS.
    process_view.remember(token)
