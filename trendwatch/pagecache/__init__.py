"""Whole public pages for anonymous readers, kept in each process's memory until published content changes.

Every change readers can see moves one shared version (a row in the database, `ContentVersion`). Each
app-server process reads that version at most every PAGE_CACHE_CHECK_SECONDS and keys its pages by it,
so a change made through any server or task worker reaches every server within that time, with no
messages between processes. See `middleware.py` for what is never cached, `signals.py` for what counts
as a change.
"""
