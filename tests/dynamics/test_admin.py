import pytest
from django.contrib.auth.models import Group
from django.urls import reverse
from wagtail.test.utils.form_data import inline_formset, nested_form_data, rich_text

from tests.conftest import make_article
from tests.dynamics.factories import add_forecast, author, ensure_scale
from trendwatch.dynamics.models import Forecast, ForecastResolution, LikelihoodLevel
from trendwatch.publishing.models import ArticleIndexPage, Trend

pytestmark = pytest.mark.django_db


@pytest.fixture
def admin_client(client, django_user_model):
    client.force_login(django_user_model.objects.create_superuser("chief", password="a-long-test-password"))
    return client


@pytest.fixture
def editor_client(client, django_user_model):
    editor = django_user_model.objects.create_user("editor", password="a-long-test-password")
    editor.groups.add(Group.objects.get(name="Editors"))
    client.force_login(editor)
    return client


def test_an_analyst_attaches_forecasts_to_an_article_in_the_editor(admin_client):
    ensure_scale()
    security = Trend.objects.get(slug="security")
    forecast = {
        "statement_en": "A joint staff exercise will be held in 2017.",
        "statement_ru": "",
        "statement_be": "",
        "likelihood": LikelihoodLevel.objects.get(slug="very-likely").pk,
        "trend": security.pk,
        "author": author().pk,
        "resolves_by": "2017-12-31",
    }
    data = nested_form_data(
        {
            "title": "Belarus in 2017: forecast",
            "slug": "forecast-2017",
            "published_at": "2017-01-09 10:00",
            "lead": "What the year will bring.",
            "body": rich_text("<p>Our forecasts.</p>"),
            "trend": security.pk,
            "direction": "not_assessed",
            "similar_pins": inline_formset([]),
            "similar_exclusions": inline_formset([]),
            "comments": inline_formset([]),
            "forecasts": inline_formset([forecast]),
            "action-publish": "publish",
        }
    )
    index = ArticleIndexPage.objects.get(locale__language_code="en")
    response = admin_client.post(reverse("wagtailadmin_pages:add", args=("publishing", "articlepage", index.pk)), data)
    assert response.status_code == 302
    stated = Forecast.objects.get()
    assert stated.article.title == "Belarus in 2017: forecast"
    assert float(stated.probability) == 0.85
    assert "A joint staff exercise will be held in 2017." in admin_client.get("/en/forecasts/").content.decode()


def test_editors_resolve_forecasts(editor_client):
    forecast = add_forecast(make_article("Forecast for 2017", direction="not_assessed"), "Exercise held")
    evidence = make_article("The exercise took place", published="2016-12-20 10:00")
    add_url = reverse("wagtailsnippets_dynamics_forecastresolution:add")
    assert editor_client.get(add_url).status_code == 200
    response = editor_client.post(
        add_url,
        {
            "forecast": forecast.pk,
            "outcome": "came_true",
            "resolved_on": "2016-12-21",
            "evidence": evidence.pk,
            "note_en": "Held in December.",
            "note_ru": "",
            "note_be": "",
        },
    )
    assert response.status_code == 302, response.content.decode()[:2000]
    resolution = ForecastResolution.objects.get()
    assert (resolution.forecast, resolution.outcome, resolution.evidence.specific) == (forecast, "came_true", evidence)
