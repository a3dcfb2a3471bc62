"""The weekly issue as an editorial unit: the home page shows the newest issue an editor released."""

import datetime

import pytest
from django.contrib.auth.models import User

from tests.conftest import make_article, translate
from trendwatch.publishing.models import WeeklyIssue

pytestmark = pytest.mark.django_db

TRENDS = ["ruling-elite", "society-parties", "security", "belarus-west", "belarus-russia"]


def complete_week(monday, released=True):
    """A commentary on every trend in the week of `monday` (a date string), with an overview."""
    for number, trend in enumerate(TRENDS):
        make_article(f"{trend} in the week of {monday}", trend=trend, published=f"{monday} 1{number}:00")
    issue = WeeklyIssue.objects.get(week_start=datetime.date.fromisoformat(monday))
    issue.overview_en = f"The week of {monday} in brief."
    issue.save()
    if released:
        issue.release()
    return issue


def test_one_article_of_a_new_week_leaves_the_released_issue_on_the_home_page(client):
    complete_week("2016-12-05")
    make_article("Minsk announces snap exercises", trend="security", published="2016-12-15 09:00")

    home = client.get("/en/").content.decode()
    assert "The week of 2016-12-05 in brief." in home
    assert "No commentary this week" not in home
    for trend in TRENDS:
        assert f"{trend} in the week of 2016-12-05" in home
    # The new week's first commentary is among the latest at once.
    latest = home[home.index("Latest commentaries"):]
    assert "Minsk announces snap exercises" in latest


def test_releasing_the_new_issue_makes_it_the_home_page(client):
    complete_week("2016-12-05")
    new = complete_week("2016-12-12", released=False)
    assert "The week of 2016-12-05 in brief." in client.get("/en/").content.decode()
    new.release()
    home = client.get("/en/").content.decode()
    assert "The week of 2016-12-12 in brief." in home and "The week of 2016-12-05 in brief." not in home


def test_an_editor_releases_an_issue_from_the_admin(client):
    issue = complete_week("2016-12-05", released=False)
    client.force_login(User.objects.create_superuser("editor", "editor@example.org", "a long password"))
    assert "Release" in client.get(f"/admin/issues/{issue.pk}/release/").content.decode()
    client.post(f"/admin/issues/{issue.pk}/release/")
    issue.refresh_from_db()
    assert issue.released


def test_weeks_link_to_their_neighbours_and_are_listed(client):
    complete_week("2016-11-28")
    complete_week("2016-12-05")
    page = client.get("/en/weeks/2016-11-28/").content.decode()
    assert 'rel="next" href="/en/weeks/2016-12-05/"' in page and 'rel="prev"' not in page
    listing = client.get("/en/weeks/")
    assert listing.status_code == 200
    assert "/en/weeks/2016-12-05/" in listing.content.decode() and "/en/weeks/2016-11-28/" in listing.content.decode()


def test_the_whole_issue_reads_with_full_texts_and_the_untranslated_in_the_original(client):
    complete_week("2016-12-05")
    article = make_article("A border deal", published="2016-12-06 08:00", body="<p>The whole text of the border deal.</p>")
    translate(article, "ru", "Пограничная сделка", body="<p>Полный текст пограничной сделки.</p>")
    page = client.get("/ru/weeks/2016-12-05/full/").content.decode()
    assert "Полный текст пограничной сделки." in page
    assert '<section class="issue-full__story" lang="en"' in page  # the untranslated, marked as English
    assert "security in the week of 2016-12-05" in page
    assert 'href="/static/publishing/print.css" media="print"' in page
