"""The forecast ledger as readers see it: open and resolved forecasts, calibration and scores."""

from dataclasses import dataclass

from trendwatch.pagecache.memo import memoised
from trendwatch.publishing.models import LINK_FIELDS, Author, Trend, published_articles, with_locales

from .models import Forecast
from .scoring import calibration, score
from .timeline import version_preference


@dataclass
class LedgerEntry:
    """A forecast with the article versions a reader of `language` should be sent to."""

    forecast: Forecast
    article: object
    resolution: object
    evidence: object

    @property
    def probability(self):
        return float(self.forecast.probability)

    @property
    def outcome_value(self):
        return self.resolution.outcome_value if self.resolution else None


@dataclass
class Ledger:
    pending: list
    resolved: list
    overall: object
    by_trend: list
    by_author: list
    calibration: list


def public_forecasts():
    """Forecasts in published articles only: a draft's forecasts are not yet stated."""
    return Forecast.objects.filter(article__in=published_articles().values("pk")).select_related(
        "likelihood", "trend", "author", "resolution"
    )


def article_forecasts(article, language):
    """The ledger entries of the forecasts stated in `article` or any of its translations, by resolution date."""
    groups_with_forecasts = memoised(
        "translation groups with forecasts",
        lambda: frozenset(public_forecasts().values_list("article__translation_key", flat=True)),
    )
    if article.translation_key not in groups_with_forecasts:
        return []  # most commentaries state none: no query for them
    forecasts = (
        public_forecasts()
        .filter(article__translation_key=article.translation_key)
        .select_related("resolution__evidence")
        .order_by("resolves_by", "pk")
    )
    return ledger_entries(forecasts, language, article=article)


def ledger_entries(forecasts, language, article=None):
    """The forecasts as entries for a reader of `language`: each links to the version of its article
    (or `article`, when all are from it) and of its evidence in that language where there is one."""
    forecasts = list(forecasts)
    resolutions = [getattr(forecast, "resolution", None) for forecast in forecasts]
    evidence = [resolution.evidence if resolution else None for resolution in resolutions]
    versions = reader_versions(evidence + ([] if article else [forecast.article for forecast in forecasts]), language)
    return [
        LedgerEntry(
            forecast=forecast,
            article=article or versions[forecast.article.translation_key],
            resolution=resolution,
            evidence=versions.get(shown.translation_key) if shown else None,
        )
        for forecast, resolution, shown in zip(forecasts, resolutions, evidence)
    ]


def reader_versions(articles, language):
    """{translation key: the published version a reader of `language` gets} for the articles."""
    keys = {article.translation_key for article in articles if article is not None}
    chosen = {}
    # A version is shown as a link: its title and address, not its body, trend or image.
    versions = published_articles().filter(translation_key__in=keys).select_related(None).only(*LINK_FIELDS)
    for version in with_locales(versions):
        current = chosen.get(version.translation_key)
        if current is None or version_preference(version, language) < version_preference(current, language):
            chosen[version.translation_key] = version
    return chosen


def build_ledger(language):
    entries = ledger_entries(public_forecasts().select_related("article", "resolution__evidence"), language)
    scored = [entry for entry in entries if entry.outcome_value is not None]

    def pairs(group):
        return [(entry.probability, entry.outcome_value) for entry in group]

    authors = {entry.forecast.author_id for entry in entries}
    return Ledger(
        pending=sorted((e for e in entries if e.resolution is None), key=lambda e: (e.forecast.resolves_by, e.forecast.pk)),
        resolved=sorted(
            (e for e in entries if e.resolution), key=lambda e: (e.resolution.resolved_on, e.forecast.pk), reverse=True
        ),
        overall=score(pairs(scored)),
        by_trend=[
            (trend, score(pairs(e for e in scored if e.forecast.trend_id == trend.pk))) for trend in Trend.objects.all()
        ],
        by_author=[
            (author, score(pairs(e for e in scored if e.forecast.author_id == author.pk)))
            for author in Author.objects.filter(pk__in=authors)
        ],
        calibration=calibration(pairs(scored)),
    )
