import datetime

import pytest

from tests.conftest import make_article, translate
from trendwatch.dynamics.timeline import cumulative_index, trend_marks, weeks_between
from trendwatch.publishing.models import Trend

pytestmark = pytest.mark.django_db

MONDAY = datetime.date(2016, 11, 28)


def marks_for(trend_slug, first="2016-11-28", last="2016-12-19", language="en"):
    trend = Trend.objects.get(slug=trend_slug)
    weeks = weeks_between(datetime.date.fromisoformat(first), datetime.date.fromisoformat(last))
    return trend_marks([trend], weeks, language)[trend.pk]


def test_cumulative_index_adds_improvements_and_subtracts_worsenings():
    directions = ["improved", "improved", None, "worsened", "unchanged", "not_assessed", "worsened", "worsened"]
    assert cumulative_index(directions) == [1, 2, 2, 1, 1, 1, 0, -1]
    assert cumulative_index([]) == []


def test_weeks_between_covers_whole_weeks_from_any_day():
    weeks = weeks_between(datetime.date(2016, 12, 1), datetime.date(2016, 12, 18))
    assert weeks == [MONDAY, datetime.date(2016, 12, 5), datetime.date(2016, 12, 12)]


def test_a_week_without_commentary_has_no_mark_and_keeps_the_index():
    make_article("Week one", published="2016-11-29 10:00", direction="improved")
    make_article("Week three", published="2016-12-13 10:00", direction="worsened")
    make_article("Week four", published="2016-12-20 10:00", direction="improved")
    marks = marks_for("security")
    assert [mark.direction for mark in marks] == ["improved", None, "worsened", "improved"]
    assert [mark.index for mark in marks] == [1, 1, 0, 1]
    assert marks[1].article is None and marks[1].commentaries == 0


def test_a_renamed_trend_keeps_its_history():
    make_article("Before the rename", published="2016-11-29 10:00", direction="worsened")
    trend = Trend.objects.get(slug="security")
    trend.name_en = "Defence and security"
    trend.save()
    make_article("After the rename", published="2016-12-13 10:00", direction="worsened")
    marks = marks_for("security")
    assert [mark.article.title if mark.article else None for mark in marks] == [
        "Before the rename", None, "After the rename", None
    ]
    assert marks[-1].index == -2


def test_the_trend_page_shows_the_new_name_over_the_whole_timeline(client):
    make_article("Before the rename", published="2016-11-29 10:00", direction="worsened")
    Trend.objects.filter(slug="security").update(name_en="Defence and security")
    page = client.get("/en/trends/security/").content.decode()
    assert "Defence and security: direction week by week" in page
    assert "Security issues" not in page


def test_drafts_never_count():
    make_article("Published", published="2016-11-29 10:00", direction="improved")
    make_article("Draft", published="2016-12-06 10:00", direction="worsened", live=False)
    marks = marks_for("security")
    assert [mark.direction for mark in marks] == ["improved", None, None, None]
    assert marks[-1].index == 1


def test_the_newest_assessing_commentary_marks_a_week_with_several():
    make_article("Monday piece", published="2016-11-28 09:00", direction="worsened")
    make_article("Wednesday piece", published="2016-11-30 09:00", direction="improved")
    make_article("Friday forecast", published="2016-12-02 09:00", direction="not_assessed")
    (mark, *_rest) = marks_for("security")
    assert mark.direction == "improved"
    assert mark.article.title == "Wednesday piece"
    assert mark.commentaries == 3
    assert mark.index == 1


def test_a_week_whose_commentaries_assess_nothing_is_not_assessed():
    make_article("Overview", published="2016-11-29 10:00", direction="not_assessed")
    (mark, *_rest) = marks_for("security")
    assert mark.direction == "not_assessed" and mark.index == 0


def test_a_commentary_and_its_translation_count_once_and_link_in_the_reader_language():
    original = make_article("Hotline agreed", published="2016-11-29 10:00", direction="improved")
    russian = translate(original, "ru", "Горячая линия согласована")
    english_marks = marks_for("security")
    russian_marks = marks_for("security", language="ru")
    assert english_marks[0].commentaries == 1 and english_marks[-1].index == 1
    assert english_marks[0].article.pk == original.pk
    assert russian_marks[0].article.pk == russian.pk
    assert marks_for("security", language="be")[0].article.pk == original.pk  # no Belarusian: English

