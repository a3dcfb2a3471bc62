import pytest
from django.test import Client

from trendwatch.publishing.models import ArticlePage
from tests.conftest import make_article, translate

pytestmark = pytest.mark.django_db


@pytest.fixture
def editor_client(client, django_user_model):
    client.force_login(django_user_model.objects.create_superuser("editor", password="a-long-test-password"))
    return client


def test_editors_see_which_articles_lack_a_translation(editor_client):
    complete = make_article("Fully translated piece")
    translate(complete, "ru", "Полностью переведённый материал")
    translate(complete, "be", "Цалкам перакладзены матэрыял")
    partial = make_article("Piece with only a Russian version", published="2016-12-13 10:00")
    translate(partial, "ru", "Материал только с русской версией")
    response = editor_client.get("/admin/reports/missing-translations/")
    content = response.content.decode()
    assert response.status_code == 200
    assert "Piece with only a Russian version" in content and "Fully translated piece" not in content
    assert "<td>be</td>" in content
    assert "1 published article lacks a translation." in content


def test_an_editor_starts_a_translation_from_an_article(editor_client):
    article = make_article("Defence memorandum with Latvia")
    form_url = f"/admin/translation/submit/page/{article.pk}/"
    assert editor_client.get(form_url).status_code == 200
    from wagtail.models import Locale

    response = editor_client.post(form_url, {"locales": [Locale.objects.get(language_code="ru").pk]})
    assert response.status_code == 302
    copy = ArticlePage.objects.get(translation_key=article.translation_key, locale__language_code="ru")
    assert not copy.live  # a draft for the translator to work on
    # Russian readers meet the English original, marked as such, never the draft.
    russian_home = editor_client.get("/ru/").content.decode()
    assert 'lang="en" hreflang="en">Defence memorandum with Latvia</a>' in russian_home
    assert "Defence memorandum with Latvia" in Client().get(copy.url).content.decode()  # the original, not the draft


def test_readers_cannot_open_the_report(client):
    assert client.get("/admin/reports/missing-translations/").status_code == 302
