import pytest
from django.urls import reverse
from wagtail.test.utils.form_data import inline_formset, nested_form_data, rich_text

from trendwatch.publishing.models import ArticleIndexPage, ArticlePage, Trend
from tests.conftest import make_image

pytestmark = pytest.mark.django_db


@pytest.fixture
def editor_client(client, django_user_model):
    user = django_user_model.objects.create_superuser("editor", password="a-long-test-password")
    client.force_login(user)
    return client


def publish_form(**overrides):
    data = {
        "title": "Belarus and Latvia sign a defence cooperation agreement",
        "slug": "belarus-latvia-defence",
        "published_at": "2016-12-12 10:22",
        "lead": "The defence ministries agreed on a bilateral military dialogue.",
        "body": rich_text("<p>The agreement covers airspace control and arms control.</p>"),
        "trend": Trend.objects.get(slug="security").pk,
        "direction": "improved",
        "similar_pins": inline_formset([]),
        "similar_exclusions": inline_formset([]),
        "forecasts": inline_formset([]),
        "comments": inline_formset([]),
        "action-publish": "publish",
    }
    data.update(overrides)
    return nested_form_data(data)


def add_url():
    index = ArticleIndexPage.objects.get(locale__language_code="en")
    return reverse("wagtailadmin_pages:add", args=("publishing", "articlepage", index.pk))


def test_an_editor_publishes_a_complete_article(editor_client):
    response = editor_client.post(add_url(), publish_form(lead_image=make_image().pk))
    assert response.status_code == 302
    article = ArticlePage.objects.get(slug="belarus-latvia-defence")
    assert article.live and article.weekly_issue is not None


def test_publishing_without_a_date_is_refused_with_a_clear_message(editor_client):
    response = editor_client.post(add_url(), publish_form(published_at=""))
    assert response.status_code == 200
    assert "needs a publication date and time before it is published" in response.content.decode()
    assert not ArticlePage.objects.filter(slug="belarus-latvia-defence").exists()


def test_a_draft_may_be_saved_without_a_date(editor_client):
    form = publish_form(published_at="")
    del form["action-publish"]
    response = editor_client.post(add_url(), form)
    assert response.status_code == 302
    assert not ArticlePage.objects.get(slug="belarus-latvia-defence").live


def test_publishing_with_an_uncredited_image_is_refused(editor_client):
    image = make_image(credit="", alt="")
    response = editor_client.post(add_url(), publish_form(lead_image=image.pk))
    content = response.content.decode()
    assert response.status_code == 200
    assert "The lead image needs a credit line, alt text" in content.replace("&#x27;", "'")


def test_an_article_without_a_trend_is_refused(editor_client):
    response = editor_client.post(add_url(), publish_form(trend=""))
    assert response.status_code == 200
    assert "This field is required" in response.content.decode()
    assert not ArticlePage.objects.exists()
