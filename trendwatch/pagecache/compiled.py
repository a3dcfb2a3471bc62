"""Queries that uncached pages run on every view, turned into SQL once per content version.

The ORM builds and compiles a query on each call: for the few queries of an article page that was
about a quarter of the page's CPU time. A `CompiledQuery` is written as an ordinary queryset with
`Param("name")` where a value changes from call to call. Its SQL is made on first use and kept in
the content memo, so whatever else the query takes from the memo (view restrictions, locale ids)
stays in step with it; each call fills in the values and reads the rows through Django's own
iterables, so model instances, `select_related` and `values_list` come out as usual.
"""

from django.db import connections, models
from django.db.models import Func, Subquery
from django.db.models.expressions import Expression
from django.db.models.functions import JSONArray

from .framework import compile_queryset, prefetches, results_of_sql
from .memo import memoised


class _Slot:
    """Marks where a parameter's value goes among the compiled query's parameters."""

    __slots__ = ("name", "position", "field")

    def __init__(self, name, position, field):
        self.name, self.position, self.field = name, position, field


class Param(Expression):
    """A value given when the query runs: `.filter(slug=Param("slug"))`, then `query(slug="x")`.

    `Param.many("keys", 3)` stands for the first three items of a list given as `keys=[...]`.
    `output_field` converts the value for the database as the compared field would (a UUIDField
    for translation keys: SQLite stores them as hex text).
    """

    def __init__(self, name, position=None, output_field=None):
        super().__init__(output_field=output_field or models.Field())
        self.name, self.position = name, position

    @classmethod
    def many(cls, name, count, output_field=None):
        return [cls(name, position, output_field) for position in range(count)]

    def as_sql(self, compiler, connection):
        return "%s", [_Slot(self.name, self.position, self.output_field)]


class _Compiled:
    def __init__(self, queryset):
        if prefetches(queryset):
            raise ValueError("a compiled query cannot prefetch related objects")
        self.queryset = queryset
        self.compiler, self.sql, params, self.converters = compile_queryset(queryset)
        self.params = list(params)
        self.slots = [(index, slot) for index, slot in enumerate(self.params) if isinstance(slot, _Slot)]

    def run(self, name, values):
        if self.sql is None:
            return []
        connection = connections[self.queryset.db]  # this thread's connection
        params = self.params.copy()
        for index, slot in self.slots:
            if slot.name not in values:
                raise TypeError(f"compiled query {name!r} needs a value for {slot.name!r}")
            value = values[slot.name]
            value = value if slot.position is None else value[slot.position]
            params[index] = slot.field.get_db_prep_value(value, connection)
        return results_of_sql(self.queryset, self.compiler, self.sql, tuple(params), self.converters, connection)


class CompiledQuery:
    """`build(*shape)` returns the queryset; a shape is what changes its SQL (a language, a list's length)."""

    def __init__(self, name, build):
        self.name, self.build = name, build

    def __call__(self, *shape, **values):
        compiled = memoised(("compiled query", self.name, shape), lambda: _Compiled(self.build(*shape)))
        return compiled.run(self.name, values)


class _JSONList(Func):
    """All rows of a subquery as one JSON list (an aggregate; Django adds no GROUP BY for a Func)."""

    function = "JSON_GROUP_ARRAY"
    output_field = models.JSONField()

    def as_postgresql(self, compiler, connection, **extra_context):
        return self.as_sql(compiler, connection, function="JSONB_AGG", **extra_context)


def json_rows(queryset, *fields):
    """A column holding `queryset`'s rows as a JSON list of [field, ...] lists, in no set order: a
    page reads the few rows it shows of another table within its own row, not in a query of its own.
    Read them back with `from_json_rows`."""
    return Subquery(queryset.order_by().values(rows=_JSONList(JSONArray(*fields))), output_field=models.JSONField())


def from_json_rows(model, fields, rows):
    """Instances of `model` from a `json_rows(..., *fields)` column, as a query with `.only(*fields)`
    makes them; `fields` are attribute names (`author_id`, not `author`). PostgreSQL gives None for no rows."""
    order = [fields.index(field.attname) for field in model._meta.concrete_fields if field.attname in fields]
    return [model.from_db(None, fields, [row[position] for position in order]) for row in rows or ()]
