import csv
import io
import json
import re

import pytest

from tests.conftest import make_article, translate
from tests.dynamics.factories import add_forecast

pytestmark = pytest.mark.django_db


@pytest.fixture
def weeks():
    make_article("Hotline agreed", published="2016-11-29 10:00", direction="improved")
    make_article("Border closed", published="2016-12-13 10:00", direction="worsened")
    make_article("Unpublished piece", published="2016-12-06 10:00", direction="worsened", live=False)
    make_article("Gas price talks", trend="belarus-russia", published="2016-12-14 10:00", direction="unchanged")


def download(client, url):
    response = client.get(url)
    assert response.status_code == 200, response.content
    assert response["Content-Disposition"].startswith("attachment; filename=")
    return response.content.decode()


def test_the_dashboard_csv_has_one_row_per_trend_and_week(client, weeks):
    text = download(client, "/en/dashboard/trends.csv?start=2016-11-28&end=2016-12-12")
    rows = list(csv.DictReader(io.StringIO(text)))
    assert len(rows) == 5 * 3  # five trends, three weeks
    security = [row for row in rows if row["trend"] == "security"]
    assert [(row["week_start"], row["direction"], row["index"]) for row in security] == [
        ("2016-11-28", "improved", "1"),
        ("2016-12-05", "", "1"),  # only a draft that week
        ("2016-12-12", "worsened", "0"),
    ]
    assert security[0]["headline"] == "Hotline agreed"
    assert security[0]["url"].startswith("http://testserver/en/")
    assert security[0]["name"] == "Security issues"


def test_the_dashboard_json_carries_the_summary_per_trend(client, weeks):
    data = json.loads(download(client, "/en/dashboard/trends.json?start=2016-11-28&end=2016-12-12"))
    assert (data["first_week"], data["last_week"]) == ("2016-11-28", "2016-12-12")
    by_slug = {trend["trend"]: trend for trend in data["trends"]}
    assert by_slug["security"]["summary"] == {
        "improved": 1, "worsened": 1, "unchanged": 0, "not_assessed": 0, "no_commentary": 1, "net": 0
    }
    assert by_slug["belarus-russia"]["weeks"][-1]["direction"] == "unchanged"


def test_downloads_speak_the_page_language(client, weeks):
    data = json.loads(download(client, "/ru/dashboard/trends.json?start=2016-11-28&end=2016-12-12"))
    assert data["trends"][2]["name"] == "Вопросы безопасности"


def test_the_default_dashboard_ends_with_the_newest_published_week(client, weeks):
    data = json.loads(download(client, "/en/dashboard/trends.json"))
    assert data["last_week"] == "2016-12-12"
    # Not 26 weeks back: the range starts with the archive, counting no empty weeks before it.
    assert data["first_week"] == "2016-11-28" and len(data["trends"][0]["weeks"]) == 3


def test_the_russian_dashboard_fills_its_date_fields(client, weeks):
    page = client.get("/ru/dashboard/").content.decode()
    assert 'type="date" name="start" value="2016-11-28"' in page and 'type="date" name="end" value="2016-12-12"' in page


def test_a_bad_range_is_refused_with_a_reason(client, weeks):
    for query, reason in [
        ("start=yesterday", "start: Enter a valid date."),
        ("start=2016-12-12&end=2016-11-28", "The first week comes after the last one."),
        ("start=2010-01-04&end=2016-12-12", "at most 156 weeks"),
    ]:
        response = client.get(f"/en/dashboard/trends.csv?{query}")
        assert response.status_code == 400
        assert reason in response.content.decode()
    page = client.get("/en/dashboard/?start=2016-12-12&end=2016-11-28").content.decode()
    assert "The first week comes after the last one." in page  # and the default range is shown


def test_the_trend_timeline_downloads(client, weeks):
    rows = list(csv.DictReader(io.StringIO(download(client, "/en/trends/security/timeline.csv"))))
    assert [row["direction"] for row in rows] == ["improved", "", "worsened"]  # from its first week
    data = json.loads(download(client, "/en/trends/security/timeline.json"))
    assert [trend["trend"] for trend in data["trends"]] == ["security"]
    assert client.get("/en/trends/no-such-trend/timeline.csv").status_code == 404


