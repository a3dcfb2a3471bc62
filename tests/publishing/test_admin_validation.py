import re

import pytest
from django.contrib.auth.models import Group, User
from django.test import Client
from django.urls import reverse
from django.utils import timezone

from trendwatch.editorial.roles import ANALYSTS, EDITORS
from trendwatch.publishing.models import ArticleIndexPage, ArticlePage, Author, published_articles
from tests.conftest import admin_article_form, make_article, make_image

pytestmark = pytest.mark.django_db


@pytest.fixture
def editor_client(client, django_user_model):
    user = django_user_model.objects.create_superuser("editor", password="a-long-test-password")
    client.force_login(user)
    return client


def publish_form(**overrides):
    return admin_article_form(**overrides)


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


def submitted_for_review(**fields):
    """An analyst's undated draft, submitted to the review workflow; and an editor's client."""
    analyst = User.objects.create_user("analyst", password="a-long-test-password")
    analyst.groups.add(Group.objects.get(name=ANALYSTS))
    editor = User.objects.create_user("reviewer", password="a-long-test-password")
    editor.groups.add(Group.objects.get(name=EDITORS))
    article = make_article(
        "Belarus and Latvia sign a defence cooperation agreement", published=None, live=False, owner=analyst, **fields
    )
    article.get_workflow().start(article, analyst)
    client = Client()
    client.force_login(editor)
    return article, client


def approval_form(article, **overrides):
    form = publish_form(slug=article.slug, **overrides)
    del form["action-publish"]
    form.update({"action-workflow-action": "true", "workflow-action-name": "approve"})
    return form


def test_an_editors_approval_of_an_undated_article_is_refused_like_publishing():
    article, editor = submitted_for_review()
    edit_url = reverse("wagtailadmin_pages:edit", args=(article.pk,))
    response = editor.post(edit_url, approval_form(article, published_at=""))
    assert response.status_code == 200
    assert "needs a publication date and time before it is published" in response.content.decode()
    article.refresh_from_db()
    assert not article.live

    response = editor.post(edit_url, approval_form(article))
    assert response.status_code == 302
    article.refresh_from_db()
    assert article.live and article in published_articles("en")


def test_an_editors_approval_with_an_uncredited_image_is_refused():
    image = make_image(credit="", alt="")
    article, editor = submitted_for_review(image=image)
    response = editor.post(
        reverse("wagtailadmin_pages:edit", args=(article.pk,)), approval_form(article, lead_image=image.pk)
    )
    assert response.status_code == 200
    assert "The lead image needs a credit line, alt text" in response.content.decode().replace("&#x27;", "'")
    article.refresh_from_db()
    assert not article.live


def test_an_analyst_cannot_submit_an_undated_article_for_review():
    analyst = User.objects.create_user("analyst", password="a-long-test-password")
    analyst.groups.add(Group.objects.get(name=ANALYSTS))
    client = Client()
    client.force_login(analyst)
    form = publish_form(published_at="")
    del form["action-publish"]
    form["action-submit"] = "submit"
    response = client.post(add_url(), form)
    assert response.status_code == 200
    assert "needs a publication date and time before it is published" in response.content.decode()
    assert not ArticlePage.objects.filter(slug="belarus-latvia-defence").exists()


def test_an_undated_article_approved_from_the_dashboard_is_dated_when_it_goes_live():
    article, editor = submitted_for_review()
    task_state = article.current_workflow_task_state
    response = editor.post(
        reverse("wagtailadmin_pages:workflow_action", args=(article.pk, "approve", task_state.pk)), {"comment": ""}
    )
    assert response.status_code in (200, 302)
    article.refresh_from_db()
    assert article.live and article.published_at is not None
    assert article in published_articles("en") and article.weekly_issue is not None
    # The next edit starts from the date the article went live with.
    assert article.get_latest_revision_as_object().published_at == article.published_at


def test_a_new_article_starts_dated_now_with_its_date_marked_needed_and_authors_as_checkboxes(admin_client):
    Author.objects.create(slug="hanna", name_en="Hanna Analyst")
    index = ArticleIndexPage.objects.get(locale__language_code="en")
    form = admin_client.get(f"/admin/pages/add/publishing/articlepage/{index.pk}/").content.decode()
    today = timezone.localdate().isoformat()
    assert re.search(rf'name="published_at"[^>]*value="{today} \d\d:\d\d"', form)
    assert re.search(r'name="published_at"[^>]*required', form)
    assert 'type="checkbox" name="authors"' in form


def test_the_articles_listing_shows_trend_direction_and_date(admin_client):
    make_article("Latvia and Belarus sign a defence agreement", direction="worsened")
    listing = admin_client.get("/admin/articles/").content.decode()
    assert "Latvia and Belarus sign a defence agreement" in listing
    assert "Security issues" in listing and "Worsened" in listing and "Publication date" in listing
