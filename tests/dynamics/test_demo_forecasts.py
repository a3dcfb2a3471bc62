import pytest
from django.core.management import call_command

from trendwatch.dynamics.ledger import build_ledger
from trendwatch.dynamics.models import Forecast

pytestmark = pytest.mark.django_db


def test_the_demo_archive_has_a_yearly_forecast_with_a_scored_ledger(client):
    call_command("load_demo", verbosity=0)
    forecasts = Forecast.objects.all()
    assert forecasts.count() >= 10
    article = forecasts.first().article
    assert article.title == "Belarus in 2026: forecast"
    # The editor's next edit starts from the latest revision: it must hold the forecasts too.
    assert article.get_latest_revision_as_object().forecasts.count() == forecasts.count()

    ledger = build_ledger("en")
    assert len(ledger.pending) == 2 and len(ledger.resolved) == 15
    # 14 scored forecasts (one cannot be judged), squared errors summed by hand: 1.3125
    assert ledger.overall.count == 14
    assert ledger.overall.brier == pytest.approx(1.3125 / 14)
    by_trend = {trend.slug: score for trend, score in ledger.by_trend}
    assert by_trend["belarus-west"].count == 5 and by_trend["belarus-west"].brier == pytest.approx(0.091)
    assert by_trend["security"].brier is None

    page = client.get("/ru/forecasts/").content.decode()
    assert "Минск объявит о второй позиции «Орешника»" in page
    assert client.get("/en/dashboard/").status_code == 200
