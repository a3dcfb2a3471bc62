"""`make run` serves through `manage.py serve`, whose scheduler publishes scheduled articles on time
with no cron: an article scheduled for a moment appears then, with its similar lists, feeds and
search updated by the publishing event."""

import datetime
import threading

import feedparser
import pytest
from django.utils import timezone

from tests.conftest import make_article
from trendwatch.publishing.management.commands.serve import Command as ServeCommand
from trendwatch.publishing.models import published_articles
from trendwatch.related.models import Neighbour, similar_articles_for

pytestmark = pytest.mark.django_db


def test_the_servers_scheduler_publishes_a_scheduled_article_on_time(client):
    monday = make_article(
        "Border guards of Belarus and Lithuania hold consultations",
        lead="The border services discussed queues of lorries at the Medininkai crossing.",
        body="<p>Border guards discussed lorry queues and the Medininkai crossing schedule.</p>",
    )
    scheduled = make_article(
        "Medininkai crossing extends its hours for lorries",
        lead="Lorry queues at the Medininkai border crossing should shorten.",
        body="<p>The Medininkai crossing will serve lorries around the clock, border guards said.</p>",
        published="2016-12-19 09:00",
        live=False,
    )
    scheduled.go_live_at = timezone.now() + datetime.timedelta(seconds=0.5)
    scheduled.save_revision().publish()
    assert scheduled not in published_articles()

    stop = threading.Event()
    threading.Timer(1.5, stop.set).start()
    ServeCommand().publish_on_time(stop, interval=0.2)  # returns when stopped

    scheduled.refresh_from_db()
    assert scheduled.live and scheduled in published_articles("en")
    assert Neighbour.objects.filter(article=scheduled).exists()
    assert scheduled in [page for page, _entry in similar_articles_for(monday)]
    feed = feedparser.parse(client.get("/en/feeds/rss/").content)
    assert "Medininkai crossing extends its hours for lorries" in [entry.title for entry in feed.entries]
    assert "Medininkai crossing extends its hours" in client.get("/en/search/", {"q": "lorries around the clock"}).content.decode()
