import datetime

from django import template
from django.conf import settings
from django.utils import timezone, translation

from trendwatch.dynamics import charts
from trendwatch.dynamics.ledger import article_forecasts as forecasts_of
from trendwatch.dynamics.timeline import weeks_between
from trendwatch.dynamics.views import trend_dynamics, trend_page_defaults
from trendwatch.publishing.dates import format_date, format_week

register = template.Library()


@register.inclusion_tag("dynamics/includes/trend_timeline.html", takes_context=True)
def trend_timeline(context, trend):
    """The trend's weekly marks and cumulative index, as an SVG chart with its data table."""
    language = context.get("language") or translation.get_language() or settings.LANGUAGE_CODE
    weeks = trend_page_defaults(trend)
    if weeks is None:
        return {}
    first, last = weeks
    (dynamics,) = trend_dynamics(context["request"], [trend], weeks_between(first, last), language)
    return {
        "dynamics": dynamics,
        "strips": [dynamics],
        "chart": charts.timeline_chart(dynamics.marks, dynamics.urls, language),
        "first_week": first,
        "last_week": last,
        "language": language,
        "homes": context.get("homes"),
        "request": context["request"],
    }


@register.inclusion_tag("dynamics/includes/article_forecasts.html", takes_context=True)
def article_forecasts(context, article):
    """The forecasts an article states, with how they turned out; nothing when it states none."""
    language = context.get("language") or translation.get_language()
    return {"entries": forecasts_of(article, language), "today": timezone.localdate(), "language": language, "in_article": True}


@register.simple_tag(takes_context=True)
def week_range_label(context, first, last):
    """'July 20 – November 22, 2026': the days the weeks from `first` to `last` cover."""
    language = context.get("language") or translation.get_language() or settings.LANGUAGE_CODE
    return format_week(first, last + datetime.timedelta(days=6), language)


@register.simple_tag(takes_context=True)
def day_label(context, day):
    """A date as the outlet prints it: 'December 31, 2026' / '31 декабря 2026'."""
    language = context.get("language") or translation.get_language() or settings.LANGUAGE_CODE
    return format_date(day, language) if day else ""


@register.filter
def percent(probability):
    """0.7 -> '70%'."""
    return f"{round(float(probability) * 100)}%"


@register.filter
def signed(number):
    """The index with its sign: '+3', '0', '−2'."""
    return f"+{number}" if number > 0 else (f"−{-number}" if number < 0 else "0")


@register.simple_tag
def strip_glyph(direction):
    return charts.GLYPHS[direction or None]


@register.simple_tag
def strip_label(direction):
    return charts.direction_label(direction)
