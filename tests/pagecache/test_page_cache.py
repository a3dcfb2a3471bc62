"""The page cache as readers and editors meet it: fast repeat visits, changes seen at once, nothing personal shared."""

import re
import time

import pytest
from django.contrib.auth.models import User
from django.test import Client

from tests.conftest import make_article
from trendwatch.pagecache.models import ContentVersion
from trendwatch.publishing.events import article_events_suspended
from trendwatch.publishing.models import Trend
from trendwatch.related.tasks import refresh_similar

pytestmark = pytest.mark.django_db

TOKEN_FIELD = re.compile(r'name="csrfmiddlewaretoken" value="([^"]+)"')


@pytest.fixture(autouse=True)
def _page_cache(page_cache_on):
    """Pages come from the page cache, as in production (the rest of the suite turns it off)."""


def cache_status(response):
    return response.get("X-Page-Cache")


def text_of(response):
    assert response.status_code == 200, response.status_code
    return response.content.decode()


def without_token(response):
    return TOKEN_FIELD.sub("", text_of(response))


def test_a_second_visit_is_served_from_memory_without_touching_the_database(client, settings, django_assert_num_queries):
    settings.PAGE_CACHE_CHECK_SECONDS = 60  # no version check may fall between the two visits
    article = make_article()
    first = client.get(article.url)
    assert cache_status(first) == "miss"
    with django_assert_num_queries(0):
        second = client.get(article.url)
    assert cache_status(second) == "hit"
    assert without_token(second) == without_token(first)
    assert second["Content-Language"] == "en" and second["Content-Type"] == first["Content-Type"]
    for header in ["Content-Security-Policy", "X-Frame-Options", "X-Content-Type-Options", "Referrer-Policy", "Vary"]:
        assert second[header] == first[header], header


def test_an_edit_published_is_on_the_next_page_view(client, django_capture_on_commit_callbacks):
    article = make_article(title="Minsk hosts border talks")
    home = "/en/"
    assert "Minsk hosts border talks" in text_of(client.get(article.url))
    assert "Minsk hosts border talks" in text_of(client.get(home))
    assert cache_status(client.get(article.url)) == "hit"

    with django_capture_on_commit_callbacks(execute=True):
        article.title = "Minsk and Vilnius reopen border talks"
        article.save_revision().publish()

    assert "Minsk and Vilnius reopen border talks" in text_of(client.get(article.url))
    assert "Minsk and Vilnius reopen border talks" in text_of(client.get(home))


def test_an_unpublished_article_is_gone_at_once(client, django_capture_on_commit_callbacks):
    article = make_article()
    client.get(article.url)
    assert cache_status(client.get(article.url)) == "hit"
    with django_capture_on_commit_callbacks(execute=True):
        article.unpublish()
    assert client.get(article.url).status_code == 404


def test_a_trend_renamed_in_the_admin_shows_everywhere(client, django_capture_on_commit_callbacks):
    make_article(trend="security")
    trend = Trend.objects.get(slug="security")
    assert trend.name_en in text_of(client.get("/en/trends/security/"))
    assert cache_status(client.get("/en/trends/security/")) == "hit"
    with django_capture_on_commit_callbacks(execute=True):
        trend.name_en = "Defence and the armed forces"
        trend.save()
    assert "Defence and the armed forces" in text_of(client.get("/en/trends/security/"))


def test_similar_lists_recomputed_in_the_background_show_in_the_box(client, settings, django_capture_on_commit_callbacks):
    settings.SIMILAR_BOX_SIZE = 1
    with article_events_suspended():  # published, but no lists computed yet: the box falls back to trend and date
        article = make_article(
            "Belarus and Latvia sign a defence cooperation agreement",
            lead="Defence ministers agree on military dialogue.",
            body="<p>Defence Minister Khrenin signed the agreement on military dialogue and airspace control.</p>",
        )
        make_article(
            "Exporters get more time to bring home currency proceeds",
            lead="A decree extends currency deadlines.",
            body="<p>Exporters and importers get longer deadlines for currency proceeds.</p>",
            published="2016-12-12 12:00",
        )
        similar = make_article(
            "Khrenin invites Latvian officers to watch the exercise",
            trend="belarus-west",
            lead="Latvian officers are invited to a military exercise.",
            body="<p>Defence Minister Khrenin invited Latvian officers: military dialogue and airspace control.</p>",
            published="2016-12-20 10:00",
        )
    assert "Exporters get more time" in text_of(client.get(article.url))
    assert cache_status(client.get(article.url)) == "hit"

    with django_capture_on_commit_callbacks(execute=True):
        refresh_similar.enqueue([article.pk, similar.pk])

    page = text_of(client.get(article.url))
    assert "Khrenin invites Latvian officers" in page and "Exporters get more time" not in page


