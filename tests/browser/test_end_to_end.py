"""Whole journeys through the site in the system Chromium, as a reader and as the newsroom.

Every page a journey opens is watched (PageProblems): a Content-Security-Policy violation, a script
error, a console error or a failed request fails the journey. Readers get pages through the page
cache, as in production. Screenshots of every step go to test-artifacts/e2e-*.png.
"""

import re
from urllib.parse import urlsplit

import pytest
from aiosmtpd.controller import Controller
from django.apps import apps as django_apps
from django.contrib.auth.models import Group, User
from PIL import Image as PILImage
from playwright.sync_api import expect
from wagtail.models import Collection

from tests.browser.conftest import screenshot
from tests.conftest import make_article, release_weeks, translate
from tests.newsletter.conftest import SmtpSink, free_port
from trendwatch.editorial import roles
from trendwatch.newsletter.models import Subscriber
from trendwatch.publishing.models import ArticleIndexPage, ArticlePage

pytestmark = pytest.mark.django_db(transaction=True)

PASSWORD = "a long password for the browser tests"
CSP_CONSOLE_TEXT = "Content Security Policy"
STRICT_POLICY = "default-src 'none'"
# Runs before any page script; reports every violation the browser raises to the test.
VIOLATION_LISTENER = """
document.addEventListener("securitypolicyviolation", (event) => {
    const where = document.location.pathname;
    window.reportPolicyViolation(`${event.violatedDirective} blocked ${event.blockedURI} on ${where}`);
});
"""


class PageProblems:
    """What went wrong in one browser context's pages, as the browser reports it.

    A Content-Security-Policy violation, an uncaught script error, a console error or an answer of
    400 and above, anywhere (the admin included: it is exempt from the policy and must stay clean);
    and a public page served without the site's strict policy, which would make "no violations" mean
    nothing.
    """

    def __init__(self, context):
        self.found = []
        context.expose_binding("reportPolicyViolation", lambda source, text: self.found.append(f"CSP: {text}"))
        context.add_init_script(VIOLATION_LISTENER)
        context.on("console", self._console)
        context.on("weberror", lambda error: self.found.append(f"script error on {error.page.url}: {error.error}"))
        context.on("response", self._response)

    def _response(self, response):
        if response.status >= 400:
            self.found.append(f"{response.status} for {response.request.method} {response.url}")
        elif response.status == 200 and response.request.resource_type == "document" and is_public(response.url):
            if STRICT_POLICY not in response.headers.get("content-security-policy", ""):
                self.found.append(f"no Content-Security-Policy on {response.url}")

    def _console(self, message):
        if message.type == "error" or CSP_CONSOLE_TEXT in message.text:
            url = message.page.url if message.page else ""
            self.found.append(f"console {message.type} on {url}: {message.text}")


def is_public(url):
    return not urlsplit(url).path.startswith(("/admin/", "/documents/"))


@pytest.fixture(scope="module", autouse=True)
def _catalogues(compiled_catalogues):
    """The journeys read the Russian interface."""


@pytest.fixture(autouse=True)
def _page_cache(page_cache_on):
    """Pages come from the page cache, as in production (the rest of the suite turns it off)."""


@pytest.fixture
def open_tab(browser, live_server):
    """open_tab() -> a fresh tab (its own cookies) whose problems are checked when the test ends."""
    contexts = []
    expect.set_options(timeout=10_000)

    def open_new():
        context = browser.new_context(viewport={"width": 1100, "height": 1200}, base_url=live_server.url)
        context.set_default_timeout(10_000)
        problems = PageProblems(context)
        contexts.append((context, problems))
        return context.new_page()

    yield open_new
    found = [problem for context, problems in contexts for problem in problems.found]
    for context, _problems in contexts:
        context.close()
    assert found == [], "problems the pages raised in the browser"


@pytest.fixture
def mailbox(settings, live_server):
    """A real SMTP server on loopback receiving the site's mail; links in mail lead to the live server."""
    sink = SmtpSink()
    controller = Controller(sink, hostname="127.0.0.1", port=free_port())
    controller.start()
    settings.EMAIL_BACKEND = "django.core.mail.backends.smtp.EmailBackend"
    settings.EMAIL_HOST = "127.0.0.1"
    settings.EMAIL_PORT = controller.port
    settings.EMAIL_USE_TLS = False
    settings.SITE_URL = live_server.url
    yield sink
    controller.stop()


