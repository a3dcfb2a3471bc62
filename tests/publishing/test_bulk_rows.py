"""Rows a bulk command writes: spooled to a file while they are computed, then written in one go;
and the memory they took handed back before the next step."""

import sys

import pytest
from django.db import connection

from trendwatch.memory import return_freed_memory
from trendwatch.publishing.plain_sql import BULK_WRITE_CACHE_KIB, INSERT_BATCH, RowSpool, cache_for_bulk_write, insert_rows
from trendwatch.search.models import SearchTerm


def test_spooled_rows_come_back_in_their_order_and_are_written_whole(db):
    def row(number):
        return (["en", "ru", "be"][number % 3], f"stem{number}", number)

    count = 2 * INSERT_BATCH + 7  # over several batches of the file
    with RowSpool(row(number) for number in range(count)) as spooled:
        assert list(spooled) == [row(number) for number in range(count)]
        insert_rows(SearchTerm, ("language", "stem", "documents"), spooled)  # read again, from the start
    assert sorted(SearchTerm.objects.values_list("language", "stem", "documents")) == sorted(map(row, range(count)))


def resident_mb():
    with open("/proc/self/status") as status:
        return int(next(line for line in status if line.startswith("VmRSS:")).split()[1]) // 1024


@pytest.mark.skipif(not sys.platform.startswith("linux"), reason="reads the process's memory from /proc")
def test_memory_freed_by_a_step_goes_back_to_the_system():
    texts = ["x" * 4000 + str(number) for number in range(60_000)]  # about 240 MB, as an import's texts
    kept = texts[::50]  # a few survivors scattered among them keep the allocator from shrinking by itself
    del texts
    before = resident_mb()
    return_freed_memory()
    assert before - resident_mb() > 150
    assert len(kept) == 1200


def test_a_bulk_write_cache_is_given_back_when_the_write_ends(db):
    def cache_size():
        with connection.cursor() as cursor:
            cursor.execute("PRAGMA cache_size")
            return cursor.fetchone()[0]

    if connection.vendor != "sqlite":
        pytest.skip("PostgreSQL sizes its cache itself; the block changes nothing there")
    usual = cache_size()
    with cache_for_bulk_write():
        assert cache_size() == -BULK_WRITE_CACHE_KIB
    assert cache_size() == usual  # the app's and worker's connections keep SQLite's default
