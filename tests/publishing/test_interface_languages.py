"""The site's own words (markers, headings, navigation) follow the page language."""

import pytest
from django.template.loader import render_to_string
from django.utils import translation

from tests.conftest import make_article, make_image, release_weeks, translate

pytestmark = pytest.mark.django_db


@pytest.fixture(scope="module", autouse=True)
def _catalogues(compiled_catalogues):
    """Every check here reads the Russian or Belarusian interface."""


def text_of(response):
    assert response.status_code == 200, response.status_code
    return response.content.decode()


@pytest.fixture
def article_in_three_languages():
    original = make_article(image=make_image(), published="2016-12-12 10:22", direction="improved")
    russian = translate(original, "ru", "Беларусь и Латвия подписали соглашение об оборонном сотрудничестве")
    belarusian = translate(original, "be", "Беларусь і Латвія падпісалі пагадненне аб абаронным супрацоўніцтве")
    return original, russian, belarusian


@pytest.mark.parametrize(
    "version, phrases",
    [
        (1, ["Улучшилось</span>", "Похожие материалы", "Выпуск недели", "12 – 18 декабря 2016", "Фото: Ministry of Defence of the Republic of Belarus", "Все тенденции", "Архив"]),
        (2, ["Палепшылася</span>", "Падобныя матэрыялы", "Выпуск тыдня", "12 – 18 снежня 2016", "Фота: Ministry of Defence of the Republic of Belarus", "Усе тэндэнцыі", "Архіў"]),
    ],
    ids=["russian", "belarusian"],
)
def test_a_translated_article_page_speaks_its_language(client, article_in_three_languages, version, phrases):
    page = text_of(client.get(article_in_three_languages[version].url))
    for phrase in phrases:
        assert phrase in page
    for english in ("Improved", "Similar articles", "Weekly issue", "Image:", "All trends"):
        assert english not in page


def test_english_article_page_stays_english(client, article_in_three_languages):
    original, _, _ = article_in_three_languages
    page = text_of(client.get(original.url))
    assert "Improved</span>" in page and "Similar articles" in page
    assert "Image: Ministry of Defence of the Republic of Belarus" in page
    for translated in ("Улучшилось", "Палепшылася", "Похожие материалы", "Падобныя матэрыялы", "Фото:", "Фота:"):
        assert translated not in page


def test_home_and_trend_pages_in_each_language(client, article_in_three_languages):
    release_weeks()
    russian_home = text_of(client.get("/ru/"))
    assert "Ситуация в " in russian_home and "Последние комментарии" in russian_home
    assert "Направление" in russian_home and "На этой неделе комментария нет" in russian_home
    belarusian_home = text_of(client.get("/be/"))
    assert "Сітуацыя ў " in belarusian_home and "Апошнія каментарыі" in belarusian_home
    assert "На гэтым тыдні каментарыя няма" in belarusian_home
    english_home = text_of(client.get("/en/"))
    assert "Situation in Belarus" in english_home and "No commentary this week" in english_home
    assert "По этой тенденции комментариев пока нет." in text_of(client.get("/ru/trends/belarus-russia/"))
    assert "Па гэтай тэндэнцыі каментарыяў пакуль няма." in text_of(client.get("/be/trends/belarus-russia/"))


@pytest.mark.parametrize(
    "language, days, expected",
    [
        ("ru", 1, "1 день разницы"),
        ("ru", 3, "3 дня разницы"),
        ("ru", 5, "5 дней разницы"),
        ("ru", 11, "11 дней разницы"),
        ("ru", 21, "21 день разницы"),
        ("ru", 24, "24 дня разницы"),
        ("be", 1, "1 дзень розніцы"),
        ("be", 2, "2 дні розніцы"),
        ("be", 12, "12 дзён розніцы"),
        ("be", 31, "31 дзень розніцы"),
        ("en", 1, "1 day apart"),
        ("en", 2, "2 days apart"),
    ],
)
def test_day_counts_take_the_right_plural_form(language, days, expected):
    entry = {"score": 0.5, "reasons": {"days_apart": days}}
    with translation.override(language):
        assert expected in render_to_string("related/reasons.html", {"entry": entry})
