"""Dashboard, forecasts page and the downloads behind their charts."""

import datetime
from dataclasses import dataclass

from django.http import HttpResponseBadRequest
from django.shortcuts import get_object_or_404, render
from django.utils import timezone
from django.utils.translation import get_language

from trendwatch.publishing.models import Trend

from . import charts
from .downloads import data_response
from .forms import WeekRangeForm, dashboard_defaults
from .ledger import build_ledger
from .scoring import MIN_SCORED_FORECASTS
from .timeline import first_week, latest_week, summarise, trend_marks, weeks_between

FORECAST_COLUMNS = [
    "statement", "likelihood", "probability", "trend", "author", "resolves_by", "article", "article_url",
    "outcome", "outcome_value", "resolved_on", "note", "evidence_url",
]
# The trend page's timeline reaches back at most this many weeks.
TREND_PAGE_WEEKS = 52


@dataclass
class TrendDynamics:
    """One trend over a range of weeks, ready for a chart, a table and a download."""

    trend: Trend
    name: str
    marks: list
    urls: list

    @property
    def summary(self):
        return summarise(self.marks)

    @property
    def rows(self):
        return list(zip(self.marks, self.urls))


def trend_dynamics(request, trends, weeks, language):
    marks = trend_marks(trends, weeks, language)
    return [
        TrendDynamics(
            trend=trend,
            name=trend.localized("name", language),
            marks=marks[trend.pk],
            # An article in another language (there is none in the reader's) opens under the reader's interface.
            urls=[mark.article.address_under(language) if mark.article else "" for mark in marks[trend.pk]],
        )
        for trend in trends
    ]


def trend_page_defaults(trend):
    """From the trend's first commentary (at most TREND_PAGE_WEEKS back) to the newest week.

    None when the trend has no published commentary yet.
    """
    first = first_week(trend)
    if first is None:
        return None
    latest = latest_week()
    return max(first, latest - datetime.timedelta(weeks=TREND_PAGE_WEEKS - 1)), latest


def dashboard(request):
    language = get_language()
    form = WeekRangeForm(request.GET or None, *dashboard_defaults(latest_week(), first_week()))
    first, last = form.weeks()
    weeks = weeks_between(first, last)
    dynamics = trend_dynamics(request, list(Trend.objects.all()), weeks, language)
    chart = charts.heat_map_chart([(item.name, item.marks, item.urls) for item in dynamics], language)
    return render(
        request,
        "dynamics/dashboard.html",
        {
            "form": form,
            "first_week": first,
            "last_week": last,
            "dynamics": dynamics,
            "chart": chart,
            "week_count": len(weeks),
            "week_table": [
                {"week": week, "cells": [item.rows[position] for item in dynamics]}
                for position, week in enumerate(weeks)
            ],
            "query": f"?start={first.isoformat()}&end={last.isoformat()}",
        },
    )


def dashboard_data(request, fmt):
    language = get_language()
    form = WeekRangeForm(request.GET, *dashboard_defaults(latest_week(), first_week()))
    if not form.is_valid():
        return _bad_range(form)
    first, last = form.weeks()
    dynamics = trend_dynamics(request, list(Trend.objects.all()), weeks_between(first, last), language)
    return _dynamics_download(request, fmt, f"trends-{first}-{last}", first, last, dynamics)


def trend_timeline_data(request, slug, fmt):
    language = get_language()
    trend = get_object_or_404(Trend, slug=slug)
    form = WeekRangeForm(request.GET, *(trend_page_defaults(trend) or dashboard_defaults(latest_week(), first_week())))
    if not form.is_valid():
        return _bad_range(form)
    first, last = form.weeks()
    dynamics = trend_dynamics(request, [trend], weeks_between(first, last), language)
    return _dynamics_download(request, fmt, f"{trend.slug}-{first}-{last}", first, last, dynamics)