def test_a_change_recorded_by_another_server_arrives_within_the_check_interval(client, settings):
    settings.PAGE_CACHE_CHECK_SECONDS = 0.3
    make_article(trend="security")
    assert "Security" in text_of(client.get("/en/trends/security/"))
    # Another app server renames the trend and moves the shared version; this process learns of both
    # only through the database.
    Trend.objects.filter(slug="security").update(name_en="Defence and the armed forces")
    ContentVersion.objects.update_or_create(pk=1, defaults={"token": "written-by-another-server"})
    time.sleep(0.3)
    assert "Defence and the armed forces" in text_of(client.get("/en/trends/security/"))


def test_each_language_is_cached_apart_with_its_own_content_language(client):
    for _round in range(2):
        english, russian = client.get("/en/"), client.get("/ru/")
        assert english["Content-Language"] == "en" and 'lang="en"' in text_of(english)
        assert russian["Content-Language"] == "ru" and 'lang="ru"' in text_of(russian)
    assert cache_status(english) == cache_status(russian) == "hit"


def test_signed_in_editors_neither_see_nor_fill_the_cache(client):
    article = make_article(title="Minsk hosts border talks")
    editor = Client()
    editor.force_login(User.objects.create_superuser("chief", password="a-long-test-password"))
    for _visit in range(2):
        assert cache_status(editor.get(article.url)) is None
    assert cache_status(client.get(article.url)) == "miss"  # the editor's visits stored nothing
    assert cache_status(client.get(article.url)) == "hit"
    assert cache_status(editor.get(article.url)) is None  # nor do they get the readers' copy


def test_every_reader_gets_a_form_token_of_their_own_that_works(client):
    article = make_article()
    first = Client(enforce_csrf_checks=True)
    second = Client(enforce_csrf_checks=True)
    first_page = first.get(article.url)
    second_page = second.get(article.url)
    assert cache_status(second_page) == "hit"
    first_token = TOKEN_FIELD.search(text_of(first_page)).group(1)
    second_token = TOKEN_FIELD.search(text_of(second_page)).group(1)
    assert first_token != second_token
    assert first.cookies["csrftoken"].value != second.cookies["csrftoken"].value

    answer = second.post(
        "/en/newsletter/", {"email": "reader@example.org", "language": "en", "csrfmiddlewaretoken": second_token}
    )
    assert answer.status_code == 302
    stranger = Client(enforce_csrf_checks=True)
    stranger.get("/en/")
    refused = stranger.post(
        "/en/newsletter/", {"email": "reader@example.org", "language": "en", "csrfmiddlewaretoken": second_token}
    )
    assert refused.status_code == 403


def test_error_pages_forms_api_and_admin_are_never_cached(client):
    make_article()
    for _visit in range(2):
        assert client.get("/en/articles/no-such-article/").status_code == 404
        for path in ["/en/articles/no-such-article/", "/en/newsletter/", "/api/v1/articles/", "/admin/login/"]:
            assert cache_status(client.get(path)) is None, path
        assert cache_status(client.post("/en/", {})) is None
        assert cache_status(client.head("/en/")) is None


def test_made_up_query_strings_cannot_push_articles_out_of_the_cache(client, settings):
    small = {"OPTIONS": {"MAX_ENTRIES": 5}}
    settings.CACHES = {name: {**cache, **small} if name != "default" else cache for name, cache in settings.CACHES.items()}
    article = make_article()
    assert cache_status(client.get(article.url)) == "miss"
    for number in range(20):
        assert cache_status(client.get(f"/en/?utm_source=newsletter{number}")) == "miss"
    assert cache_status(client.get("/en/?utm_source=newsletter19")) == "hit"
    assert cache_status(client.get(article.url)) == "hit"
