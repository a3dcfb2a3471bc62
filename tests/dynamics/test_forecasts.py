import pytest

from tests.conftest import make_article
from tests.dynamics.factories import add_forecast, author, ensure_scale
from trendwatch.dynamics.ledger import build_ledger
from trendwatch.dynamics.models import Forecast, LikelihoodLevel
from trendwatch.dynamics.scoring import brier_score, calibration, score

pytestmark = pytest.mark.django_db


def test_likelihood_words_map_to_probabilities():
    ensure_scale()
    scale = {level.label_en: float(level.probability) for level in LikelihoodLevel.objects.all()}
    assert scale["almost certain"] == 0.95
    assert scale["likely"] == 0.7
    assert scale["even chance"] == 0.5
    assert scale["unlikely"] == 0.3
    assert list(scale.values()) == sorted(scale.values(), reverse=True)


def test_editing_the_scale_never_rewrites_a_stated_forecast():
    forecast = add_forecast(make_article(), "Joint exercise held", "likely")
    LikelihoodLevel.objects.filter(slug="likely").update(probability="0.65")
    forecast.refresh_from_db()
    assert float(forecast.probability) == 0.7
    later = add_forecast(make_article("Later piece", published="2016-12-13 10:00"), "Another exercise", "likely")
    assert float(later.probability) == 0.65


def test_choosing_another_likelihood_restates_the_probability():
    forecast = add_forecast(make_article(), "Joint exercise held", "likely")
    forecast = Forecast.objects.get(pk=forecast.pk)
    forecast.likelihood = LikelihoodLevel.objects.get(slug="unlikely")
    forecast.full_clean()
    forecast.save()
    forecast.refresh_from_db()
    assert float(forecast.probability) == 0.3


def test_brier_score_against_hand_computed_values():
    # (0.9-1)^2 = 0.01, (0.7-0)^2 = 0.49, (0.5-0.5)^2 = 0, (0.3-0)^2 = 0.09: mean 0.1475
    assert brier_score([(0.9, 1), (0.7, 0), (0.5, 0.5), (0.3, 0)]) == pytest.approx(0.1475)
    assert brier_score([(0.5, 1), (0.5, 0)]) == pytest.approx(0.25)  # the coin-flip forecaster
    with pytest.raises(ValueError, match="at least one"):
        brier_score([])


def test_calibration_groups_by_stated_probability():
    points = calibration([(0.7, 1), (0.7, 0), (0.7, 0.5), (0.7, 1), (0.3, 0), (0.95, 1)])
    assert [(p.probability, p.count, p.observed) for p in points] == [
        (0.3, 1, 0.0),
        (0.7, 4, pytest.approx(0.625)),  # (1 + 0 + 0.5 + 1) / 4
        (0.95, 1, 1.0),
    ]


def test_no_score_under_five_scored_forecasts():
    assert score([(0.7, 1)] * 4).brier is None
    assert score([(0.7, 1)] * 4).count == 4
    assert score([(0.7, 1)] * 5).brier == pytest.approx(0.09)


def test_drafts_and_open_or_unjudgeable_forecasts_stay_out_of_the_scores():
    article = make_article("Forecast for 2017", trend="ruling-elite", direction="not_assessed")
    for number, outcome in enumerate(["came_true", "came_true", "did_not", "partly", "came_true"]):
        add_forecast(article, f"Scored {number}", "likely", outcome=outcome)
    add_forecast(article, "Still open", "almost-certain")
    add_forecast(article, "Nobody can tell", "even-chance", outcome="cannot_judge")
    draft = make_article("Unpublished forecast", published="2016-12-14 10:00", live=False)
    add_forecast(draft, "From a draft", "almost-certain", outcome="did_not")

    ledger = build_ledger("en")
    # 0.7 against 1, 1, 0, 0.5, 1: (0.09 + 0.09 + 0.49 + 0.04 + 0.09) / 5 = 0.16
    assert ledger.overall.count == 5
    assert ledger.overall.brier == pytest.approx(0.16)
    assert [entry.forecast.statement_en for entry in ledger.pending] == ["Still open"]
    assert "From a draft" not in {entry.forecast.statement_en for entry in ledger.pending + ledger.resolved}
    assert len(ledger.resolved) == 6


