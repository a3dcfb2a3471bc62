"""Every page type in three languages at a phone's and a desktop's width, in the system Chromium:
nothing scrolls sideways, axe-core finds no serious or critical violation, every page carries its
link-preview metadata, and a missing page keeps the site's frame and language.

One browser context and one tab for the whole walk, resized from the phone's width to the desktop's:
the walk costs page loads and axe runs, not browser starts or archives built twice. Screenshots of
the pages in README go to test-artifacts/ (docs/ holds copies).
"""

import datetime

import pytest
from axe_playwright_python.sync_playwright import Axe
from wagtail.models import Collection

from tests.browser.conftest import screenshot
from tests.conftest import make_article, make_image, translate
from trendwatch.publishing.languages import LANGUAGE_CODES
from trendwatch.publishing.models import Author, WeeklyIssue

pytestmark = pytest.mark.django_db(transaction=True)

WIDTHS = {"phone": (390, 844), "desktop": (1280, 900)}
SERIOUS = {"serious", "critical"}
# Pages shown in README, by the name of their screenshot.
SHOWN_IN_README = {"home", "article", "dashboard", "week"}
TRENDS = ["ruling-elite", "society-parties", "security", "belarus-west", "belarus-russia"]
DIRECTIONS = ["improved", "worsened", "unchanged", "not_assessed", "improved"]


@pytest.fixture(scope="module", autouse=True)
def _catalogues(compiled_catalogues):
    """Russian and Belarusian interfaces."""


@pytest.fixture
def small_archive():
    """Two released weeks of five trends, an author; returns a translated and an untranslated commentary."""
    if Collection.get_first_root_node() is None:  # a flushed database lost it; images need it
        Collection.add_root(name="Root")
    author = Author.objects.create(slug="hanna-analyst", name_en="Hanna Analyst", name_ru="Ганна Аналитик", name_be="Ганна Аналітык")
    for week, monday in enumerate(["2016-12-05", "2016-12-12"]):
        for number, (trend, direction) in enumerate(zip(TRENDS, DIRECTIONS)):
            article = make_article(
                f"Week {week + 1}: what moved in {trend.replace('-', ' ')} and why it matters for the months ahead",
                trend=trend,
                direction=direction,
                published=f"{monday} 1{number}:00",
                lead="The ministries agreed on a bilateral dialogue that covers airspace control and arms control.",
                body="<p>The agreement covers airspace control, arms control and military medicine.</p>" * 4,
                image=make_image() if number == 2 else None,
            )
            article.authors.add(author)
            article.save()
            if number % 2:
                untranslated = article
            else:
                translate(article, "ru", f"Неделя {week + 1}: что изменилось в теме и почему это важно")
                translate(article, "be", f"Тыдзень {week + 1}: што змянілася ў тэме і чаму гэта важна")
        issue = WeeklyIssue.objects.get(week_start=datetime.date.fromisoformat(monday))
        issue.overview_en = "A quiet week on the western border; the ruling elite prepared the budget."
        issue.overview_ru = "Спокойная неделя на западной границе; правящая элита готовила бюджет."
        issue.save()
        issue.release()
    return article, untranslated


def addresses(language, archive):
    """Each page type once; in English the untranslated commentary is a plain article, already walked."""
    original, untranslated = archive
    pages = {
        "home": f"/{language}/",
        "article": original.address_in(language),
        "untranslated": untranslated.address_under(language),
        "articles": f"/{language}/articles/",
        "trends": f"/{language}/trends/",
        "trend": f"/{language}/trends/security/",
        "week": f"/{language}/weeks/2016-12-12/",
        "week-full": f"/{language}/weeks/2016-12-12/full/",
        "weeks": f"/{language}/weeks/",
        "archive": f"/{language}/archive/",
        "archive-month": f"/{language}/archive/2016/12/",
        "authors": f"/{language}/authors/",
        "author": f"/{language}/authors/hanna-analyst/",
        "about": f"/{language}/about/",
        "dashboard": f"/{language}/dashboard/",
        "forecasts": f"/{language}/forecasts/",
        "entities": f"/{language}/entities/",
        "search": f"/{language}/search/?q=airspace",
        "subscribe": f"/{language}/newsletter/",
        "missing": f"/{language}/no-such-page/",
    }
    if language == untranslated.language:
        del pages["untranslated"]
    return pages


def page_problems(tab, axe):
    """What a reader would notice on the open page: sideways scrolling, missing metadata, accessibility."""
    problems = []
    overflow = tab.evaluate("document.documentElement.scrollWidth - document.documentElement.clientWidth")
    if overflow > 0:
        problems.append(f"scrolls sideways by {overflow}px")
    for selector in ['link[rel="canonical"]', 'meta[property="og:title"]', 'meta[name="twitter:card"]']:
        if tab.locator(f"head {selector}").count() != 1:
            problems.append(f"no {selector}")
    for violation in axe.run(tab).response["violations"]:
        if violation["impact"] in SERIOUS:
            targets = [node["target"] for node in violation["nodes"]][:3]
            problems.append(f"axe {violation['impact']}: {violation['id']} at {targets}")
    return problems


def test_every_page_type_reads_well_in_every_language(browser, live_server, small_archive):
    """One archive for both widths (building it costs as much as a width's walk); one load per address
    and width serves every check."""
    context = browser.new_context(base_url=live_server.url)
    tab = context.new_page()
    axe = Axe()
    found = {}
    try:
        for width, (wide, high) in WIDTHS.items():
            tab.set_viewport_size({"width": wide, "height": high})
            for language in LANGUAGE_CODES:
                for name, address in addresses(language, small_archive).items():
                    response = tab.goto(address)
                    assert response.status == (404 if name == "missing" else 200), address
                    assert tab.locator("html").get_attribute("lang") == language, address
                    if name == "missing":
                        assert tab.get_by_role("search").count() >= 1 and tab.locator("nav.main-nav").count() == 1
                    problems = page_problems(tab, axe)
                    if problems:
                        found[f"{address} at {width}"] = problems
                    if language == "en" and name in SHOWN_IN_README:
                        screenshot(tab, f"{name}-{width}")
    finally:
        context.close()
    assert found == {}


def test_the_menu_folds_on_a_phone_and_opens_without_scripts(browser, live_server, small_archive):
    context = browser.new_context(viewport={"width": 390, "height": 844}, base_url=live_server.url, java_script_enabled=False)
    tab = context.new_page()
    try:
        tab.goto("/en/")
        navigation = tab.get_by_role("navigation", name="Main")
        assert not navigation.is_visible()
        # The issue starts within the first screen, below a one-line header.
        assert tab.get_by_role("heading", level=1).bounding_box()["y"] < 200
        tab.get_by_text("Menu and search").click()
        assert navigation.is_visible()
        tab.set_viewport_size({"width": 1280, "height": 900})
        tab.goto("/en/")
        assert tab.get_by_role("navigation", name="Main").is_visible()
    finally:
        context.close()
