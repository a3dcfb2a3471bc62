"""Pages the page cache does not hold: made with few queries from the content memo, never stale after a change."""

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from wagtail.models import PageViewRestriction

from tests.conftest import make_article
from trendwatch.publishing.models import ArticlePage, Trend
from trendwatch.related.models import SimilarPin

pytestmark = pytest.mark.django_db


@pytest.fixture(autouse=True)
def _memo_without_page_cache(page_cache_on, settings):
    """Shared records from the memo as in production, but every page made afresh."""
    settings.PAGE_CACHE = False


def test_an_article_page_made_afresh_takes_a_handful_of_queries(client):
    article = make_article()
    for number in range(5):
        make_article(f"Latvia joins exercise {number}", published=f"2016-12-1{number} 09:00", lead=f"Riga sends company {number}.")
    assert client.get(article.url).status_code == 200  # fills the memo
    with CaptureQueriesContext(connection) as queries:
        again = client.get(article.url)
    assert again.status_code == 200 and again.content.decode().count("Latvia joins exercise") == 4
    # The article, its neighbours, their pages, its translations, authors and entities; no site,
    # home page, trend, restriction or routing queries.
    assert len(queries) <= 7, "\n".join(query["sql"][:120] for query in queries)


def test_a_renamed_trend_is_in_the_navigation_of_the_next_page(client, django_capture_on_commit_callbacks):
    article = make_article(trend="security")
    assert "Security" in client.get(article.url).content.decode()
    with django_capture_on_commit_callbacks(execute=True):
        Trend.objects.filter(slug="security").update(name_en="Defence and security")
        Trend.objects.get(slug="security").save()
    page = client.get(article.url).content.decode()
    assert "Defence and security" in page


def test_an_article_made_private_asks_for_a_sign_in_at_once(client, django_capture_on_commit_callbacks):
    article = make_article()
    assert client.get(article.url).status_code == 200
    with django_capture_on_commit_callbacks(execute=True):
        PageViewRestriction.objects.create(page=article, restriction_type=PageViewRestriction.LOGIN)
    answer = client.get(article.url)
    assert answer.status_code == 302 and "login" in answer["Location"]
    assert "Belarus and Latvia sign" not in client.get("/en/").content.decode()


def test_a_pin_made_outside_the_editor_shows_in_the_box_at_once(client, django_capture_on_commit_callbacks):
    article = make_article()
    unrelated = make_article("Export currency rules change", trend="belarus-russia", published="2014-01-01 10:00", lead="Exporters sell less.")
    for number in range(4):
        make_article(f"Border guards report {number}", published=f"2016-12-1{number} 12:00", lead=f"Report {number}.")
    assert "Export currency rules change" not in client.get(article.url).content.decode()
    with django_capture_on_commit_callbacks(execute=True):
        SimilarPin.objects.create(article=article, target=unrelated)
    assert "Export currency rules change" in client.get(article.url).content.decode()


def test_a_translation_published_later_is_linked_from_the_original_at_once(client, django_capture_on_commit_callbacks):
    from tests.conftest import translate

    article = make_article()
    assert 'hreflang="ru" href=' not in client.get(article.url).content.decode()
    with django_capture_on_commit_callbacks(execute=True):
        russian = translate(article, "ru", "Беларусь и Латвия подписали соглашение")
    assert f'hreflang="ru" href="http://testserver{russian.url}"' in client.get(article.url).content.decode()


def test_article_addresses_from_the_memo_are_wagtails_also_for_cyrillic_paths():
    from wagtail.models import Page

    latin = make_article()
    cyrillic = make_article("Минск и Рига", language="ru")
    # Slugs are transliterated when saved; an address written in Cyrillic can still come from elsewhere.
    ArticlePage.objects.filter(pk=cyrillic.pk).update(url_path=cyrillic.url_path.replace("minsk-i-riga", "минск"))
    for article in (latin, cyrillic):
        article = ArticlePage.objects.get(pk=article.pk)
        assert article.url == Page.get_url_parts(article)[2]
    assert ArticlePage.objects.get(pk=cyrillic.pk).url == "/ru/articles/%D0%BC%D0%B8%D0%BD%D1%81%D0%BA/"


def test_the_shared_header_is_in_each_readers_language(client):
    english = client.get("/en/").content.decode()
    russian = client.get("/ru/").content.decode()
    assert 'action="/en/search/"' in english and 'action="/ru/search/"' in russian
    assert 'href="/ru/trends/"' in russian and 'href="/ru/trends/"' not in english