def forecasts(request):
    language = get_language()
    ledger = build_ledger(language)
    # The calibration chart waits for as many scored forecasts as a score does.
    chart = charts.calibration_chart(ledger.calibration) if ledger.overall.brier is not None else None
    return render(
        request,
        "dynamics/forecasts.html",
        {
            "ledger": ledger,
            "minimum": MIN_SCORED_FORECASTS,
            "chart": chart,
            "trend_scores": [(trend.localized("name", language), score) for trend, score in ledger.by_trend],
            "author_scores": [(author.localized("name", language), score) for author, score in ledger.by_author],
            "today": timezone.localdate(),
        },
    )


def forecasts_data(request, fmt):
    language = get_language()
    ledger = build_ledger(language)
    records = [_forecast_record(request, entry, language) for entry in ledger.pending + ledger.resolved]
    data = {
        "minimum_for_a_score": MIN_SCORED_FORECASTS,
        "forecasts": records,
        "scores": {
            "overall": _score_record(ledger.overall),
            "by_trend": [{"trend": t.slug, "name": t.localized("name", language), **_score_record(s)} for t, s in ledger.by_trend],
            "by_author": [{"author": a.slug, "name": a.localized("name", language), **_score_record(s)} for a, s in ledger.by_author],
        },
        "calibration": [_calibration_record(point) for point in ledger.calibration],
    }
    return data_response(fmt, "forecasts", data, FORECAST_COLUMNS, [list(record.values()) for record in records])


def calibration_data(request, fmt):
    points = [_calibration_record(point) for point in build_ledger(get_language()).calibration]
    return data_response(
        fmt,
        "calibration",
        {"minimum_for_a_score": MIN_SCORED_FORECASTS, "calibration": points},
        ["probability", "forecasts", "observed_frequency"],
        [list(point.values()) for point in points],
    )


def _bad_range(form):
    problems = "; ".join(f"{name}: {' '.join(errors)}" for name, errors in form.errors.items())
    return HttpResponseBadRequest(f"Bad range of weeks ({problems})", content_type="text/plain; charset=utf-8")


def _dynamics_download(request, fmt, filename, first, last, dynamics):
    trends = []
    rows = []
    for item in dynamics:
        weeks = []
        for mark, url in item.rows:
            week = {
                "week_start": mark.week.isoformat(),
                "week_end": mark.week_end.isoformat(),
                "direction": mark.direction or "",
                "commentaries": mark.commentaries,
                "index": mark.index,
                "headline": mark.article.title if mark.article else "",
                "url": request.build_absolute_uri(url) if url else "",
            }
            weeks.append(week)
            rows.append([item.trend.slug, item.name, *week.values()])
        trends.append({"trend": item.trend.slug, "name": item.name, "summary": vars(item.summary), "weeks": weeks})
    header = ["trend", "name", "week_start", "week_end", "direction", "commentaries", "index", "headline", "url"]
    data = {"first_week": first.isoformat(), "last_week": last.isoformat(), "trends": trends}
    return data_response(fmt, filename, data, header, rows)


def _forecast_record(request, entry, language):
    forecast, resolution = entry.forecast, entry.resolution
    return {
        "statement": forecast.localized("statement", language),
        "likelihood": forecast.likelihood.localized("label", language),
        "probability": entry.probability,
        "trend": forecast.trend.slug,
        "author": forecast.author.slug,
        "resolves_by": forecast.resolves_by.isoformat(),
        "article": entry.article.title,
        "article_url": request.build_absolute_uri(entry.article.get_url(request)),
        "outcome": resolution.outcome if resolution else "",
        "outcome_value": entry.outcome_value if resolution else "",
        "resolved_on": resolution.resolved_on.isoformat() if resolution else "",
        "note": resolution.localized("note", language) if resolution else "",
        "evidence_url": request.build_absolute_uri(entry.evidence.get_url(request)) if entry.evidence else "",
    }


def _score_record(score):
    return {"forecasts": score.count, "brier": None if score.brier is None else round(score.brier, 4)}


def _calibration_record(point):
    return {"probability": point.probability, "forecasts": point.count, "observed_frequency": round(point.observed, 4)}
