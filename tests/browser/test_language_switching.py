import pytest

from tests.browser.conftest import screenshot
from tests.conftest import make_article, translate

pytestmark = pytest.mark.django_db(transaction=True)


@pytest.fixture
def articles():
    original = make_article("Belarus and Latvia agree on an air-incident hotline")
    russian = translate(original, "ru", "Беларусь и Латвия договорились о горячей линии")
    only_english = make_article("A piece that exists only in English", published="2016-12-13 10:00")
    return original, russian, only_english


def test_switching_language_on_an_article(live_server, tab, articles):
    original, russian, only_english = articles
    tab.goto(live_server.url + original.url)
    screenshot(tab, "language-article-en")
    tab.get_by_role("navigation", name="Language").get_by_role("link", name="Русский").click()
    assert tab.url == live_server.url + russian.url
    assert tab.locator("h1").inner_text() == "Беларусь и Латвия договорились о горячей линии"
    screenshot(tab, "language-article-ru")

    tab.goto(live_server.url + only_english.url)
    tab.get_by_role("navigation", name="Language").get_by_role("link", name="Беларуская").click()
    # No translation: the original under the Belarusian interface, its language marked, never the home page.
    assert tab.url == live_server.url + "/be/articles/a-piece-that-exists-only-in-english/"
    assert tab.locator("html").get_attribute("lang") == "be"
    assert tab.get_by_role("note").inner_text() == "Яшчэ не перакладзена на гэтую мову; вось арыгінал па-англійску"
    assert tab.locator("article.article").get_attribute("lang") == "en"
    assert tab.locator("h1").inner_text() == "A piece that exists only in English"


def test_switching_language_on_a_trend_page(live_server, tab, articles):
    tab.goto(live_server.url + "/en/trends/security/")
    assert tab.locator("h1").inner_text() == "Security issues"
    tab.get_by_role("navigation", name="Language").get_by_role("link", name="Беларуская").click()
    assert tab.url == live_server.url + "/be/trends/security/"
    assert tab.locator("h1").inner_text() == "Пытанні бяспекі"
    screenshot(tab, "language-trend-be")
