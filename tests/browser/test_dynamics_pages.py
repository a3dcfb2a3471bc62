import pytest

from tests.browser.conftest import screenshot
from tests.conftest import make_article
from tests.dynamics.factories import add_forecast, author

pytestmark = pytest.mark.django_db(transaction=True)

SECURITY_WEEKS = [
    ("2016-10-03 10:00", "improved"),
    ("2016-10-10 10:00", "improved"),
    ("2016-10-24 10:00", "worsened"),
    ("2016-10-31 10:00", "unchanged"),
    ("2016-11-07 10:00", "not_assessed"),
    ("2016-11-14 10:00", "worsened"),
    ("2016-11-21 10:00", "worsened"),
    ("2016-11-28 10:00", "improved"),
    ("2016-12-05 10:00", "improved"),
    ("2016-12-12 10:22", "improved"),
]
OUTCOMES = ["came_true", "did_not", "came_true", "partly", "came_true", "cannot_judge", "came_true"]
LIKELIHOODS = ["almost-certain", "even-chance", "likely", "likely", "very-likely", "unlikely", "unlikely"]


@pytest.fixture
def monitored_weeks():
    for number, (published, direction) in enumerate(SECURITY_WEEKS, 1):
        make_article(f"Security commentary {number}", published=published, direction=direction)
        if number % 3:
            make_article(f"Russia commentary {number}", trend="belarus-russia", published=published, direction="unchanged")
    forecast_article = make_article(
        "Belarus in 2017: forecast", trend="ruling-elite", published="2016-10-04 10:00", direction="not_assessed"
    )
    analysts = [author(), author("siarhei-bahdan", "Siarhei Bahdan")]
    for number, (likelihood, outcome) in enumerate(zip(LIKELIHOODS, OUTCOMES)):
        add_forecast(
            forecast_article, f"Forecast number {number + 1} about the year ahead", likelihood,
            by=analysts[number % 2], outcome=outcome, due="2016-12-31",
        )
    add_forecast(forecast_article, "An open forecast about the spring", "likely", by=analysts[0], due="2017-06-30")


def test_the_trend_page_opens_with_its_timeline(live_server, tab, monitored_weeks):
    tab.goto(live_server.url + "/en/trends/security/")
    chart = tab.locator("svg.chart--timeline")
    assert chart.is_visible()
    assert tab.locator("svg.chart--timeline a").count() == len(SECURITY_WEEKS)
    assert "Weeks improved: 5; weeks worsened: 3; cumulative index: +2." in tab.locator(".chart-summary").inner_text()
    screenshot(tab, "dynamics-trend-page")
    tab.emulate_media(media="print")
    screenshot(tab, "dynamics-trend-page-print")
    tab.emulate_media(media="screen")
    tab.locator("svg.chart--timeline a").last.click()
    assert tab.locator("h1").inner_text() == "Security commentary 10"


def test_the_dashboard_shows_every_trend_week_by_week(live_server, tab, monitored_weeks):
    tab.goto(live_server.url + "/en/")
    tab.get_by_role("navigation", name="Main").get_by_role("link", name="Dashboard").click()
    assert tab.locator("h1").inner_text().startswith("Dashboard")
    assert tab.locator("svg.chart--heat-map .row-label").count() == 5
    screenshot(tab, "dynamics-dashboard")
    tab.get_by_label("From the week of").fill("2016-11-01")
    tab.get_by_role("button", name="Show").click()
    assert "start=2016-11-01" in tab.url
    screenshot(tab, "dynamics-dashboard-range")


def test_the_forecasts_page_shows_calibration_and_scores(live_server, tab, monitored_weeks):
    tab.goto(live_server.url + "/en/")
    tab.get_by_role("navigation", name="Main").get_by_role("link", name="Forecasts").click()
    assert tab.locator("svg.chart--calibration").is_visible()
    assert "6 scored forecasts" in tab.locator(".overall-score").inner_text()
    assert tab.get_by_text("An open forecast about the spring").is_visible()
    screenshot(tab, "dynamics-forecasts")
    tab.emulate_media(media="print")
    screenshot(tab, "dynamics-forecasts-print")
