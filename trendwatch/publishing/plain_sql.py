"""Rows written with plain SQL where building a model instance per row would cost most of the time
(search postings, stored similar lists, imported pages)."""

import pickle  # nosec B403: only for the process's own temporary file (RowSpool)
import tempfile
from itertools import islice

from django.db import connection

# Rows per executemany call, so that memory stays flat on the largest batch.
INSERT_BATCH = 5000
# Fields whose Python values the database drivers take as they are; the others (dates, UUIDs,
# JSON ...) are prepared by their field, as the ORM would.
_TAKEN_AS_THEY_ARE = frozenset({
    "AutoField", "BigAutoField", "BigIntegerField", "BooleanField", "CharField", "FloatField", "ForeignKey",
    "IntegerField", "PositiveIntegerField", "PositiveSmallIntegerField", "SlugField", "SmallIntegerField", "TextField",
})


def insert_rows(model, field_names, rows, prepared=False):
    """INSERT `rows` (an iterable of sequences of Python values in the order of `field_names`, fields
    of `model`'s own table, foreign keys by their attname) into that table. prepared: the rows already hold the
    database's values (each field's `get_db_prep_save`).

    The statement holds the model's quoted table and column names and %s placeholders only (nosec:
    bandit cannot tell them from user input); the values travel as parameters.
    """
    fields = [model._meta.get_field(name) for name in field_names]
    to_prepare = [] if prepared else [
        position for position, field in enumerate(fields) if field.get_internal_type() not in _TAKEN_AS_THEY_ARE
    ]
    if to_prepare:
        rows = (_prepared(row, fields, to_prepare) for row in rows)
    table = connection.ops.quote_name(model._meta.db_table)
    columns = ", ".join(connection.ops.quote_name(field.column) for field in fields)
    placeholders = ", ".join(["%s"] * len(fields))
    with connection.cursor() as cursor:
        if connection.vendor == "postgresql":
            # COPY: a fraction of the time of one INSERT per row, which executemany sends.
            with cursor.cursor.copy(f"COPY {table} ({columns}) FROM STDIN") as copy:
                for row in rows:
                    copy.write_row(row)
            return
        rows = iter(rows)
        while batch := list(islice(rows, INSERT_BATCH)):
            cursor.executemany(f"INSERT INTO {table} ({columns}) VALUES ({placeholders})", batch)  # nosec B608


class RowSpool:
    """Rows kept in a temporary file until they are written, read back in their order.

    A bulk command that computes rows for minutes writes them in one short transaction at the
    end; held in memory until then, a 50,000-article archive's similar lists took most of a
    gigabyte. Use as a context manager; the file goes at its end.
    """

    def __init__(self, rows):
        self._file = tempfile.TemporaryFile()
        rows = iter(rows)
        while batch := list(islice(rows, INSERT_BATCH)):
            pickle.dump(batch, self._file, protocol=pickle.HIGHEST_PROTOCOL)

    def __iter__(self):
        self._file.seek(0)
        while True:
            try:
                batch = pickle.load(self._file)  # nosec B301: written by this object
            except EOFError:
                return
            yield from batch

    def __enter__(self):
        return self

    def __exit__(self, *exc_info):
        self._file.close()


def _prepared(row, fields, positions):
    row = list(row)
    for position in positions:
        row[position] = fields[position].get_db_prep_save(row[position], connection)
    return row


def tidy_after_bulk_write(models=()):
    """Make the tables of ``models`` (default: every table) fit to read after a bulk write.

    The planner's row statistics are read again (SQLite keeps none until told to, and then scans
    tables where an index would do; it is asked to sample each index rather than read it whole).
    PostgreSQL also clears the dead rows and marks the pages all-visible (VACUUM), which an
    index-only scan needs: without it, every posting a search read from the covering index was
    fetched from the table too (search p95 947 -> 57 ms at 50,000 articles, where autovacuum was
    off). VACUUM cannot run inside a transaction; there, only ANALYZE runs.
    """
    tables = [connection.ops.quote_name(model._meta.db_table) for model in models]
    if connection.vendor == "postgresql" and not connection.in_atomic_block:
        statement = "VACUUM (ANALYZE)"
    else:
        statement = "ANALYZE"
    with connection.cursor() as cursor:
        if connection.vendor == "sqlite":
            cursor.execute("PRAGMA analysis_limit = 1000")
        # Quoted table names from the models' own definitions only (nosec as in `insert_rows`).
        for table in tables or [""]:
            cursor.execute(f"{statement} {table}".strip())  # nosec B608