@pytest.fixture
def newsroom():
    """The Analysts and Editors roles with the review workflow (a flushed database lost them), one member each."""
    if Collection.get_first_root_node() is None:
        Collection.add_root(name="Root")
    roles.install(django_apps)
    roles.grant_later_permissions_to_editors(django_apps)
    analyst = User.objects.create_user("analyst", password=PASSWORD, first_name="Hanna", last_name="Analyst")
    analyst.groups.add(Group.objects.get(name=roles.ANALYSTS))
    editor = User.objects.create_user("editor", password=PASSWORD, first_name="Ivan", last_name="Editor")
    editor.groups.add(Group.objects.get(name=roles.EDITORS))
    return analyst, editor


def nuclear_piece(title, published, lead, body, trend="belarus-west"):
    return make_article(title, trend=trend, published=published, lead=lead, body=f"<p>{body}</p>")


@pytest.fixture
def reading_list():
    """Two commentaries on the same nuclear plant (one translated into Russian) among unrelated ones."""
    dispute = nuclear_piece(
        "Minsk and Vilnius quarrel over the Astravets nuclear power plant",
        "2016-12-14 10:00",
        "Lithuania wants construction of the nuclear power plant stopped; Minsk says it is safe.",
        "The Lithuanian parliament calls the Astravets nuclear power plant a threat and asks neighbours not "
        "to buy its electricity. Belarusian officials reply that the reactor meets every safety standard.",
    )
    stress_test = nuclear_piece(
        "Lithuania asks the EU to stress-test the Astravets nuclear power plant",
        "2016-12-07 10:00",
        "Vilnius wants European inspectors at the nuclear power plant before its reactor starts.",
        "Lithuania asked the European Commission to run a stress test of the Astravets nuclear power plant; "
        "Belarus says the reactor design has passed its own safety checks.",
    )
    translate(
        stress_test,
        "ru",
        "Литва просит ЕС провести стресс-тест Островецкой атомной станции",
        lead="Вильнюс хочет, чтобы европейские инспекторы побывали на атомной станции до пуска реактора.",
        body="<p>Литва попросила Еврокомиссию провести стресс-тест Островецкой атомной станции.</p>",
    )
    make_article("The army receives new air-defence systems", published="2016-12-13 10:00")
    make_article(
        "Exporters get more time to bring home currency proceeds",
        trend="belarus-russia",
        published="2016-12-12 10:00",
        lead="A decree extends the deadline for foreign trade settlements.",
        body="<p>Exporters and importers get longer deadlines; fines for delayed payments fall.</p>",
    )
    release_weeks()
    return dispute, stress_test


