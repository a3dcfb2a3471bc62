"""The demo archive's forecast ledger: the yearly forecast article's forecasts and their resolutions.

`demo_archive/forecasts.json` holds them; the article itself is loaded with the weeks by
`publishing.demo`, and is found here by its English headline and date.
"""

import datetime
import json

from django.db import transaction
from django.utils import timezone
from django.utils.text import slugify

from trendwatch.publishing.demo import DEMO_DIR, DemoArchiveError, read_weeks
from trendwatch.publishing.events import article_events_suspended
from trendwatch.publishing.models import ArticlePage, Author, Trend

from .models import Forecast, ForecastResolution, LikelihoodLevel

FORECASTS_FILE = DEMO_DIR / "forecasts.json"


@transaction.atomic
def load_demo_forecasts(path=FORECASTS_FILE):
    """Attach the file's forecasts to its article and record the resolved ones; returns how many.

    Does nothing (returns 0) when the article already has forecasts.
    """
    data = json.loads(path.read_text(encoding="utf-8"))
    article = _english_article(data["article"], f"{path.name}: article")
    if article.forecasts.exists():
        return 0
    levels = {level.slug: level for level in LikelihoodLevel.objects.all()}
    trends = {trend.slug: trend for trend in Trend.objects.all()}
    authors = {author.slug: author for author in Author.objects.all()}
    evidence_entries = {entry["key"]: entry for week in read_weeks() for entry in week["articles"]}
    forecasts = []
    for number, record in enumerate(data["forecasts"], 1):
        where = f"{path.name}: forecast {number}"
        statement = record["statement"]
        forecast = Forecast(
            statement_en=statement["en"],
            statement_ru=statement.get("ru", ""),
            statement_be=statement.get("be", ""),
            likelihood=_look_up(levels, slugify(record["likelihood"]), where, "likelihood"),
            trend=_look_up(trends, record["trend"], where, "trend"),
            author=_look_up(authors, record["author"], where, "author"),
            resolves_by=datetime.date.fromisoformat(record["due"]),
        )
        article.forecasts.add(forecast)
        forecasts.append((forecast, record.get("resolution"), where))
    published_at = article.last_published_at
    article.save()  # the forecasts get their ids before the revision records them
    with article_events_suspended():  # load_demo rebuilds lists, search and mentions afterwards
        article.save_revision().publish()
    # Attaching forecasts is not news: the article keeps its original publication moment.
    ArticlePage.objects.filter(pk=article.pk).update(last_published_at=published_at)
    for forecast, resolution, where in forecasts:
        if resolution:
            _resolve(forecast, resolution, evidence_entries, where)
    return len(forecasts)


def _resolve(forecast, resolution, evidence_entries, where):
    evidence = None
    if key := resolution.get("evidence"):
        entry = _look_up(evidence_entries, key, where, "evidence")
        evidence = _english_article(entry, f"{where}: evidence {key}")
    note = resolution.get("note", {})
    ForecastResolution.objects.create(
        forecast=forecast,
        outcome=resolution["outcome"],
        resolved_on=datetime.date.fromisoformat(resolution["resolved_on"]),
        evidence=evidence,
        note_en=note.get("en", ""),
        note_ru=note.get("ru", ""),
        note_be=note.get("be", ""),
    )


def _english_article(entry, where):
    title = entry["versions"]["en"]["title"]
    day = datetime.datetime.fromisoformat(entry["published"]).date()
    article = ArticlePage.objects.filter(locale__language_code="en", title=title).first()
    if article is None or timezone.localdate(article.published_at) != day:
        raise DemoArchiveError(f"{where}: no English article “{title}” published on {day}")
    return article


def _look_up(table, key, where, what):
    try:
        return table[key]
    except KeyError:
        raise DemoArchiveError(f"{where}: unknown {what} {key!r}") from None
