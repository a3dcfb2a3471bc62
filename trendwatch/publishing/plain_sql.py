"""Rows written with plain SQL where building a model instance per row would cost most of the time
(search postings, stored similar lists, imported pages)."""

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
    """INSERT `rows` (sequences of Python values in the order of `field_names`, fields of `model`'s
    own table, foreign keys by their attname) into that table. prepared: the rows already hold the
    database's values (each field's `get_db_prep_save`).

    The statement holds the model's quoted table and column names and %s placeholders only (nosec:
    bandit cannot tell them from user input); the values travel as parameters.
    """
    fields = [model._meta.get_field(name) for name in field_names]
    to_prepare = [] if prepared else [
        position for position, field in enumerate(fields) if field.get_internal_type() not in _TAKEN_AS_THEY_ARE
    ]
    if to_prepare:
        rows = [_prepared(row, fields, to_prepare) for row in rows]
    table = connection.ops.quote_name(model._meta.db_table)
    columns = ", ".join(connection.ops.quote_name(field.column) for field in fields)
    placeholders = ", ".join(["%s"] * len(fields))
    with connection.cursor() as cursor:
        for start in range(0, len(rows), INSERT_BATCH):
            cursor.executemany(f"INSERT INTO {table} ({columns}) VALUES ({placeholders})", rows[start : start + INSERT_BATCH])  # nosec B608


def _prepared(row, fields, positions):
    row = list(row)
    for position in positions:
        row[position] = fields[position].get_db_prep_save(row[position], connection)
    return row
