"""Drafts, scheduled, private and withdrawn articles reach no public surface; a scheduled one does
once its time comes.

Surfaces walked: the article's own address (page and API), home, article index, trend list and
trend page, week, archive (all, year, month), the similar box of a published article, search, RSS
and Atom feeds (all and per trend), the sitemap, the JSON API (articles, per trend, per week,
similar) and the weekly letter. A new public surface is one more entry in `surface_texts`.
"""

import datetime
import time

import pytest
from django.core.management import call_command
from django.utils import timezone
from wagtail.models import PageViewRestriction

from tests.conftest import make_article
from trendwatch.newsletter.letters import compose, render_letter
from trendwatch.publishing.models import WeeklyIssue
from trendwatch.related.models import Neighbour

pytestmark = pytest.mark.django_db

WEEK = "2016-12-12"


def defence_piece(marker, published, **fields):
    return make_article(
        f"Defence ministers discuss {marker} airspace control",
        lead=f"The defence ministries of Belarus and Latvia talk about {marker} arms control.",
        body=f"<p>Military dialogue, airspace control and {marker} arms control were discussed in Riga.</p>",
        published=published,
        **fields,
    )


def surface_texts(client, visible):
    """{surface name: what a reader gets there, in lower case (the sitemap names articles by slug)}."""
    pages = {
        "home": "/en/",
        "article index": "/en/articles/",
        "trend list": "/en/trends/",
        "trend page": "/en/trends/security/",
        "week": f"/en/weeks/{WEEK}/",
        "archive": "/en/archive/",
        "archive year": "/en/archive/2016/",
        "archive month": "/en/archive/2016/12/",
        "similar box": visible.url,
        "rss": "/en/feeds/rss/",
        "atom": "/en/feeds/atom/",
        "trend rss": "/en/feeds/security/rss/",
        "trend atom": "/en/feeds/security/atom/",
        # Every piece shares these words; the query itself names no marker.
        "search": "/en/search/?q=airspace+control",
        "sitemap": "/sitemap-articles-1.xml",
        "api articles": "/api/v1/articles?page_size=100",
        "api trend": "/api/v1/articles?trend=security&language=en",
        "api week": f"/api/v1/issues/{WEEK}",
        "api similar": f"/api/v1/articles/{visible.pk}/similar?limit=20",
    }
    texts = {}
    for name, url in pages.items():
        response = client.get(url)
        assert response.status_code == 200, (name, url)
        texts[name] = response.content.decode().lower()
    letter = compose(WeeklyIssue.objects.get(week_start=WEEK), "en")
    texts["weekly letter"] = " ".join(render_letter(letter, "en")).lower() if letter else ""
    return texts


def assert_nowhere(client, article, marker, texts):
    found = [name for name, text in texts.items() if marker.lower() in text]
    assert not found, f"{marker} is visible on {found}"
    response = client.get(article.url)
    # A private page answers with its password form, which names its own address but no content.
    assert response.status_code != 200 or marker not in response.content.decode()
    assert client.get(f"/api/v1/articles/{article.pk}").status_code == 404


def test_unpublished_articles_reach_no_surface_until_the_scheduled_one_goes_live(client):
    visible = defence_piece("Visiblemarker", "2016-12-12 10:22")
    draft = defence_piece("Draftmarker", "2016-12-13 09:00", live=False)
    private = defence_piece("Privatemarker", "2016-12-14 09:00")
    PageViewRestriction.objects.create(page=private, restriction_type=PageViewRestriction.PASSWORD, password="secret")
    withdrawn = defence_piece("Withdrawnmarker", "2016-12-15 09:00")
    withdrawn.unpublish()
    scheduled = defence_piece("Scheduledmarker", "2016-12-16 09:00", live=False)
    goes_live = timezone.now() + datetime.timedelta(seconds=1)
    scheduled.go_live_at = goes_live
    scheduled.save_revision().publish()
    scheduled.refresh_from_db()
    assert not scheduled.live

    hidden = {"Draftmarker": draft, "Privatemarker": private, "Withdrawnmarker": withdrawn, "Scheduledmarker": scheduled}
    texts = surface_texts(client, visible)
    assert all("visiblemarker" in texts[name] for name in ["home", "search", "sitemap", "api articles", "api week"])
    for marker, article in hidden.items():
        assert_nowhere(client, article, marker, texts)

    time.sleep(max(0.0, (goes_live - timezone.now()).total_seconds()) + 0.1)
    call_command("publish_scheduled")
    scheduled.refresh_from_db()
    assert scheduled.live
    texts = surface_texts(client, visible)
    # The archive's front page lists months, not headlines.
    assert {name for name, text in texts.items() if "scheduledmarker" in text} == set(texts) - {"archive"}
    assert client.get(scheduled.url).status_code == 200
    assert client.get(f"/api/v1/articles/{scheduled.pk}").status_code == 200
    assert Neighbour.objects.filter(article=scheduled).exists()
    assert Neighbour.objects.filter(article=visible, neighbour=scheduled).exists()
    for marker in ["Draftmarker", "Privatemarker", "Withdrawnmarker"]:
        assert_nowhere(client, hidden[marker], marker, texts)
