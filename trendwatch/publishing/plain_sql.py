"""Rows written with plain SQL where building a model instance per row would cost most of the time
(search postings, stored similar lists, imported pages)."""

import pickle  # nosec B403: only for the process's own temporary file (RowSpool)
import tempfile
from contextlib import contextmanager
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


def insert_rows(model, field_names, rows, prepared=False, table=None):
    """INSERT `rows` (an iterable of sequences of Python values in the order of `field_names`, fields
    of `model`'s own table, foreign keys by their attname) into that table, or into `table` (its
    copy, see `table_written_anew`). prepared: the rows already hold the database's values (each
    field's `get_db_prep_save`).

    The statement holds the model's quoted table and column names and %s placeholders only (nosec:
    bandit cannot tell them from user input); the values travel as parameters.
    """
    fields = [model._meta.get_field(name) for name in field_names]
    to_prepare = [] if prepared else [
        position for position, field in enumerate(fields) if field.get_internal_type() not in _TAKEN_AS_THEY_ARE
    ]
    if to_prepare:
        rows = (_prepared(row, fields, to_prepare) for row in rows)
    table = connection.ops.quote_name(table or model._meta.db_table)
    columns = ", ".join(connection.ops.quote_name(field.column) for field in fields)
    placeholders = ", ".join(["%s"] * len(fields))
    with connection.cursor() as cursor:
        if connection.vendor == "postgresql":
            # COPY: a fraction of the time of one INSERT per row, which executemany sends.
            with cursor.cursor.copy(f"COPY {table} ({columns}) FROM STDIN") as copy:
                for row in rows:
                    copy.write_row(row)
            return
        for batch in _batches(rows):
            cursor.executemany(f"INSERT INTO {table} ({columns}) VALUES ({placeholders})", batch)  # nosec B608


def _batches(rows):
    """Lists of up to INSERT_BATCH of `rows` (any iterable), in order."""
    rows = iter(rows)
    while batch := list(islice(rows, INSERT_BATCH)):
        yield batch


class RowSpool:
    """Rows kept in a temporary file until they are written, read back in their order.

    A bulk command that computes rows for minutes writes them in one short transaction at the
    end; held in memory until then, a 50,000-article archive's similar lists took most of a
    gigabyte. Use as a context manager; the file goes at its end.
    """

    def __init__(self, rows):
        self._file = tempfile.TemporaryFile()
        for batch in _batches(rows):
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


# Memory PostgreSQL may sort a new table's indexes in, within the transaction that builds them.
INDEX_SORT_MEMORY = "256MB"


