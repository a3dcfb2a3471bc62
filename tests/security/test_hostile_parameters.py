"""Hostile values in what readers send: search terms and filters, API parameters, newsletter and range forms."""

import pytest
from django.core import mail

from tests.conftest import make_article
from tests.security.hostile import SQL_PAYLOADS, XSS_PAYLOADS, assert_inert, texts
from trendwatch.newsletter.models import Subscriber
from trendwatch.search import index
from trendwatch.search.models import Posting

pytestmark = pytest.mark.django_db

LATVIA = "Belarus and Latvia sign a defence cooperation agreement"
GAS = "Gas price for next year agreed"


@pytest.fixture
def two_articles():
    make_article(LATVIA)
    make_article(GAS, trend="belarus-russia", published="2016-12-13 10:00", lead="Gazprom and Minsk agreed.")


def search(client, **parameters):
    response = client.get("/en/search/", parameters)
    assert response.status_code == 200
    markup = response.content.decode()
    assert_inert(markup)
    return markup


def found(markup):
    return texts(markup, "//ol[@class='search-results']//h2")


def test_a_hostile_query_is_quoted_back_as_text(client, two_articles):
    for payload in XSS_PAYLOADS:
        markup = search(client, q=f"Latvia {payload}")
        assert texts(markup, "//input[@name='q'][@type='search'][@id]/@value") == [f"Latvia {payload}"]
        assert any(f"Latvia {payload}" in notice for notice in texts(markup, "//main//p")), payload


def test_hostile_filters_are_ignored_with_a_note_that_quotes_them_as_text(client, two_articles):
    for payload in XSS_PAYLOADS + SQL_PAYLOADS:
        markup = search(client, q="agreement", trend=payload, author=payload, direction=payload, sort=payload, language=payload)
        notices = " ".join(texts(markup, "//p[@class='search-notice']"))
        assert f"There is no trend “{payload[:40]}" in notices
        assert sorted(found(markup)) == sorted([LATVIA, GAS]), payload


def test_sql_in_a_query_is_searched_as_words(client, two_articles):
    # The words around the SQL still narrow the results as words do; nothing matches "everything".
    for payload in SQL_PAYLOADS:
        assert found(search(client, q=f"Latvia {payload}")) == [LATVIA], payload
        assert found(search(client, q=f"Gazprom {payload}")) == [GAS], payload


def test_the_index_refuses_ids_that_are_not_numbers_before_any_sql(two_articles):
    postings = Posting.objects.count()
    with pytest.raises(ValueError):
        index.reindex(["1) OR 1=1; DELETE FROM search_posting; --"])
    assert Posting.objects.count() == postings > 0


API_CASES = [
    ("/api/v1/articles", {"trend": "' OR 1=1 --"}),
    ("/api/v1/articles", {"author": "<script>alert(1)</script>"}),
    ("/api/v1/articles", {"language": "en' OR '1'='1"}),
    ("/api/v1/articles", {"direction": "<img src=x onerror=alert(1)>"}),
    ("/api/v1/articles", {"from": "2016-12-01'; DROP TABLE wagtailcore_page; --"}),
    ("/api/v1/articles", {"page": "1 OR 1=1"}),
    ("/api/v1/articles", {"page_size": "-1"}),
    ("/api/v1/articles", {"page": "0"}),
    ("/api/v1/articles/1%20OR%201=1", {}),
    ("/api/v1/articles/99999999999999999999999", {}),
    ("/api/v1/articles/1/similar", {"limit": "1; DROP TABLE related_neighbour"}),
    ("/api/v1/issues/2016-12-12'--", {}),
    ("/api/v1/entities/%3Cscript%3E", {}),
    ("/api/v1/entities", {"kind": "person' OR 'x'='x"}),
]


@pytest.mark.parametrize("path,parameters", API_CASES)
def test_hostile_api_parameters_get_a_json_error_naming_the_parameter(client, path, parameters):
    response = client.get(path, parameters)
    assert 400 <= response.status_code < 500, (path, parameters, response.status_code)
    assert response["Content-Type"].startswith("application/json")
    assert response["X-Content-Type-Options"] == "nosniff"
    error = response.json()["error"]
    assert error["code"] in {"invalid_parameters", "not_found", "bad_request"}
    for name in parameters:
        assert name in error["message"] or name in str(error.get("details")), error


def test_sql_in_api_filters_finds_nothing_rather_than_everything(client, two_articles):
    # A value that passes validation (letters and dashes) is still only compared, never run.
    response = client.get("/api/v1/articles", {"trend": "security-or-1-1"})
    assert response.status_code == 200 and response.json()["results"] == []
    response = client.get("/api/v1/articles", {"trend": "security"})
    assert [article["title"] for article in response.json()["results"]] == [LATVIA]


@pytest.mark.parametrize(
    "email",
    [
        '"><script>alert(1)</script>@example.org',
        "reader@example.org\r\nBcc: everyone@example.org",
        "reader@example.org>\nSubject: hello",
        "reader@example.org' OR '1'='1",
        "<img src=x onerror=alert(1)>",
        "reader@exa<mple.org",
    ],
)
def test_a_hostile_address_is_refused_with_the_reason_and_shown_as_text(client, email):
    response = client.post("/en/newsletter/", {"email": email, "language": "en"})
    assert response.status_code == 400
    markup = response.content.decode()
    assert_inert(markup)
    assert texts(markup, "//span[@class='form-error']"), "no reason given"
    # (HTML parsers read a CR LF in an attribute as LF.)
    assert texts(markup, "//main//input[@name='email']/@value") == [email.strip().replace("\r\n", "\n")]
    assert not Subscriber.objects.exists() and mail.outbox == []


@pytest.mark.parametrize("field,value", [("language", "<script>alert(1)</script>"), ("trends", "' OR 1=1 --"), ("trends", "<b>x</b>")])
def test_hostile_newsletter_choices_are_refused(client, field, value):
    response = client.post("/en/newsletter/", {"email": "reader@example.org", "language": "en", field: value})
    assert response.status_code == 400
    assert_inert(response.content.decode())
    assert mail.outbox == []


@pytest.mark.parametrize("token", ["<script>alert(1)</script>", "' OR '1'='1", "x" * 5000])
@pytest.mark.parametrize("page", ["confirm", "preferences", "unsubscribe"])
def test_hostile_newsletter_links_get_a_clear_refusal(client, page, token):
    response = client.get(f"/en/newsletter/{page}/{token}/")
    assert response.status_code in {400, 404}  # 404: a slash in the token makes it another address
    assert_inert(response.content.decode())


def test_a_hostile_week_range_shows_the_default_range_and_says_why(client, two_articles):
    for payload in XSS_PAYLOADS + SQL_PAYLOADS:
        response = client.get("/en/dashboard/", {"start": payload, "end": payload})
        assert response.status_code == 200
        markup = response.content.decode()
        assert_inert(markup)
        assert texts(markup, "//span[@class='form-error']"), payload
        download = client.get("/en/dashboard/trends.csv", {"start": payload})
        assert download.status_code == 400
        assert download["Content-Type"].startswith("text/plain")


@pytest.mark.parametrize("path", ["/en/entities/%3Cscript%3E/", "/en/entities/x'%20OR%20'1'='1/", "/en/trends/%22%3E%3Csvg%20onload=alert(1)%3E/"])
def test_hostile_slugs_in_addresses_are_not_found(client, path):
    response = client.get(path)
    assert response.status_code == 404
    assert_inert(response.content.decode())
