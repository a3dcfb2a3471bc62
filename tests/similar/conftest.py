"""A small hand-written archive of weekly commentaries about Belarus, shared by the engine tests."""

import datetime

import pytest

from trendwatch.similar import Document


def _article(doc_id, title, body, day, trend, language="en", group=None):
    return Document(
        id=doc_id,
        language=language,
        title=title,
        body=body,
        published=datetime.date(2016, 1, 1) + datetime.timedelta(days=day),
        trend=trend,
        translation_group=group,
    )


ARCHIVE = [
    _article(
        "latvia-defence",
        "Belarus and Latvia sign a defence cooperation agreement",
        "<p>Defence Minister Andrei Raukou signed an agreement on military cooperation with Latvia in Riga.</p>"
        "<p>The defence ministries plan joint work on airspace control, arms control and military medicine. "
        "Minsk seeks dialogue with NATO countries on regional security.</p>",
        340, "security",
    ),
    _article(
        "nato-dialogue",
        "Minsk opens a security dialogue with NATO",
        "Belarusian officials met NATO representatives to discuss regional security and military transparency. "
        "The defence ministry invited observers from Lithuania and Latvia to military exercises.",
        300, "security",
    ),
    _article(
        "joint-exercises",
        "Joint military exercises with Russia raise security concerns",
        "The defence ministries of Belarus and Russia prepare joint military exercises near the border. "
        "Neighbouring NATO members ask for transparency, and Minsk promises to invite military observers.",
        250, "security",
    ),
    _article(
        "army-reform",
        "Defence Minister Raukou announces army reform",
        "Andrei Raukou said the armed forces would buy new air defence systems and strengthen border security. "
        "The defence budget grows despite the economic crisis.",
        200, "security",
    ),
    _article(
        "currency-rules",
        "Longer deadlines for export currency proceeds",
        "A presidential decree extends the deadline for returning foreign currency proceeds from exports "
        "from 90 to 180 days. Exporters and importers expect lower fines and more small trading companies.",
        530, "economy",
    ),
    _article(
        "central-bank-rate",
        "National Bank cuts the refinancing rate",
        "The National Bank lowered the refinancing rate as inflation slowed. Banks expect cheaper loans "
        "for companies and a stable exchange rate of the Belarusian rouble.",
        500, "economy",
    ),
    _article(
        "potash-exports",
        "Potash exports recover after price fall",
        "Belaruskali increased potash exports to China and India. Export revenue still depends on world "
        "prices and on foreign currency earnings of state companies.",
        450, "economy",
    ),
    _article(
        "local-elections",
        "Opposition candidates barred from local elections",
        "Election commissions refused to register several opposition candidates. Observers criticised "
        "the elections for a lack of competition, and the opposition called for a boycott.",
        100, "society",
    ),
]


@pytest.fixture
def archive():
    return list(ARCHIVE)