@contextmanager
def table_written_anew(model):
    """Write every row of `model`'s table anew, in the caller's transaction; yields the name of the
    table to write them into.

    On PostgreSQL that is a copy of the table without its indexes, which gets them once the rows are
    in (one sort each) and then takes the table's place. Ten million search postings put one by one
    into the indexes of a table in use kept the database busy for most of a three-minute rebuild.
    Readers go on reading the old rows until the block ends and wait only for the swap; writers
    wait for the swap. Elsewhere the table itself is emptied and its name yielded.

    The statements hold the model's quoted names and the database's own definitions of its
    constraints and indexes only (nosec as in `insert_rows`).
    """
    assert connection.in_atomic_block, "a table is written anew inside a transaction"
    table = model._meta.db_table
    quote = connection.ops.quote_name
    if connection.vendor != "postgresql":
        with connection.cursor() as cursor:
            cursor.execute(f"DELETE FROM {quote(table)}")  # nosec B608
        yield table
        return
    copy = f"{table}_anew"
    with connection.cursor() as cursor:
        # Writers wait for the swap and then write to the copy; readers go on. Without the lock a
        # writer could change rows that the swap then drops.
        cursor.execute(f"LOCK TABLE {quote(table)} IN SHARE ROW EXCLUSIVE MODE")  # nosec B608
        cursor.execute(f"CREATE TABLE {quote(copy)} (LIKE {quote(table)} INCLUDING DEFAULTS INCLUDING CONSTRAINTS INCLUDING IDENTITY)")  # nosec B608
        yield copy
        cursor.execute("SELECT set_config(%s, %s, true)", ["maintenance_work_mem", INDEX_SORT_MEMORY])  # this transaction only
        # Primary key and unique constraints with their definitions, and the indexes no constraint owns.
        cursor.execute(
            "SELECT conname, pg_get_constraintdef(oid) FROM pg_constraint WHERE conrelid = %s::regclass AND contype IN ('p', 'u')",
            [table],
        )
        constraints = cursor.fetchall()
        cursor.execute(
            "SELECT index.relname, pg_get_indexdef(entry.indexrelid) FROM pg_index entry "
            "JOIN pg_class index ON index.oid = entry.indexrelid WHERE entry.indrelid = %s::regclass "
            "AND NOT EXISTS (SELECT 1 FROM pg_constraint WHERE conindid = entry.indexrelid)",
            [table],
        )
        indexes = cursor.fetchall()
        sequence = _identity_sequence(cursor, table, model)
        for name, definition in constraints:
            cursor.execute(f"ALTER TABLE {quote(copy)} ADD CONSTRAINT {quote(name + '_anew')} {definition}")  # nosec B608
        for name, definition in indexes:
            unique = "UNIQUE " if definition.startswith("CREATE UNIQUE ") else ""
            method_and_columns = definition[definition.index(" USING "):]
            cursor.execute(f"CREATE {unique}INDEX {quote(name + '_anew')} ON {quote(copy)}{method_and_columns}")  # nosec B608
        cursor.execute(f"DROP TABLE {quote(table)}")  # nosec B608
        cursor.execute(f"ALTER TABLE {quote(copy)} RENAME TO {quote(table)}")  # nosec B608
        for name, _definition in constraints:
            cursor.execute(f"ALTER TABLE {quote(table)} RENAME CONSTRAINT {quote(name + '_anew')} TO {quote(name)}")  # nosec B608
        for name, _definition in indexes:
            cursor.execute(f"ALTER INDEX {quote(name + '_anew')} RENAME TO {quote(name)}")  # nosec B608
        if sequence:
            cursor.execute(f"ALTER SEQUENCE {_identity_sequence(cursor, table, model)} RENAME TO {quote(sequence.rsplit('.', 1)[-1])}")  # nosec B608


def _identity_sequence(cursor, table, model):
    """The qualified name of the sequence that numbers the table's primary key, or None."""
    cursor.execute("SELECT pg_get_serial_sequence(%s, %s)", [table, model._meta.pk.column])
    return cursor.fetchone()[0]


def _prepared(row, fields, positions):
    row = list(row)
    for position in positions:
        row[position] = fields[position].get_db_prep_save(row[position], connection)
    return row


# Pages of the database SQLite may hold in memory while one connection writes in bulk (in KiB).
BULK_WRITE_CACHE_KIB = 256 * 1024


@contextmanager
def cache_for_bulk_write():
    """In this block, let the connection keep a large share of an SQLite database in memory while
    it writes in bulk; the cache goes back to its size (and its memory to the allocator) at the end.

    With the default 2 MB, an import's one long transaction spilled its changed pages to the log
    again and again as the indexes grew. At 50,000 articles its last tenth ran at 0.67 of its
    first tenth's rate; with 256 MB, at 0.98. Other databases size their caches themselves.
    """
    if connection.vendor != "sqlite":
        yield
        return
    with connection.cursor() as cursor:
        cursor.execute("PRAGMA cache_size")
        usual = cursor.fetchone()[0]
        cursor.execute(f"PRAGMA cache_size = -{int(BULK_WRITE_CACHE_KIB)}")
        try:
            yield
        finally:
            cursor.execute(f"PRAGMA cache_size = {int(usual)}")
            cursor.execute("PRAGMA shrink_memory")


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
