import datetime

import pytest
from django.core.management import call_command

from trendwatch.publishing.models import ArticlePage, Author, Trend
from trendwatch.publishing.demo import read_weeks

pytestmark = pytest.mark.django_db


@pytest.fixture
def demo(client):
    call_command("load_demo", verbosity=0)


def test_the_demo_archive_is_big_and_varied_enough(demo):
    english = ArticlePage.objects.live().filter(locale__language_code="en")
    assert english.count() >= 60
    assert ArticlePage.objects.live().filter(locale__language_code="ru").count() >= 15
    assert ArticlePage.objects.live().filter(locale__language_code="be").count() >= 5
    assert set(english.values_list("trend__slug", flat=True)) == set(Trend.objects.values_list("slug", flat=True))
    assert set(english.values_list("direction", flat=True)) >= {"improved", "worsened", "unchanged"}
    assert Author.objects.filter(articles__isnull=False).distinct().count() >= 3
    assert all(page.lead_image and page.lead_image.credit for page in english)


def test_the_demo_weeks_are_consecutive_and_many():
    starts = sorted(datetime.date.fromisoformat(week["week_start"]) for week in read_weeks())
    assert len(starts) >= 16
    assert all(later - earlier == datetime.timedelta(days=7) for earlier, later in zip(starts, starts[1:]))


def test_every_translation_is_linked_to_an_english_original(demo):
    for page in ArticlePage.objects.exclude(locale__language_code="en"):
        assert ArticlePage.objects.filter(translation_key=page.translation_key, locale__language_code="en").exists()


def test_names_appear_in_more_than_one_transliteration(demo):
    bodies = " ".join(ArticlePage.objects.filter(locale__language_code="en").values_list("body", flat=True))
    for variants in [("Lukashenka", "Lukashenko"), ("Hrodna", "Grodno")]:
        assert all(variant in bodies for variant in variants), variants


def test_loading_twice_changes_nothing(demo):
    count = ArticlePage.objects.count()
    call_command("load_demo", verbosity=0)
    assert ArticlePage.objects.count() == count


def test_the_demo_site_answers_in_all_three_languages(demo, client):
    for language in ["en", "ru", "be"]:
        response = client.get(f"/{language}/")
        assert response.status_code == 200
        assert "Situation in" in response.content.decode() or language != "en"
