"""The private behaviour of Django, Wagtail and modelcluster that the site relies on, all of it here.

Each function or mixin names the private attribute or method it uses and says what it buys.
`tests/pagecache/test_framework_internals.py` pins every one of them, so that an upgrade that
changes one fails there, by name, instead of as a slower page or a wrong slug. It sits in the
lowest app because the compiled queries below publishing need it too.
"""

import copy

import modelcluster.models as cluster
from django.core.exceptions import EmptyResultSet
from wagtail.models import Site

# Wagtail's page view: the site and the route, found once per content version instead of per
# request (the site, the root page and its translation: three queries a page).


def request_host_and_port(request):
    """The host and port `request` names, unchecked: Django's private `HttpRequest._get_raw_host`,
    as Wagtail's own site look-up reads them; the memo keeps the site under them."""
    return request._get_raw_host(), request.get_port()


def find_site(request):
    """The site serving `request`: `Site._find_for_request`, the look-up that `Site.find_for_request`
    runs when the request has no site yet. Called directly so that its answer can be memoised."""
    return Site._find_for_request(request)


def give_site(request, site):
    """`Site.find_for_request` answers with `request._wagtail_site` once it is set, without a query."""
    request._wagtail_site = site


def give_route(request, route):
    """`Page.route_for_request`, which Wagtail's page view calls, answers with
    `request._wagtail_route_for_request` once it is set: the route found through the memo's pages."""
    request._wagtail_route_for_request = route


# The ORM's compiler, for queries turned into SQL once and run again with new values
# (`pagecache.compiled`: about a quarter of an uncached article page's CPU time).


def prefetches(queryset):
    """The queryset's `prefetch_related` look-ups (`QuerySet._prefetch_related_lookups`): they run
    queries of their own after the rows, which a compiled query would leave out."""
    return queryset._prefetch_related_lookups


def compile_queryset(queryset):
    """(compiler, SQL, parameters, converters) of `queryset`; SQL None when it can match nothing.

    The converters, which turn a column's value from the database into Python, are read from the
    compiler's `select` and `col_count` (filled in by `as_sql`) through `get_converters`: they depend
    on the query and the database vendor only."""
    compiler = queryset.query.get_compiler(using=queryset.db)
    try:
        sql, params = compiler.as_sql()
    except EmptyResultSet:
        return compiler, None, (), {}
    columns = [column[0] for column in compiler.select[: compiler.col_count]]
    return compiler, sql, params, compiler.get_converters(columns)


def results_of_sql(queryset, compiler, sql, params, converters, connection):
    """`queryset`'s results made from `sql` run with `params` on `connection`, as its iterable class
    makes them (model instances with their `select_related` records, `values_list` tuples, ...).

    Django's iterables ask `queryset.query.get_compiler` for a compiler and run what its `as_sql`
    returns, converting columns with what its `get_converters` returns; a copy of the queryset
    (`QuerySet._chain`) is given a copy of the compiler that returns the SQL made before, and is
    read through `QuerySet._iterable_class`."""
    compiler = copy.copy(compiler)
    compiler.connection = connection
    compiler.as_sql = lambda *args, **kwargs: (sql, params)
    compiler.get_converters = lambda expressions: converters
    queryset = queryset._chain()
    queryset.query.get_compiler = lambda *args, **kwargs: compiler
    return list(queryset._iterable_class(queryset))


# modelcluster


def look_up_child_relations_once_per_model():
    """Replace modelcluster's `get_all_child_relations` and `get_all_child_m2m_relations` with
    look-ups kept per model class.

    `ClusterableModel.__init__` finds a model's child relations among all its fields for every
    instance it makes, calling these two through the module's globals (so replacing them there
    takes effect); the relations are fixed once the models are loaded. It saves about 13% of the
    cost of reading page rows (20 article rows: 1.27 ms without, 1.10 ms with)."""
    for name in ("get_all_child_relations", "get_all_child_m2m_relations"):
        find = getattr(cluster, name)
        known = {}

        def look_up(model, find=find, known=known):
            model_class = model if isinstance(model, type) else type(model)
            if model_class not in known:
                known[model_class] = tuple(find(model_class))
            return list(known[model_class])

        setattr(cluster, name, look_up)


# Wagtail's page slugs


def parent_is_known(page):
    """Whether `page`'s siblings can be known yet, as Wagtail decides before making a slug: it has
    a tree path, or treebeard's `_cached_parent_obj` holds its parent (`add_child` sets it)."""
    return bool(page.path or getattr(page, "_cached_parent_obj", None))


def free_slug(page, base):
    """`base`, or `base-2`, `base-3`...: the first slug none of `page`'s siblings has
    (Wagtail's `Page._get_autogenerated_slug`)."""
    return page._get_autogenerated_slug(base)


class ChoosesOwnSlug:
    """A page type that makes its own slug: `choose_slug()` runs where Wagtail fills in a page's slug,
    draft title and locale (`Page._set_core_field_defaults`), which `full_clean`, `minimal_clean` and
    `save` call before the slug is checked, so the slug is validated and saved like Wagtail's own."""

    def _set_core_field_defaults(self):
        self.choose_slug()
        super()._set_core_field_defaults()

    def choose_slug(self):
        raise NotImplementedError