def test_scores_per_trend_and_author_need_five_each(client):
    article = make_article("Forecast for 2017", trend="ruling-elite", direction="not_assessed")
    lis, bahdan = author(), author("siarhei-bahdan", "Siarhei Bahdan")
    for number in range(5):
        add_forecast(article, f"Security {number}", "very-likely", trend="security", by=lis, outcome="came_true")
    add_forecast(article, "West 1", "unlikely", trend="belarus-west", by=bahdan, outcome="came_true")
    ledger = build_ledger("en")
    by_trend = {trend.slug: result for trend, result in ledger.by_trend}
    by_author = {person.slug: result for person, result in ledger.by_author}
    assert by_trend["security"].brier == pytest.approx(0.0225)  # (0.85 - 1)^2
    assert by_trend["belarus-west"].count == 1 and by_trend["belarus-west"].brier is None
    assert by_author["hanna-lis"].count == 5 and by_author["siarhei-bahdan"].brier is None
    # (5 * 0.0225 + 0.49) / 6
    assert ledger.overall.brier == pytest.approx(0.100417, abs=1e-6)

    page = client.get("/en/forecasts/").content.decode()
    assert "0.100" in page and "6 scored forecasts" in page
    assert "not shown: 1 of 5 needed" in page
    assert "Calibration: stated probability against how often forecasts came true" in page


def test_the_forecasts_page_lists_open_ones_by_due_date_and_resolved_ones_with_outcome(client):
    article = make_article("Forecast for 2017", trend="ruling-elite", direction="not_assessed")
    evidence = make_article("The exercise took place", published="2016-12-20 10:00")
    add_forecast(article, "Due at the end of the year", due="2017-12-31")
    add_forecast(article, "Due in summer", due="2017-06-30")
    resolved = add_forecast(article, "Exercise held", outcome="came_true")
    resolved.resolution.evidence = evidence
    resolved.resolution.save()
    page = client.get("/en/forecasts/").content.decode()
    assert page.index("Due in summer") < page.index("Due at the end of the year")
    assert "likely (70%)" in page
    assert "Came true" in page and "Verdict on Exercise held" in page
    assert f'href="{evidence.url}"' in page
    assert "No score yet: 1 of the 5 scored forecasts needed." in page
    assert "chart--calibration" not in page


def test_a_translated_forecast_article_does_not_copy_its_forecasts():
    from tests.conftest import translate

    article = make_article("Forecast for 2017", trend="ruling-elite", direction="not_assessed")
    add_forecast(article, "Exercise held", outcome="came_true")
    article.refresh_from_db()
    russian = translate(article, "ru", "Прогноз на 2017 год")
    assert not Forecast.objects.filter(article=russian).exists()
    assert len(build_ledger("ru").resolved) == 1


def test_an_article_lists_its_forecasts_and_how_they_turned_out_in_every_language(client, compiled_catalogues):
    from tests.conftest import translate

    article = make_article("Forecast for 2017", trend="ruling-elite", direction="not_assessed")
    other = make_article("A commentary without forecasts", published="2016-12-13 10:00", lead="Nothing is forecast here.")
    add_forecast(article, "Due at the end of the year", due="2017-12-31")
    add_forecast(article, "Exercise held", outcome="came_true", due="2017-06-30")
    article.refresh_from_db()
    russian = translate(article, "ru", "Прогноз на 2017 год")

    page = client.get(article.url).content.decode()
    assert "Forecasts in this commentary" in page
    assert page.index("Exercise held") < page.index("Due at the end of the year")  # by resolution date
    assert "likely (70%)" in page and "Came true" in page and "Verdict on Exercise held" in page
    in_russian = client.get(russian.url).content.decode()
    assert "Прогнозы в этом комментарии" in in_russian and "Сбылся" in in_russian
    assert "Exercise held" in in_russian  # no Russian statement: the English one
    assert "Forecasts in this commentary" not in client.get(other.url).content.decode()
