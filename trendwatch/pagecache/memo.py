"""Records that many pages share, kept in each process for as long as the content version stands.

A page the page cache does not hold is made again, but the site, the home pages, the trends and the
view restrictions it needs are the same for every page: they are computed once per content version
and per process, and dropped when any process records a change (seen here within
PAGE_CACHE_CHECK_SECONDS, as for whole pages). Values are shared by all threads: they must be read,
never changed. With settings.CONTENT_MEMO off, every call computes afresh.
"""

import threading

from django.conf import settings

from .version import current_version


class _ContentMemo:
    def __init__(self):
        self.version = None
        self.values = {}
        self.lock = threading.Lock()

    def get(self, key, compute):
        if not settings.CONTENT_MEMO:
            return compute()
        version = current_version()
        with self.lock:
            if version != self.version:
                self.version, self.values = version, {}
            values = self.values
        if key in values:
            return values[key]
        # Computed after the version was read: a change committed meanwhile only makes the value newer.
        value = values[key] = compute()
        return value

    def forget(self):
        with self.lock:
            self.version, self.values = None, {}


content_memo = _ContentMemo()


def memoised(key, compute):
    """`compute()`, or its value from earlier under the same content version in this process."""
    return content_memo.get(key, compute)
