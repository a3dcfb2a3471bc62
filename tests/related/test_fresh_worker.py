"""A worker process that starts after articles were published knows nothing of what it missed."""

import pytest

from tests.conftest import make_article
from trendwatch.entities.models import Entity, Kind
from trendwatch.entities.signals import entities_changed
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


def test_an_entity_added_by_editors_reaches_the_reasons_of_lists_already_stored(monkeypatch):
    # Two changed articles are a small share of a real archive: no refit, no rebuild of every list.
    monkeypatch.setattr(corpus, "BULK_REBUILD_SHARE", 2)
    monkeypatch.setattr(corpus, "STATISTICS_REFRESH_SHARE", 2)
    anchor = make_article(
        "Minister Ravkov visits Riga",
        lead="Andrei Ravkov met his Latvian counterpart.",
        body="<p>Ravkov discussed airspace control in Riga.</p>",
    )
    other = make_article(
        "Raukou inspects the western border",
        published="2016-12-14 10:00",
        lead="Andrei Raukou visited the border guards.",
        body="<p>Raukou spoke of airspace control on the border.</p>",
    )
    assert other.pk in listed(anchor)

    def shared_names():
        return Neighbour.objects.get(article=anchor, neighbour=other).reasons["shared_names"]

    assert shared_names() == []
    minister = Entity.objects.create(slug="andrei-raukou", kind=Kind.PERSON, name_en="Andrei Raukou")
    entities_changed()  # what the admin does after an editor saves an entity
    assert shared_names() == [str(minister.pk)]