def test_a_reader_follows_similar_articles_searches_switches_language_and_subscribes(
    open_tab, reading_list, mailbox
):
    dispute, stress_test = reading_list
    tab = open_tab()

    tab.goto("/en/")
    expect(tab.get_by_role("heading", level=1)).to_have_text("Situation in Belarus")
    screenshot(tab, "e2e-reader-01-home")

    tab.get_by_role("link", name=dispute.title).first.click()
    expect(tab.get_by_role("heading", level=1)).to_have_text(dispute.title)
    similar_box = tab.get_by_role("region", name="Similar articles")
    expect(similar_box.get_by_role("heading", level=3).first).to_have_text(stress_test.title)
    screenshot(tab, "e2e-reader-02-article")

    similar_box.get_by_role("link", name=stress_test.title).click()
    expect(tab.get_by_role("heading", level=1)).to_have_text(stress_test.title)
    screenshot(tab, "e2e-reader-03-similar-article")

    tab.locator(".article__meta").get_by_role("link", name="Belarus–West relations").click()
    expect(tab).to_have_url(re.compile(r"/en/trends/belarus-west/$"))
    expect(tab.get_by_role("heading", level=1)).to_have_text("Belarus–West relations")
    expect(tab.get_by_role("link", name=stress_test.title)).to_be_visible()
    screenshot(tab, "e2e-reader-04-trend-page")

    tab.get_by_role("search").get_by_role("searchbox").fill("nuclear reactor")
    tab.get_by_role("search").get_by_role("button", name="Search").click()
    results = tab.locator(".search-results > li")
    expect(results).to_have_count(2)
    expect(tab.locator(".search-count")).to_contain_text("2 commentaries found")
    expect(results.first.locator("mark").first).to_have_text(re.compile("nuclear|reactor", re.IGNORECASE))
    screenshot(tab, "e2e-reader-05-search")

    tab.get_by_role("navigation", name="Language").get_by_role("link", name="Русский").click()
    expect(tab).to_have_url(re.compile(r"/ru/search/\?"))
    expect(tab.get_by_role("heading", level=1)).to_have_text("Поиск")
    tab.get_by_role("search").get_by_role("searchbox").fill("атомная станция")
    tab.get_by_role("search").get_by_role("button", name="Поиск").click()
    expect(results).to_have_count(1)
    expect(results.first.get_by_role("heading")).to_contain_text("Островецкой")
    expect(results.first.locator("mark").first).to_have_text(re.compile("атомн|станци"))
    screenshot(tab, "e2e-reader-06-search-in-russian")

    letter_form = tab.locator("form.newsletter-form")
    letter_form.get_by_role("textbox").fill("reader@example.org")
    expect(letter_form.get_by_role("combobox")).to_have_value("ru")
    letter_form.get_by_role("button", name="Подписаться").click()
    expect(tab.get_by_role("heading", level=1)).to_have_text("Проверьте почту")
    screenshot(tab, "e2e-reader-07-check-inbox")

    [confirmation] = mailbox.messages_to("reader@example.org")
    text = confirmation.get_body(preferencelist=("plain",)).get_content()
    link = re.search(r"http://\S+/newsletter/confirm/\S+/", text).group()
    tab.goto(link)
    tab.get_by_role("button", name="Подтвердить подписку").click()
    expect(tab.get_by_role("heading", level=1)).to_have_text("Вы подписаны")
    screenshot(tab, "e2e-reader-08-subscribed")
    subscriber = Subscriber.objects.get(email="reader@example.org")
    assert subscriber.is_subscribed and subscriber.language == "ru"


def sign_in(tab, username):
    tab.goto("/admin/login/")
    tab.get_by_label("Username").fill(username)
    tab.get_by_label("Password").fill(PASSWORD)
    tab.get_by_role("button", name="Sign in").click()
    expect(tab).to_have_url(re.compile(r"/admin/$"))  # the dashboard


