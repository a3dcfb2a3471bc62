"""A worker process that starts after articles were published knows nothing of what it missed."""

import pytest

from tests.conftest import make_article
from trendwatch.related import corpus
from trendwatch.related.models import Neighbour

pytestmark = pytest.mark.django_db


def listed(article):
    return set(Neighbour.objects.filter(article=article).values_list("neighbour_id", flat=True))


def test_a_freshly_started_worker_puts_a_new_article_into_the_lists_of_older_ones():
    anchor = make_article(
        "Belarus and Latvia agree on airspace control along their border",
        lead="The air forces will share radar data on flights near the border.",
        body="<p>Airspace control and radar data on border flights.</p>",
    )
    make_article("Gas price for next year agreed with Gazprom", trend="belarus-russia", published="2016-12-13 10:00")
    corpus.forget()  # the next task runs in a process that has just started, as a new db_worker does
    newer = make_article(
        "Latvia and Belarus widen airspace control on the border",
        published="2016-12-14 10:00",
        lead="Radar data on border flights will be shared around the clock.",
        body="<p>The airspace control agreement now covers more border flights.</p>",
    )
    assert anchor.pk in listed(newer)
    assert newer.pk in listed(anchor)


def test_a_freshly_started_worker_takes_an_edited_article_out_of_lists_it_no_longer_belongs_in():
    anchor = make_article(
        "Belarus and Latvia agree on airspace control along their border",
        lead="The air forces will share radar data on flights near the border.",
    )
    other = make_article(
        "Latvia and Belarus widen airspace control on the border",
        published="2016-12-14 10:00",
        lead="Radar data on border flights will be shared around the clock.",
    )
    assert other.pk in listed(anchor)
    corpus.forget()
    other.title, other.lead, other.body = "Potato harvest", "Farmers dug potatoes.", "<p>Potatoes and beets.</p>"
    other.save_revision().publish()
    assert other.pk not in listed(anchor)
