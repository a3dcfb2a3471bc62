from django.db import models


class ContentVersion(models.Model):
    """One row whose token changes whenever anything readers see changes; cached pages are keyed by it.

    A random token rather than a counter: a database emptied and filled again (tests, a restore) never
    brings back a token under which a process still holds pages.
    """

    token = models.CharField(max_length=32)
