import datetime
from types import SimpleNamespace

import pytest
from django.db import transaction
from django.test import override_settings
from django.utils import timezone
from wagtail.models import PageViewRestriction

from trendwatch.publishing.models import Author
from tests.conftest import make_article, make_image, translate


def with_author(article, author):
    article.authors.set([author])
    article.save_revision().publish()
    article.refresh_from_db()
    return article


def make_hidden_articles():
    """One article of each kind a reader must never reach: draft, scheduled, private, withdrawn.

    All four share a title word ("Hidden"), a trend, an author and a week with the public ones.
    """
    analyst = Author.objects.get_or_create(slug="hidden-analyst", defaults={"name_en": "Hidden Analyst"})[0]
    draft = make_article("Hidden draft", published="2016-12-13 09:00", live=False)
    scheduled = make_article("Hidden scheduled", published="2016-12-13 09:30", live=False)
    scheduled.go_live_at = timezone.now() + datetime.timedelta(days=30)
    scheduled.save_revision().publish()
    private = make_article("Hidden private", published="2016-12-13 10:00")
    PageViewRestriction.objects.create(page=private, restriction_type=PageViewRestriction.LOGIN)
    withdrawn = with_author(make_article("Hidden withdrawn", published="2016-12-13 10:30"), analyst)
    withdrawn.unpublish()
    return [draft, scheduled, private, withdrawn]


@pytest.fixture(scope="package")
def _api_media(tmp_path_factory):
    return tmp_path_factory.mktemp("api-media")


@pytest.fixture(autouse=True)
def _media_in_tmp(_media_in_tmp, settings, _api_media):
    """The archive's image lives in one folder for the whole package, as the archive does."""
    settings.MEDIA_ROOT = _api_media


@pytest.fixture(scope="package")
def _shared_archive(django_db_setup, django_db_blocker, _api_media):
    """Made once for all the API tests, inside a transaction undone after them; each test's own
    changes are undone at its end as usual, in a transaction nested in this one."""
    with django_db_blocker.unblock(), override_settings(MEDIA_ROOT=_api_media, PAGE_CACHE=False, CONTENT_MEMO=False):
        with transaction.atomic():
            yield make_archive()
            transaction.set_rollback(True)


@pytest.fixture
def archive(_shared_archive, db):
    """A small published archive (two trends, two weeks, a translation, an author, an image) and hidden articles."""
    return _shared_archive


def make_archive():
    analyst = Author.objects.create(slug="analyst", name_en="An Analyst", name_ru="Аналитик")
    defence = with_author(make_article(image=make_image()), analyst)
    defence_ru = translate(defence, "ru", "Беларусь и Латвия подписали соглашение об обороне")
    gas = make_article(
        "Gas price for next year agreed",
        trend="belarus-russia",
        published="2016-12-20 10:00",
        lead="Minsk and Moscow settled the gas price.",
        direction="worsened",
    )
    exercises = make_article(
        "Joint military exercises announced",
        published="2016-12-21 12:00",
        lead="The defence ministry announced exercises near the western border.",
        direction="unchanged",
    )
    return SimpleNamespace(
        analyst=analyst,
        defence=defence,
        defence_ru=defence_ru,
        gas=gas,
        exercises=exercises,
        hidden=make_hidden_articles(),
    )
