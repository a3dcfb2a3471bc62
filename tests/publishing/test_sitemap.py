"""sitemap.xml lists what readers can open, each address with its language versions; robots.txt points at it."""

import xml.etree.ElementTree as ElementTree

import pytest

from tests.api.conftest import make_hidden_articles
from tests.conftest import make_article, translate
from trendwatch.publishing import sitemaps

pytestmark = pytest.mark.django_db

NAMESPACES = {"sitemap": "http://www.sitemaps.org/schemas/sitemap/0.9", "xhtml": "http://www.w3.org/1999/xhtml"}
SITE = "http://testserver"


def sitemap_files(client):
    """The files the sitemap index at /sitemap.xml names, as parsed XML."""
    response = client.get("/sitemap.xml")
    assert response.status_code == 200
    assert response["Content-Type"].startswith("application/xml")
    files = []
    for location in ElementTree.fromstring(response.content).findall("sitemap:sitemap/sitemap:loc", NAMESPACES):
        answer = client.get(location.text[len(SITE):])
        assert answer.status_code == 200 and answer["Content-Type"].startswith("application/xml")
        files.append(ElementTree.fromstring(answer.content))
    return files


def sitemap(client):
    """{address: {hreflang: alternate address}} as the sitemap's files list them."""
    entries = {}
    for url in (url for listing in sitemap_files(client) for url in listing.findall("sitemap:url", NAMESPACES)):
        location = url.find("sitemap:loc", NAMESPACES).text
        entries[location] = {
            link.get("hreflang"): link.get("href") for link in url.findall("xhtml:link[@rel='alternate']", NAMESPACES)
        }
    return entries


def test_an_article_and_its_translation_name_each_other(client):
    article = make_article()
    russian = translate(article, "ru", "Беларусь и Латвия подписали соглашение")
    entries = sitemap(client)
    versions = {"en": SITE + article.url, "ru": SITE + russian.url}
    assert entries[SITE + article.url] == versions
    assert entries[SITE + russian.url] == versions


def test_home_pages_trend_pages_weeks_and_archive_months_with_their_languages(client):
    article = make_article(published="2016-12-12 10:22")
    translate(article, "be", "Беларусь і Латвія падпісалі пагадненне")
    entries = sitemap(client)
    assert entries[f"{SITE}/ru/"] == {code: f"{SITE}/{code}/" for code in ["en", "ru", "be"]}
    assert f"{SITE}/en/articles/" in entries and f"{SITE}/en/trends/" in entries and f"{SITE}/be/archive/" in entries
    # Pages of one trend, week or month are listed in the languages that have articles there.
    assert entries[f"{SITE}/en/trends/security/"] == {"en": f"{SITE}/en/trends/security/", "be": f"{SITE}/be/trends/security/"}
    assert f"{SITE}/ru/trends/security/" not in entries
    assert f"{SITE}/en/trends/belarus-russia/" not in entries
    assert set(entries[f"{SITE}/be/weeks/2016-12-12/"]) == {"en", "be"}
    assert entries[f"{SITE}/en/archive/2016/12/"] == {
        "en": f"{SITE}/en/archive/2016/12/",
        "be": f"{SITE}/be/archive/2016/12/",
    }


def test_the_sitemap_lists_nothing_unpublished(client):
    public = make_article("Public piece", published="2016-12-12 10:00")
    hidden = make_hidden_articles()
    translate(public, "ru", "Черновик перевода", live=False)
    make_article("Draft of another month", published="2017-05-03 10:00", live=False)
    entries = sitemap(client)
    listed = set(entries) | {address for alternates in entries.values() for address in alternates.values()}
    assert SITE + public.url in listed
    for article in hidden:
        assert not any(article.slug in address for address in listed), article.title
    assert entries[SITE + public.url] == {"en": SITE + public.url}
    assert not any("/2017" in address or "2017-05" in address for address in listed)


def test_a_large_archive_is_listed_in_files_of_bounded_size(client, monkeypatch):
    article = make_article("First", published="2016-12-12 10:00")
    translate(article, "ru", "Первая")
    others = [make_article(f"Piece {number}", published=f"2016-12-{13 + number} 10:00") for number in range(4)]
    monkeypatch.setattr(sitemaps, "ENTRIES_PER_FILE", 2)
    index = ElementTree.fromstring(client.get("/sitemap.xml").content)
    locations = [location.text for location in index.findall("sitemap:sitemap/sitemap:loc", NAMESPACES)]
    article_files = [location for location in locations if "/sitemap-articles-" in location]
    assert article_files == [f"{SITE}/sitemap-articles-{number}.xml" for number in (1, 2, 3)]  # five stories, two a file
    for location in article_files:
        listing = ElementTree.fromstring(client.get(location[len(SITE):]).content)
        assert len(listing.findall("sitemap:url", NAMESPACES)) <= 4  # two stories, each in at most two languages
    assert {SITE + page.url for page in [article, *others]} <= set(sitemap(client))
    assert client.get("/sitemap-articles-4.xml").status_code == 404


def test_robots_txt_points_at_the_sitemap_and_keeps_crawlers_out_of_the_admin(client):
    response = client.get("/robots.txt")
    assert response.status_code == 200 and response["Content-Type"].startswith("text/plain")
    lines = response.content.decode().splitlines()
    assert "User-agent: *" in lines
    assert "Disallow: /admin/" in lines
    assert f"Sitemap: {SITE}/sitemap.xml" in lines
    assert client.get(lines[-1].split(": ", 1)[1][len(SITE):]).status_code == 200
