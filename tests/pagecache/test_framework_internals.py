"""The private behaviour of Django, Wagtail and modelcluster that `pagecache.framework` relies on.

Each test pins one behaviour as the site uses it, so that an upgrade that changes it fails here, by
name, instead of as more queries per page or a wrong slug.
"""

import contextlib

import modelcluster.models as cluster
import pytest
from django.core.exceptions import ValidationError
from django.db import connection
from django.test import RequestFactory
from django.test.utils import CaptureQueriesContext
from wagtail.models import Page, Revision, Site

from tests.conftest import make_article
from trendwatch.pagecache import framework
from trendwatch.publishing.models import ArticleIndexPage, ArticlePage, Trend

pytestmark = pytest.mark.django_db


# Wagtail's page view


def test_the_raw_host_is_read_without_checking_allowed_hosts(settings):
    settings.ALLOWED_HOSTS = ["example.org"]
    request = RequestFactory().get("/", HTTP_HOST="elsewhere.test:8080")
    assert framework.request_host_and_port(request) == ("elsewhere.test:8080", "80")


def test_finding_a_site_for_a_request_goes_through_the_private_look_up(monkeypatch):
    default = Site.objects.get(is_default_site=True)
    asked = []
    real = Site._find_for_request
    monkeypatch.setattr(Site, "_find_for_request", staticmethod(lambda request: asked.append(request) or real(request)))
    request = RequestFactory().get("/")
    assert Site.find_for_request(request) == default == framework.find_site(RequestFactory().get("/"))
    assert asked[0] is request


def test_a_site_given_to_the_request_is_answered_without_a_query():
    request = RequestFactory().get("/")
    site = Site.objects.get(is_default_site=True)
    framework.give_site(request, site)
    with CaptureQueriesContext(connection) as queries:
        assert Site.find_for_request(request) is site
    assert len(queries) == 0


def test_a_route_given_to_the_request_is_what_wagtail_serves(client, monkeypatch):
    article = make_article()
    request = RequestFactory().get("/nowhere/")
    route = (article, [], {})
    framework.give_route(request, route)
    monkeypatch.setattr(Site, "find_for_request", staticmethod(lambda request: pytest.fail("the route was looked up again")))
    assert Page.route_for_request(request, "/nowhere/") is route
    assert Page.find_for_request(request, "/nowhere/") is article
    framework.give_route(request, None)
    assert Page.route_for_request(request, "/nowhere/") is None


# The ORM's compiler


def test_prefetch_look_ups_are_on_the_queryset():
    assert framework.prefetches(Trend.objects.all()) == ()
    assert framework.prefetches(Trend.objects.prefetch_related("articles")) == ("articles",)


def test_compiling_gives_the_sql_the_orm_runs_and_none_for_a_query_that_cannot_match():
    queryset = Trend.objects.filter(slug="security")
    _compiler, sql, params, _converters = framework.compile_queryset(queryset)
    assert (sql, tuple(params)) == queryset.query.sql_with_params()
    assert framework.compile_queryset(Trend.objects.filter(pk__in=[]))[1] is None


def test_results_come_from_the_sql_given_not_from_the_queryset():
    security, other = Trend.objects.get(slug="security"), Trend.objects.exclude(slug="security").first()
    queryset = Trend.objects.filter(slug=other.slug)
    compiler, sql, params, converters = framework.compile_queryset(queryset)
    results = framework.results_of_sql(queryset, compiler, sql, ("security",), converters, connection)
    assert results == [security] and results[0].name_en == security.name_en


def test_results_are_read_through_the_converters_given():
    make_article()
    # A JSON column comes from every database as text; its field's converter reads it.
    queryset = Revision.objects.values_list("content", flat=True)
    compiler, sql, params, converters = framework.compile_queryset(queryset)
    assert all(isinstance(content, dict) for content in framework.results_of_sql(queryset, compiler, sql, params, converters, connection))
    unconverted = framework.results_of_sql(queryset, compiler, sql, params, {}, connection)
    assert unconverted and all(isinstance(content, str) for content in unconverted)


def test_results_keep_select_related_records():
    make_article()
    queryset = ArticlePage.objects.select_related("trend")
    compiler, sql, params, converters = framework.compile_queryset(queryset)
    article = framework.results_of_sql(queryset, compiler, sql, params, converters, connection)[0]
    with CaptureQueriesContext(connection) as queries:
        assert article.trend.slug == "security"
    assert len(queries) == 0


# modelcluster


def test_clusterable_models_find_their_child_relations_through_the_module(monkeypatch):
    asked = []
    for name in ("get_all_child_relations", "get_all_child_m2m_relations"):
        found = getattr(cluster, name)
        monkeypatch.setattr(cluster, name, lambda model, found=found, name=name: asked.append((name, model)) or found(model))
    ArticlePage(title="A page")
    assert {name for name, _model in asked} == {"get_all_child_relations", "get_all_child_m2m_relations"}


def test_child_relations_are_looked_up_once_per_model(monkeypatch):
    calls = []
    monkeypatch.setattr(cluster, "get_all_child_relations", lambda model: calls.append(model) or [])
    monkeypatch.setattr(cluster, "get_all_child_m2m_relations", lambda model: [])
    framework.look_up_child_relations_once_per_model()
    ArticlePage(title="One")
    ArticlePage(title="Two")
    assert calls == [ArticlePage]


def test_the_look_up_kept_per_model_finds_what_modelcluster_finds():
    article = ArticlePage(title="A page")
    assert {field.name for field in cluster.get_all_child_m2m_relations(article)} == {"authors"}
    accessors = {relation.get_accessor_name() for relation in cluster.get_all_child_relations(ArticlePage)}
    assert {"similar_pins", "similar_exclusions", "forecasts"} <= accessors


# Wagtail's page slugs


def test_wagtail_fills_in_core_fields_before_cleaning_and_saving(monkeypatch):
    filled = []
    monkeypatch.setattr(ArticlePage, "choose_slug", lambda page: filled.append(page.title))
    index = ArticleIndexPage.objects.get(locale__language_code="en")
    article = make_article(live=False)
    article.title = "Cleaned"
    with contextlib.suppress(ValidationError):  # only the hook's call before validating matters here
        article.full_clean()
    article.title = "Saved"
    article.save()
    index.add_child(instance=ArticlePage(title="Added", lead="A lead.", body="<p>A body.</p>", trend=Trend.objects.first(), locale=index.locale))
    assert {"Cleaned", "Saved", "Added"} <= set(filled)


def test_wagtail_makes_a_slug_only_once_a_pages_parent_is_known():
    index = ArticleIndexPage.objects.get(locale__language_code="en")
    unplaced, placed = Page(title="Minsk hosts talks"), Page(title="Minsk hosts talks")
    placed._cached_parent_obj = index  # as treebeard's add_child sets it before saving
    for page in (unplaced, placed):
        Page._set_core_field_defaults(page)
    assert (framework.parent_is_known(unplaced), unplaced.slug) == (False, "")
    assert (framework.parent_is_known(placed), placed.slug) == (True, "minsk-hosts-talks")


def test_a_free_slug_is_numbered_after_its_siblings():
    first = make_article("Minsk hosts talks")
    second = make_article("Riga sends observers")
    assert framework.free_slug(second, first.slug) == f"{first.slug}-2"
    assert framework.free_slug(second, "a-slug-nobody-has") == "a-slug-nobody-has"