def test_an_analysts_article_reviewed_and_published_by_an_editor_joins_a_related_articles_box(
    open_tab, newsroom, tmp_path
):
    crossing = make_article(
        "Poland reopens the Kuźnica–Bruzgi border crossing for freight",
        trend="belarus-west",
        published="2016-12-05 10:00",
        lead="Lorries may again cross the Polish–Belarusian border at Kuźnica and Bruzgi.",
        body="<p>Poland reopened the Kuźnica–Bruzgi crossing to freight traffic; lorry queues at the border "
        "had stretched for kilometres while the crossing was closed.</p>",
    )
    for day, title in enumerate(
        [
            "The EU extends the review of its restrictive measures",
            "Minsk hosts an OSCE conference on migration",
            "Germany funds a water project in Hrodna",
            "Belarusian diplomats visit Brussels for consultations",
            "Latvia and Belarus discuss a joint tourism route",
        ],
        start=6,
    ):
        make_article(
            title, trend="belarus-west", published=f"2016-12-{day:02d} 10:00", lead=f"{title}.", body=f"<p>{title}.</p>"
        )
    new_title = "Lorry queues at Bruzgi shrink after Poland reopens the Kuźnica crossing for freight"
    picture = tmp_path / "lorries.jpg"
    PILImage.new("RGB", (320, 180), (90, 110, 130)).save(picture, "JPEG")

    reader = open_tab()
    reader.goto(crossing.url)
    similar_box = reader.get_by_role("region", name="Similar articles")
    expect(similar_box).not_to_contain_text("Lorry queues at Bruzgi")
    # The reader's next visit comes from the page cache, which publishing must refresh.
    assert reader.reload().headers["x-page-cache"] == "hit"

    analyst = open_tab()
    sign_in(analyst, "analyst")
    screenshot(analyst, "e2e-newsroom-01-analyst-dashboard")
    index = ArticleIndexPage.objects.get(locale__language_code="en")
    analyst.goto(f"/admin/pages/{index.pk}/")
    analyst.get_by_role("link", name="Add child page").first.click()
    expect(analyst).to_have_url(re.compile(r"/admin/pages/add/publishing/articlepage/"))
    analyst.get_by_role("textbox", name="Title").fill(new_title)
    analyst.get_by_role("button", name="Choose trend").click()
    analyst.get_by_role("dialog").get_by_role("link", name="Belarus–West relations").click()
    analyst.get_by_role("textbox", name="Publication date and time").fill("2016-12-20 10:00")
    analyst.keyboard.press("Escape")
    analyst.get_by_role("textbox", name="Lead paragraph").fill(
        "Freight lorries cross the Polish–Belarusian border at Kuźnica and Bruzgi again; the queues are shorter."
    )
    analyst.locator("[data-contentpath=body] [role=textbox]").fill(
        "A week after Poland reopened the Kuźnica–Bruzgi crossing to freight, lorry queues at the border "
        "have shrunk from kilometres to a few hundred metres."
    )
    analyst.get_by_role("button", name="Choose an image").click()
    chooser = analyst.get_by_role("dialog")
    chooser.get_by_role("tab", name="Upload").click()
    chooser.get_by_label("File").set_input_files(picture)
    chooser.get_by_role("textbox", name="Title").fill("Lorries at the Bruzgi crossing")
    chooser.get_by_role("textbox", name="Credit").fill("State Border Committee of Belarus")
    chooser.get_by_role("textbox", name="Description").fill("A line of lorries at a border checkpoint")
    chooser.get_by_role("button", name="Upload").click()
    expect(analyst.locator("[data-contentpath=lead_image]")).to_contain_text("Lorries at the Bruzgi crossing")
    analyst.get_by_label("Direction of change").select_option("improved")
    screenshot(analyst, "e2e-newsroom-02-analyst-writes")
    analyst.get_by_role("button", name="More actions").click()
    analyst.get_by_role("button", name=f"Submit to {roles.WORKFLOW_NAME}").click()
    expect(analyst.locator(".messages")).to_contain_text("submitted")
    screenshot(analyst, "e2e-newsroom-03-analyst-submitted")
    [article] = ArticlePage.objects.filter(title=new_title)
    assert not article.live

    editor = open_tab()
    sign_in(editor, "editor")
    screenshot(editor, "e2e-newsroom-04-editor-dashboard")
    editor.get_by_role("link", name=new_title).first.click()
    expect(editor).to_have_url(re.compile(rf"/admin/pages/{article.pk}/edit/"))
    editor.get_by_role("button", name="More actions").click()
    editor.get_by_role("button", name="Approve and Publish", exact=True).click()
    expect(editor.locator(".messages")).to_contain_text("has been updated")
    expect(editor.get_by_role("row").filter(has_text=new_title)).to_contain_text(re.compile("live", re.IGNORECASE))
    screenshot(editor, "e2e-newsroom-05-editor-published")
    article.refresh_from_db()
    assert article.live

    reader.goto(crossing.url)
    expect(similar_box.get_by_role("heading", level=3).first).to_have_text(new_title)
    screenshot(reader, "e2e-newsroom-06-reader-sees-it-in-similar")
    similar_box.get_by_role("link", name=new_title).click()
    expect(reader.get_by_role("heading", level=1)).to_have_text(new_title)
    expect(reader.locator(".article__body")).to_contain_text("shrunk from kilometres to a few hundred metres")
    expect(reader.get_by_role("img", name="A line of lorries at a border checkpoint")).to_be_visible()
    expect(reader.locator("figcaption")).to_have_text("Image: State Border Committee of Belarus")
    screenshot(reader, "e2e-newsroom-07-reader-opens-it")
