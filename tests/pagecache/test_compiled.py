"""Queries compiled once and run with new values: the same rows as the ORM, whatever the values."""

import pytest
from django.db import models

from tests.conftest import make_article
from trendwatch.pagecache.compiled import CompiledQuery, Param, from_json_rows, json_rows
from trendwatch.publishing.models import ArticlePage, Author, Trend

pytestmark = pytest.mark.django_db


@pytest.fixture(autouse=True)
def _memo_on(page_cache_on):
    """Compiled SQL is kept in the content memo, as in production."""


TREND_BY_SLUG = CompiledQuery("test: trend by slug", lambda: Trend.objects.filter(slug=Param("slug")))
TITLES_IN_GROUPS = CompiledQuery(
    "test: titles in groups",
    lambda count: ArticlePage.objects.filter(translation_key__in=Param.many("groups", count, models.UUIDField()))
    .order_by("title")
    .values_list("title", flat=True),
)


def test_each_call_finds_the_rows_of_its_own_values():
    assert [trend.slug for trend in TREND_BY_SLUG(slug="security")] == ["security"]
    assert [trend.slug for trend in TREND_BY_SLUG(slug="belarus-russia")] == ["belarus-russia"]
    assert TREND_BY_SLUG(slug="no-such-trend") == []


def test_model_instances_are_complete_and_equal_to_the_orms():
    assert TREND_BY_SLUG(slug="security") == list(Trend.objects.filter(slug="security"))
    assert TREND_BY_SLUG(slug="security")[0].name_en == Trend.objects.get(slug="security").name_en


def test_translation_keys_and_lists_of_values_are_converted_for_the_database():
    first = make_article("Minsk hosts talks", published="2016-12-01 10:00")
    second = make_article("Riga sends observers", published="2016-12-02 10:00")
    make_article("Vilnius closes a crossing", published="2016-12-03 10:00")
    keys = [second.translation_key, first.translation_key]
    assert TITLES_IN_GROUPS(2, groups=keys) == ["Minsk hosts talks", "Riga sends observers"]
    assert TITLES_IN_GROUPS(1, groups=keys[:1]) == ["Riga sends observers"]


def test_a_missing_value_is_named():
    with pytest.raises(TypeError, match="'slug'"):
        TREND_BY_SLUG()


def test_a_query_that_cannot_match_returns_nothing_without_running():
    nothing = CompiledQuery("test: nothing", lambda: Trend.objects.filter(pk__in=[]))
    assert nothing() == []


def test_prefetching_is_refused_with_a_reason():
    prefetching = CompiledQuery("test: prefetching", lambda: Trend.objects.prefetch_related("articles"))
    with pytest.raises(ValueError, match="prefetch"):
        prefetching()


TREND_WITH_ARTICLE_TITLES = CompiledQuery(
    "test: trend with its articles' titles",
    lambda: Trend.objects.filter(slug=Param("slug")).annotate(
        article_rows=json_rows(ArticlePage.objects.filter(trend=models.OuterRef("pk")), "page_ptr_id", "title")
    ),
)


def test_rows_of_another_table_come_within_the_row_and_become_instances():
    first = make_article("Minsk hosts talks", trend="security")
    second = make_article("Riga sends observers «ещё раз» — 2", trend="security")
    make_article("Exporters get more time", trend="belarus-russia")
    (security,) = TREND_WITH_ARTICLE_TITLES(slug="security")
    articles = from_json_rows(ArticlePage, ("page_ptr_id", "title"), security.article_rows)
    assert sorted((article.pk, article.title) for article in articles) == [(first.pk, first.title), (second.pk, second.title)]
    (west,) = TREND_WITH_ARTICLE_TITLES(slug="belarus-west")
    assert from_json_rows(ArticlePage, ("page_ptr_id", "title"), west.article_rows) == []


def test_instances_from_rows_hold_each_field_whatever_order_the_rows_name_them_in():
    (author,) = from_json_rows(Author, ("name_en", "id", "slug"), [["Anna Maria", 7, "anna-maria"]])
    assert (author.pk, author.slug, author.name_en) == (7, "anna-maria", "Anna Maria")
