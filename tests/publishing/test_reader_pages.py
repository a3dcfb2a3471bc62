"""Pages as a reader meets them: every language tells the same story, errors stay in the site's frame,
links carry previews, authors and the outlet's own pages have addresses."""

import json
import re

import pytest
from wagtail.models import Locale

from tests.conftest import make_article, make_image, translate
from trendwatch.publishing.models import Author, InformationPage, WeeklyIssue

pytestmark = pytest.mark.django_db


@pytest.fixture(autouse=True)
def _russian(compiled_catalogues):
    """The Russian interface."""


def with_author(article, author):
    article.authors.add(author)
    article.save()  # a parental many-to-many is written on save
    return article


def released(article):
    article.weekly_issue.release()
    return article


def test_a_commentary_without_a_translation_is_shown_in_the_original_and_says_so(client):
    english_only = released(make_article("Latvia and Belarus sign a defence agreement", trend="security"))
    make_article("Exporters get more time", trend="belarus-russia", published="2016-12-13 10:00")
    home = client.get("/ru/").content.decode()
    table = home[home.index('<table class="issue-table">'):]
    row = re.search(r"Вопросы безопасности.*?</tr>", table, re.S).group()
    assert "Нет комментария на этой неделе" not in row
    assert 'lang="en"' in row and "Latvia and Belarus sign a defence agreement" in row and "на английском" in row

    # The link keeps the reader in the Russian interface, with the article marked as English.
    address = re.search(r'<a href="(/ru/articles/[^"]+)" lang="en"', row).group(1)
    page = client.get(address).content.decode()
    assert '<html lang="ru">' in page and '<article class="article" lang="en">' in page
    assert "на английском" in page
    assert f'<link rel="canonical" href="http://testserver{english_only.url}">' in page

    # The language switcher on the English page leads there too, not to the Russian home.
    english = client.get(english_only.url).content.decode()
    assert f'href="{address}" hreflang="ru"' in english


def test_an_untranslated_address_in_another_language_leads_to_its_translation(client):
    article = make_article("Latvia and Belarus sign a defence agreement")
    russian = translate(article, "ru", "Латвия и Беларусь подписали соглашение")
    response = client.get("/ru/articles/" + article.slug + "/")
    assert response.status_code == 302 and response["Location"] == russian.url


def test_error_pages_keep_the_site_frame_and_the_language(client):
    article = make_article("Withdrawn piece")
    article.unpublish()
    for address, language, heading in [
        (article.url, "en", "Page not found"),
        ("/ru/no-such-page/", "ru", "Страница не найдена"),
        ("/be/trends/no-such-trend/", "be", "Старонка не знойдзена"),
    ]:
        response = client.get(address)
        page = response.content.decode()
        assert response.status_code == 404
        assert f'<html lang="{language}">' in page and f"<h1>{heading}</h1>" in page
        assert 'role="search"' in page and 'class="main-nav"' in page and 'class="language-switcher"' in page


def test_articles_carry_link_previews_canonical_addresses_and_news_article_data(client):
    author = Author.objects.create(slug="hanna", name_en="Hanna Analyst", name_ru="Ганна Аналитик")
    article = make_article("Latvia and Belarus sign a defence agreement", image=make_image())
    with_author(article, author)
    page = client.get(article.url).content.decode()
    assert f'<link rel="canonical" href="http://testserver{article.url}">' in page
    assert '<meta property="og:type" content="article">' in page
    assert '<meta property="og:title" content="Latvia and Belarus sign a defence agreement · Trendwatch">' in page
    assert '<meta name="twitter:card" content="summary_large_image">' in page
    data = json.loads(re.search(r'<script type="application/ld\+json">(.*?)</script>', page, re.S).group(1))
    assert data["@type"] == "NewsArticle" and data["headline"] == article.title
    assert data["author"] == [{"@type": "Person", "name": "Hanna Analyst", "url": "http://testserver/en/authors/hanna/"}]
    assert data["image"][0].startswith("http://testserver/media/")
    for address in ["/en/", "/ru/trends/", "/be/dashboard/", "/en/search/?q=defence"]:
        other = client.get(address).content.decode()
        assert '<link rel="canonical"' in other and '<meta property="og:title"' in other, address


def test_author_pages_list_their_commentaries_a_page_at_a_time(client):
    author = Author.objects.create(slug="hanna", name_en="Hanna Analyst", name_ru="Ганна Аналитик")
    for day in range(1, 23):
        with_author(make_article(f"Commentary number {day}", published=f"2016-12-{day:02d} 10:00"), author)
    first = client.get("/ru/authors/hanna/").content.decode()
    assert "<h1>Ганна Аналитик</h1>" in first and "Commentary number 22" in first and "Commentary number 2<" not in first
    assert "Commentary number 2<" in client.get("/ru/authors/hanna/?page=2").content.decode()
    article_page = client.get(make_article("Another").url).content.decode()
    assert 'rel="author"' not in article_page
    assert '<a href="/en/authors/hanna/" rel="author">Hanna Analyst</a>' in client.get(
        author.articles.first().url
    ).content.decode()


def test_about_and_methodology_are_pages_editors_write(client):
    english = InformationPage.objects.get(slug="about", locale__language_code="en")
    english.body = "<p>We are a small team in Vilnius.</p>"
    english.save_revision().publish()
    assert "We are a small team in Vilnius." in client.get(english.url).content.decode()
    footer = client.get("/ru/").content.decode()
    assert ">О проекте</a>" in footer and ">Методология</a>" in footer
    assert InformationPage.objects.filter(locale=Locale.objects.get(language_code="be")).count() == 2


def test_the_footer_shows_the_feed_and_an_edited_article_says_updated(client):
    article = make_article("Latvia and Belarus sign a defence agreement")
    assert 'class="feed-link" href="/en/feeds/rss/"' in client.get("/en/").content.decode()
    assert "Updated" not in client.get(article.url).content.decode()
    type(article).objects.filter(pk=article.pk).update(first_published_at=article.last_published_at.replace(year=2015))
    assert "Updated" in client.get(article.url).content.decode()


def test_the_icon_and_the_api_have_addresses_of_their_own(client):
    assert client.get("/favicon.ico")["Location"] == "/static/publishing/favicon.ico"
    reference = client.get("/api/v1/", HTTP_ACCEPT="text/html").content.decode()
    assert "<h1>Data API</h1>" in reference and "/api/v1/articles/{id}/similar" in reference
    machine = client.get("/api/v1/", HTTP_ACCEPT="application/json").json()
    assert machine["openapi"] == "http://testserver/api/v1/openapi.json"


def test_issue_page_headings_do_not_skip_a_level(client):
    released(make_article())
    for address in ["/en/", "/en/archive/2016/12/", "/en/trends/security/", "/en/weeks/2016-12-12/"]:
        levels = [int(level) for level in re.findall(r"<h([1-6])", client.get(address).content.decode())]
        assert all(later - earlier <= 1 for earlier, later in zip(levels, levels[1:])), (address, levels)


def test_an_unreleased_week_says_it_is_being_written(client):
    make_article()
    assert not WeeklyIssue.objects.get().released
    assert "still being written" in client.get("/en/weeks/2016-12-12/").content.decode()
