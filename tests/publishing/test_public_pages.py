import pytest
from wagtail.models import PageViewRestriction

from tests.conftest import make_article, make_image, release_weeks, translate
from trendwatch.publishing.models import Author

pytestmark = pytest.mark.django_db


def text_of(response):
    assert response.status_code == 200, response.status_code
    return response.content.decode()


def test_the_article_page_is_laid_out_like_the_seed(client):
    article = make_article(image=make_image(), published="2016-12-12 10:22")
    page = text_of(client.get(article.url))
    assert "<h1 class=\"article__title\">Belarus and Latvia sign a defence cooperation agreement</h1>" in page
    assert "December 12, 2016 10:22" in page
    assert "Image: Ministry of Defence of the Republic of Belarus" in page
    assert 'alt="Officers at a signing ceremony"' in page
    assert "The agreement covers airspace control" in page
    assert "Similar articles" in page
    assert "December 5 – December 11, 2016" not in page  # the 12th is a Monday: its own week
    assert "December 12 – December 18, 2016" in page


def test_direction_markers_carry_words_not_only_colour(client):
    improved = make_article(direction="improved", title="Dialogue with NATO starts")
    worsened = make_article(direction="worsened", title="Border crossings closed", published="2016-12-13 09:00")
    assert "Improved</span>" in text_of(client.get(improved.url))
    assert "Worsened</span>" in text_of(client.get(worsened.url))


def test_translations_are_linked_both_ways(client):
    original = make_article()
    russian = translate(original, "ru", "Беларусь и Латвия подписали соглашение об оборонном сотрудничестве")
    english_page = text_of(client.get(original.url))
    russian_page = text_of(client.get(russian.url))
    assert russian.url in english_page and 'hreflang="ru"' in english_page
    assert original.url in russian_page
    assert "12 декабря 2016 10:22" in russian_page


def test_home_shows_the_latest_week_one_line_per_trend(client):
    make_article(title="Older security piece", published="2016-12-05 10:00")
    make_article(title="Minsk reshuffles the Security Council", trend="ruling-elite", direction="worsened")
    make_article(title="Latvia and Belarus sign a defence memorandum", direction="improved")
    release_weeks()
    page = text_of(client.get("/en/"))
    assert "December 12 – December 18, 2016" in page
    assert "Minsk reshuffles the Security Council" in page
    assert "Latvia and Belarus sign a defence memorandum" in page
    assert "No commentary this week" in page  # three trends have none
    assert page.index("Latest commentaries") < page.index("Older security piece")


def test_trend_page_lists_its_commentaries_newest_first_with_week_and_marker(client):
    make_article(title="First defence piece", published="2016-11-28 10:00", direction="unchanged")
    make_article(title="Second defence piece", published="2016-12-12 10:00")
    make_article(title="Not a defence piece", trend="belarus-russia", published="2016-12-13 10:00")
    page = text_of(client.get("/en/trends/security/"))
    assert page.index("Second defence piece") < page.index("First defence piece")
    assert "Not a defence piece" not in page
    assert "November 28 – December 4, 2016" in page and "Unchanged" in page


def test_trend_pages_paginate(client):
    for day in range(1, 23):
        make_article(title=f"Defence piece {day}", published=f"2016-10-{day:02d} 10:00")
    first = text_of(client.get("/en/trends/security/"))
    second = text_of(client.get("/en/trends/security/?page=2"))
    assert "Defence piece 22" in first and "Defence piece 1<" not in first
    assert "Defence piece 1<" in second and "Page 2 of 2" in second


def test_all_trends_week_and_archive_pages(client):
    make_article(title="Defence memorandum signed", published="2016-12-12 10:22")
    assert "Belarus–Russia relations" in text_of(client.get("/en/trends/"))
    week = text_of(client.get("/en/weeks/2016-12-12/"))
    assert "Defence memorandum signed" in week and "December 12 – December 18, 2016" in week
    assert "Defence memorandum signed" in text_of(client.get("/en/weeks/2016-12-15/"))
    assert "December 2016" in text_of(client.get("/en/archive/"))
    assert "Defence memorandum signed" in text_of(client.get("/en/archive/2016/12/"))
    assert "Defence memorandum signed" not in text_of(client.get("/en/archive/2016/11/"))


def test_unknown_weeks_trends_and_months_are_not_found(client):
    assert client.get("/en/weeks/2016-02-31/").status_code == 404
    assert client.get("/en/weeks/2001-01-01/").status_code == 404
    assert client.get("/en/trends/no-such-trend/").status_code == 404
    assert client.get("/en/archive/2016/13/").status_code == 404


def test_drafts_never_appear_on_public_pages(client):
    published = make_article(title="Published defence piece")
    draft = make_article(title="Secret draft about the army", live=False, published="2016-12-13 10:00")
    for url in ["/en/", "/en/articles/", "/en/trends/", "/en/trends/security/", "/en/weeks/2016-12-12/",
                "/en/archive/2016/", "/en/archive/2016/12/", published.url]:
        assert "Secret draft about the army" not in text_of(client.get(url)), url
    assert client.get(f"/en/articles/{draft.slug}/").status_code == 404


def test_the_root_sends_readers_to_a_language(client):
    response = client.get("/", HTTP_ACCEPT_LANGUAGE="ru")
    assert response.status_code == 302 and response["Location"] == "/ru/"


def test_an_article_names_its_authors_by_name_and_links_its_public_translations_in_the_sites_language_order(client):
    original = make_article()
    original.authors.add(
        Author.objects.create(slug="zhuk", name_en="Zara Zhuk"), Author.objects.create(slug="alies", name_en="Anton Alies")
    )
    original.save_revision().publish()
    belarusian = translate(original, "be", "Беларусь і Латвія падпісалі пагадненне аб абароне")
    russian = translate(original, "ru", "Беларусь и Латвия подписали соглашение об обороне")
    page = text_of(client.get(original.url))
    assert '>Anton Alies</a>, <a href="/en/authors/zhuk/" rel="author">Zara Zhuk</a>' in page
    links = page.split("Also in")[1]
    assert links.index(russian.title) < links.index(belarusian.title)
    PageViewRestriction.objects.create(page=russian, restriction_type=PageViewRestriction.LOGIN)
    links = text_of(client.get(original.url)).split("Also in")[1]
    assert belarusian.title in links and russian.title not in links
