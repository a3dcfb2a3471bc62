import datetime

from trendwatch.publishing.dates import format_date, format_datetime, format_week, week_start
from tests.conftest import local_time


def test_english_date_and_time_read_like_the_seed_page():
    assert format_datetime(local_time("2016-12-12 10:22"), "en") == "December 12, 2016 10:22"


def test_russian_and_belarusian_dates_put_the_day_first_with_genitive_months():
    moment = local_time("2016-12-12 10:22")
    assert format_datetime(moment, "ru") == "12 декабря 2016 10:22"
    assert format_datetime(moment, "be") == "12 снежня 2016 10:22"


def test_week_ranges_in_each_language():
    start, end = datetime.date(2016, 12, 5), datetime.date(2016, 12, 11)
    assert format_week(start, end, "en") == "December 5 – December 11, 2016"
    assert format_week(start, end, "ru") == "5 – 11 декабря 2016"
    assert format_week(start, end, "be") == "5 – 11 снежня 2016"


def test_week_ranges_across_months_and_years():
    assert format_week(datetime.date(2016, 11, 28), datetime.date(2016, 12, 4), "ru") == "28 ноября – 4 декабря 2016"
    assert format_week(datetime.date(2025, 12, 29), datetime.date(2026, 1, 4), "en") == (
        "December 29, 2025 – January 4, 2026"
    )
    assert format_week(datetime.date(2025, 12, 29), datetime.date(2026, 1, 4), "be") == (
        "29 снежня 2025 – 4 студзеня 2026"
    )


def test_unknown_language_falls_back_to_english():
    assert format_date(datetime.date(2016, 12, 12), "de") == "December 12, 2016"


def test_the_week_starts_on_monday():
    assert week_start(datetime.date(2016, 12, 11)) == datetime.date(2016, 12, 5)
    assert week_start(datetime.date(2016, 12, 5)) == datetime.date(2016, 12, 5)
