"""Deletions that readers see refresh the page cache; bulk deletions that they do not see stay cheap."""

import pytest

from tests.conftest import make_article
from trendwatch.publishing.models import Author
from trendwatch.related.models import Neighbour

pytestmark = pytest.mark.django_db


def test_a_deleted_article_leaves_the_cached_front_page(client, page_cache_on, django_capture_on_commit_callbacks):
    make_article("Kept commentary")
    deleted = make_article("Deleted commentary")
    assert "Deleted commentary" in client.get("/en/").content.decode()
    assert client.get("/en/").get("X-Page-Cache") == "hit"
    with django_capture_on_commit_callbacks(execute=True):
        deleted.delete()
    page = client.get("/en/").content.decode()
    assert "Kept commentary" in page and "Deleted commentary" not in page


def test_a_deleted_author_leaves_the_cached_pages(client, page_cache_on, django_capture_on_commit_callbacks):
    author = Author.objects.create(slug="hanna", name_en="Hanna Analyst")
    make_article().authors.add(author)
    assert client.get("/en/authors/hanna/").status_code == 200
    assert client.get("/en/authors/hanna/").get("X-Page-Cache") == "hit"
    with django_capture_on_commit_callbacks(execute=True):
        author.delete()
    assert client.get("/en/authors/hanna/").status_code == 404


def test_deleting_stored_similar_lists_in_bulk_is_one_statement(django_assert_num_queries):
    """Rebuilding the lists of a large archive deletes a million rows: they are not loaded first."""
    first, second = make_article("First"), make_article("Second")
    Neighbour.objects.all().delete()
    for article, neighbour in [(first, second), (second, first)]:
        Neighbour.objects.create(article=article, neighbour=neighbour, rank=0, score=0.5)
    with django_assert_num_queries(1):
        Neighbour.objects.all().delete()
    assert not Neighbour.objects.exists()
