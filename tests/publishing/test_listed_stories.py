"""The reader lists' stored choice of versions (`ListedStory`) follows every change that moves it."""

import pytest
from wagtail.models import PageViewRestriction

from tests.conftest import make_article, translate
from trendwatch.publishing.apps import _ensure_site_structure
from trendwatch.publishing.listed_stories import ListedStory

pytestmark = pytest.mark.django_db


def listed(client, language="ru"):
    """Titles on the first page of the security trend, as a reader of `language` sees it."""
    response = client.get(f"/{language}/trends/security/")
    assert response.status_code == 200
    return [article.title for article in response.context["articles"]]


def test_a_translation_takes_the_originals_place_in_its_language_and_gives_it_back(client):
    original = make_article("Minsk and Riga talk defence")
    assert listed(client) == ["Minsk and Riga talk defence"]
    russian = translate(original, "ru", "Минск и Рига говорят об обороне")
    assert listed(client) == ["Минск и Рига говорят об обороне"]
    assert listed(client, "en") == ["Minsk and Riga talk defence"]
    russian.unpublish()
    assert listed(client) == ["Minsk and Riga talk defence"]
    russian.save_revision().publish()
    russian.delete()
    assert listed(client) == ["Minsk and Riga talk defence"]


def test_a_restriction_takes_a_story_out_of_the_lists_until_it_is_lifted(client):
    make_article("An open piece", published="2016-12-12 10:00")
    private = make_article("A members-only piece", published="2016-12-13 10:00")
    restriction = PageViewRestriction.objects.create(page=private, restriction_type=PageViewRestriction.PASSWORD, password="x")
    assert listed(client, "en") == ["An open piece"]
    restriction.delete()
    assert listed(client, "en") == ["A members-only piece", "An open piece"]


def test_a_site_upgraded_from_before_the_lists_has_its_stories_listed_by_migrate(client):
    make_article("An older piece", published="2016-12-12 10:00")
    ListedStory.objects.all().delete()
    _ensure_site_structure(sender=None)  # what `migrate` runs at its end
    assert listed(client, "en") == ["An older piece"]
