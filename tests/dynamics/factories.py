"""Forecasts and authors for the dynamics tests."""

import datetime
import importlib

from django.apps import apps

from trendwatch.dynamics.models import Forecast, ForecastResolution, LikelihoodLevel
from trendwatch.publishing.models import Author, Trend


def ensure_scale():
    """The seeded likelihood scale (transactional tests start from an emptied database)."""
    importlib.import_module("trendwatch.dynamics.migrations.0002_likelihood_scale").add_scale(apps, None)


def author(slug="hanna-lis", name="Hanna Lis"):
    return Author.objects.get_or_create(slug=slug, defaults={"name_en": name})[0]


def add_forecast(article, statement, likelihood="likely", *, trend="security", by=None, due="2026-12-31", outcome=None):
    """A forecast on `article`, resolved with `outcome` (came_true, did_not, partly, cannot_judge) if given."""
    ensure_scale()
    forecast = Forecast.objects.create(
        article=article,
        statement_en=statement,
        likelihood=LikelihoodLevel.objects.get(slug=likelihood),
        trend=Trend.objects.get(slug=trend),
        author=by or author(),
        resolves_by=datetime.date.fromisoformat(due),
    )
    if outcome:
        ForecastResolution.objects.create(
            forecast=forecast, outcome=outcome, resolved_on=datetime.date(2026, 11, 1), note_en=f"Verdict on {statement}"
        )
    return forecast
