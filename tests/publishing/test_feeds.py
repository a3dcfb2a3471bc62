import feedparser
import pytest

from tests.conftest import make_article, translate

pytestmark = pytest.mark.django_db


def parse(client, url):
    response = client.get(url)
    assert response.status_code == 200, url
    feed = feedparser.parse(response.content)
    assert not feed.bozo, (url, feed.get("bozo_exception"))
    return feed


@pytest.mark.parametrize("kind", ["rss", "atom"])
def test_the_feed_carries_headline_date_lead_trend_and_direction(client, kind):
    make_article(published="2016-12-12 10:22", direction="improved")
    feed = parse(client, f"/en/feeds/{kind}/")
    entry = feed.entries[0]
    assert entry.title == "Belarus and Latvia sign a defence cooperation agreement"
    assert entry.published_parsed[:5] == (2016, 12, 12, 7, 22)  # 10:22 in Minsk is 07:22 UTC
    assert "bilateral military dialogue" in entry.summary
    assert {tag.term for tag in entry.tags} == {"Security issues", "Improved"}


@pytest.mark.parametrize("kind", ["rss", "atom"])
def test_feeds_per_language_and_per_trend(client, kind):
    article = make_article()
    translate(article, "ru", "Беларусь и Латвия подписали соглашение")
    make_article("Gas price for next year agreed", trend="belarus-russia", published="2016-12-13 10:00")
    assert [entry.title for entry in parse(client, f"/ru/feeds/{kind}/").entries] == [
        "Беларусь и Латвия подписали соглашение"
    ]
    russian_tags = {tag.term for tag in parse(client, f"/ru/feeds/{kind}/").entries[0].tags}
    assert "Вопросы безопасности" in russian_tags
    assert [entry.title for entry in parse(client, f"/en/feeds/belarus-russia/{kind}/").entries] == [
        "Gas price for next year agreed"
    ]
    assert client.get(f"/en/feeds/no-such-trend/{kind}/").status_code == 404


def test_drafts_stay_out_of_feeds(client):
    make_article("Secret draft", live=False)
    for url in ["/en/feeds/rss/", "/en/feeds/atom/", "/en/feeds/security/rss/"]:
        assert "Secret draft" not in client.get(url).content.decode()


def test_every_page_advertises_its_feeds(client):
    make_article()
    home = client.get("/en/").content.decode()
    assert 'type="application/rss+xml"' in home and 'href="/en/feeds/atom/"' in home
    trend_page = client.get("/en/trends/security/").content.decode()
    assert 'href="/en/feeds/security/rss/"' in trend_page
