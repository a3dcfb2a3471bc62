"""The methods pages and the API answer: OPTIONS and TRACE never render a page, HEAD works on the API,
and methods no page takes are 405 rather than a CSRF refusal."""

import pytest

from tests.conftest import make_article

pytestmark = pytest.mark.django_db

PAGES = ["/en/", "/en/search/?q=agreement", "/en/feeds/rss/", "/en/feeds/atom/", "/sitemap.xml", "/robots.txt"]


@pytest.fixture
def article():
    return make_article()


@pytest.mark.parametrize("address", PAGES)
def test_options_says_which_methods_without_the_page(client, article, address):
    response = client.options(address)
    assert response.status_code == 204 and response.content == b""
    assert response["Allow"] == "GET, HEAD, POST, OPTIONS"


@pytest.mark.parametrize("address", PAGES)
def test_trace_is_not_allowed(client, article, address):
    response = client.generic("TRACE", address)
    assert response.status_code == 405 and b"<html" not in response.content.lower()


@pytest.mark.parametrize("method", ["PUT", "DELETE", "PATCH"])
def test_writing_methods_on_pages_are_not_allowed_rather_than_forbidden(client, article, method):
    for address in [article.url, "/en/", "/en/newsletter/"]:
        response = client.generic(method, address, "x=1", content_type="application/x-www-form-urlencoded")
        assert response.status_code == 405, (method, address)
        assert "GET" in response["Allow"]


@pytest.mark.parametrize("address", ["/api/v1/articles", "/api/v1/trends", "/api/v1/issues", "/api/v1/entities", "/api/v1/openapi.json"])
def test_head_on_the_api_answers_as_get_without_a_body(client, article, address):
    got = client.get(address)
    head = client.head(address)
    assert head.status_code == got.status_code == 200
    assert head.content == b""
    assert head["Content-Type"] == got["Content-Type"]
    assert head["Content-Length"] == str(len(got.content))


def test_head_on_a_missing_api_resource_is_404(client, article):
    assert client.head("/api/v1/articles/999999").status_code == 404


def test_options_on_the_api_lists_its_read_methods(client):
    response = client.options("/api/v1/articles")
    assert response.status_code == 204 and response["Allow"] == "GET, HEAD, OPTIONS"


def test_the_openapi_description_says_when_the_articles_list_answers_400(client):
    responses = client.get("/api/v1/openapi.json").json()["paths"]["/api/v1/articles"]["get"]["responses"]
    assert "`from` is after `to`" in responses["400"]["description"]
    assert responses["400"]["content"]["application/json"]["schema"] == {"$ref": "#/components/schemas/ErrorBody"}
    answer = client.get("/api/v1/articles?from=2016-12-12&to=2016-12-01")
    assert answer.status_code == 400 and answer.json()["error"]["code"] == "bad_request"