def test_the_forecast_downloads(client):
    article = make_article("Forecast for 2017", trend="ruling-elite", direction="not_assessed")
    add_forecast(article, "Exercise held", "likely", outcome="came_true")
    add_forecast(article, "Still open", "unlikely")
    draft = make_article("Draft forecast", published="2016-12-13 10:00", live=False)
    add_forecast(draft, "From a draft", "likely")
    rows = list(csv.DictReader(io.StringIO(download(client, "/en/forecasts/forecasts.csv"))))
    assert [(row["statement"], row["probability"], row["outcome"]) for row in rows] == [
        ("Still open", "0.3", ""),
        ("Exercise held", "0.7", "came_true"),
    ]
    data = json.loads(download(client, "/en/forecasts/forecasts.json"))
    assert data["scores"]["overall"] == {"forecasts": 1, "brier": None}
    assert data["minimum_for_a_score"] == 5
    calibration = json.loads(download(client, "/en/forecasts/calibration.json"))["calibration"]
    assert calibration == [{"probability": 0.7, "forecasts": 1, "observed_frequency": 1.0}]
    assert download(client, "/en/forecasts/calibration.csv").splitlines() == [
        "probability,forecasts,observed_frequency", "0.7,1,1.0"
    ]


def svg_of(page, css_class):
    match = re.search(rf'<svg class="chart {css_class}".*?</svg>', page, re.S)
    assert match, css_class
    return match.group(0)


def test_every_chart_has_a_title_a_description_and_a_data_table(client, weeks):
    article = make_article("Forecast for 2017", trend="ruling-elite", direction="not_assessed")
    for number in range(5):
        add_forecast(article, f"Forecast {number}", "likely", outcome="came_true")
    pages = {
        "chart--timeline": client.get("/en/trends/security/").content.decode(),
        "chart--heat-map": client.get("/en/dashboard/").content.decode(),
        "chart--calibration": client.get("/en/forecasts/").content.decode(),
    }
    for css_class, page in pages.items():
        svg = svg_of(page, css_class)
        labelled_by = re.search(r'aria-labelledby="([^"]+)"', svg).group(1).split()
        for element, element_id in zip(["title", "desc"], labelled_by):
            assert re.search(rf'<{element} id="{element_id}">[^<]{{20,}}</{element}>', svg), (css_class, element)
        assert "<script" not in page
        assert '<table class="data-table"' in page
    assert "cumulative index (improved +1, worsened −1, starting from 0) ends at 0" in svg_of(
        pages["chart--timeline"], "chart--timeline"
    )
    timeline_table = pages["chart--timeline"].split("<details", 1)[1]
    assert "Hotline agreed" in timeline_table and "No commentary" in timeline_table


def test_each_mark_names_its_direction_in_words_and_links_to_its_commentary(client, weeks):
    article = make_article("Hotline widened", published="2016-12-20 10:00", direction="improved")
    svg = svg_of(client.get("/en/trends/security/").content.decode(), "chart--timeline")
    assert f'<a href="{article.url}"><g class="cell cell--improved"><title>December 19 – December 25, 2016: Improved</title>' in svg
    assert "<title>December 5 – December 11, 2016: No commentary</title>" in svg


def test_charts_keep_dots_in_numbers_whatever_the_language(client, weeks):
    original = make_article("Hotline agreed again", published="2016-12-20 10:00", direction="improved")
    translate(original, "be", "Гарачая лінія зноў узгоднена")
    svg = svg_of(client.get("/be/trends/security/").content.decode(), "chart--timeline")
    assert re.search(r'x="\d+\.\d"', svg) and not re.search(r'x="\d+,\d"', svg)
    assert "Гарачая лінія" not in svg  # headlines are in the table, not in the chart


def test_trend_pages_the_dashboard_and_the_forecasts_page_are_in_every_page_navigation(client, weeks):
    page = client.get("/ru/").content.decode()
    navigation = page.split('<nav class="main-nav"', 1)[1].split("</nav>", 1)[0]
    for url in ["/ru/trends/security/", "/ru/dashboard/", "/ru/forecasts/"]:
        assert f'href="{url}"' in navigation


def test_a_trend_without_commentaries_has_no_timeline(client, weeks):
    page = client.get("/en/trends/society-parties/").content.decode()
    assert "chart--timeline" not in page
