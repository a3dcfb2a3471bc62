"""Dates and week ranges as the outlet prints them, in each site language.

English follows the seed page ("December 12, 2016 10:22"); Russian and Belarusian put the day first
and the month in the genitive ("12 декабря 2016 10:22", "12 снежня 2016 10:22").
"""

import datetime

from django.core.exceptions import ValidationError
from django.utils import timezone
from django.utils.text import capfirst
from django.utils.translation import gettext_lazy as _

MONTHS_EN = (
    "January February March April May June July August September October November December"
).split()
MONTHS_GENITIVE = {
    "ru": "января февраля марта апреля мая июня июля августа сентября октября ноября декабря".split(),
    "be": "студзеня лютага сакавіка красавіка мая чэрвеня ліпеня жніўня верасня кастрычніка лістапада снежня".split(),
}
MONTHS_NOMINATIVE = {
    "en": MONTHS_EN,
    "ru": "январь февраль март апрель май июнь июль август сентябрь октябрь ноябрь декабрь".split(),
    "be": "студзень люты сакавік красавік май чэрвень ліпень жнівень верасень кастрычнік лістапад снежань".split(),
}


def _language(language):
    return language if language in MONTHS_GENITIVE else "en"


def format_date(day, language="en"):
    """'December 12, 2016' / '12 декабря 2016'."""
    language = _language(language)
    if language == "en":
        return f"{MONTHS_EN[day.month - 1]} {day.day}, {day.year}"
    return f"{day.day} {MONTHS_GENITIVE[language][day.month - 1]} {day.year}"


def format_datetime(moment, language="en"):
    """'December 12, 2016 10:22' in the site's time zone."""
    local = timezone.localtime(moment) if timezone.is_aware(moment) else moment
    return f"{format_date(local.date(), language)} {local:%H:%M}"


def format_week(start, end, language="en"):
    """'December 5 – December 11, 2016' / '5 – 11 снежня 2016'; years and months shown once where shared."""
    language = _language(language)
    if language == "en":
        first = f"{MONTHS_EN[start.month - 1]} {start.day}"
        if start.year != end.year:
            first += f", {start.year}"
        return f"{first} – {MONTHS_EN[end.month - 1]} {end.day}, {end.year}"
    months = MONTHS_GENITIVE[language]
    if start.year != end.year:
        return f"{format_date(start, language)} – {format_date(end, language)}"
    if start.month != end.month:
        return f"{start.day} {months[start.month - 1]} – {end.day} {months[end.month - 1]} {end.year}"
    return f"{start.day} – {end.day} {months[end.month - 1]} {end.year}"


def format_month(year, month, language="en"):
    """'December 2016' / 'декабрь 2016' for archive headings."""
    return f"{MONTHS_NOMINATIVE[_language(language)][month - 1]} {year}".capitalize()


def week_start(day):
    """The Monday of the week that contains `day`."""
    return day - datetime.timedelta(days=day.weekday())


# The dates an article, a weekly issue or a filter may carry. Pages compute weeks, months and
# ranges around a date, which Python's calendar cannot do at its ends (years 1 and 9999), and
# addresses write years in four digits; an outlet's archive lies well inside these.
EARLIEST_DAY = datetime.date(1900, 1, 1)
LATEST_DAY = datetime.date(2100, 12, 31)
ONE_DAY = datetime.timedelta(days=1)
BOUNDS_MESSAGE = _("%(field)s must lie between January 1, 1900 and December 31, 2100; %(value)s does not.")


def within_bounds(value):
    """True when the date (or date and time, on the outlet's calendar) lies in EARLIEST_DAY..LATEST_DAY."""
    day = value.date() if isinstance(value, datetime.datetime) else value
    # A time zone moves the day by one at most; far outside, converting could itself overflow.
    if not EARLIEST_DAY - ONE_DAY <= day <= LATEST_DAY + ONE_DAY:
        return False
    if isinstance(value, datetime.datetime) and timezone.is_aware(value):
        day = timezone.localtime(value).date()
    return EARLIEST_DAY <= day <= LATEST_DAY


def out_of_bounds_message(field, value):
    """What an editor, an import or an API client is told about a date outside the bounds."""
    shown = value.isoformat(sep=" ", timespec="minutes") if isinstance(value, datetime.datetime) else value.isoformat()
    return BOUNDS_MESSAGE % {"field": field, "value": shown}


def check_date_fields(instance, names):
    """Raise a ValidationError naming each of the model instance's date fields `names` that lies outside the bounds."""
    errors = {}
    for name in names:
        value = getattr(instance, name)
        if value is not None and not within_bounds(value):
            errors[name] = out_of_bounds_message(capfirst(instance._meta.get_field(name).verbose_name), value)
    if errors:
        raise ValidationError(errors)


def validate_within_bounds(value):
    """A form field's validator for the same bounds."""
    if value is not None and not within_bounds(value):
        raise ValidationError(out_of_bounds_message(_("The date"), value), code="out_of_bounds")


def day_start(day):
    """The first moment of `day` in the outlet's time zone: filters by day compare moments with it,
    which the index on publication moments serves (a date taken from each moment would not)."""
    return timezone.make_aware(datetime.datetime.combine(day, datetime.time.min))


def published_on_days(first=None, last=None):
    """Keyword filters for articles published from day `first` to day `last` (each optional)."""
    bounds = {}
    if first:
        bounds["published_at__gte"] = day_start(first)
    if last:
        bounds["published_at__lt"] = day_start(last + datetime.timedelta(days=1))
    return bounds

