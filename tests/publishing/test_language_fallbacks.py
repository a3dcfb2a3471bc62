import datetime

import pytest

from trendwatch.publishing.models import Trend, WeeklyIssue
from tests.conftest import make_article, release_weeks, translate

pytestmark = pytest.mark.django_db


def test_an_untranslated_trend_name_falls_back_to_english_with_a_note(client):
    Trend.objects.create(slug="economy", name_en="Economy", sort_order=9)
    response = client.get("/ru/trends/economy/")
    content = response.content.decode()
    assert response.status_code == 200
    assert "<h1>Economy</h1>" in content
    assert 'class="fallback-note"' in content


def test_an_untranslated_weekly_overview_falls_back_to_english_with_a_note(client):
    article = make_article(published="2016-12-12 10:22")
    translate(article, "ru", "Беларусь и Латвия подписали соглашение")
    WeeklyIssue.objects.filter(week_start=datetime.date(2016, 12, 12)).update(
        overview_en="A quiet week on the western border.", overview_ru=""
    )
    release_weeks()
    content = client.get("/ru/").content.decode()
    assert "A quiet week on the western border." in content and 'class="fallback-note"' in content
    english = client.get("/en/").content.decode()
    assert "A quiet week on the western border." in english and 'class="fallback-note"' not in english


def test_the_country_reads_naturally_in_each_language(client):
    make_article()
    release_weeks()
    assert "Situation in Belarus" in client.get("/en/").content.decode()
    assert "Беларуси" in client.get("/ru/").content.decode()
    assert "Беларусі" in client.get("/be/").content.decode()
