"""Dates are bounded where they enter (the admin, every importer, the API and the range forms), and
every page that reads a date answers at the extremes the bounds allow."""

import json

import pytest
from django.urls import reverse
from django.utils import timezone

from tests.archive.helpers import import_archive
from tests.archive.test_wxr_and_html import SECURITY, item, wordpress_export
from tests.conftest import admin_article_form, make_article
from trendwatch.publishing.models import ArticleIndexPage, ArticlePage, WeeklyIssue

pytestmark = pytest.mark.django_db

BOUNDS = "must lie between January 1, 1900 and December 31, 2100"
EXTREMES = ["1900-01-01 00:00", "2100-12-31 23:59"]
# Every page that shows or computes with an article's date, its week or its month.
DATED_PAGES = [
    "/en/", "/en/trends/", "/en/trends/security/", "/en/archive/", "/en/dashboard/", "/en/dashboard/trends.csv",
    "/en/trends/security/timeline.json", "/en/forecasts/", "/en/feeds/rss/", "/en/feeds/atom/", "/sitemap.xml",
    "/api/v1/articles", "/api/v1/issues", "/en/search/?q=agreement",
]


@pytest.fixture
def editor_client(client, django_user_model):
    client.force_login(django_user_model.objects.create_superuser("editor", password="a-long-test-password"))
    return client


def add_url():
    index = ArticleIndexPage.objects.get(locale__language_code="en")
    return reverse("wagtailadmin_pages:add", args=("publishing", "articlepage", index.pk))


@pytest.mark.parametrize("moment", ["9999-12-31 23:59", "0999-06-01 10:00", "1899-12-31 23:59"])
def test_the_admin_refuses_a_publication_date_outside_the_bounds(editor_client, moment):
    response = editor_client.post(add_url(), admin_article_form(published_at=moment))
    assert response.status_code == 200
    assert f"Publication date and time {BOUNDS}" in response.content.decode()
    assert not ArticlePage.objects.exists() and not WeeklyIssue.objects.exists()


def test_the_admin_refuses_a_weekly_issue_outside_the_bounds():
    with pytest.raises(Exception, match=BOUNDS):
        WeeklyIssue(week_start="9999-12-27").full_clean()


@pytest.mark.parametrize("moment", EXTREMES)
def test_every_dated_page_answers_at_the_extremes_the_bounds_allow(client, moment):
    article = make_article(published=moment)
    week = article.weekly_issue.week_start
    local = timezone.localtime(article.published_at)
    year, month = local.year, local.month
    index = ArticleIndexPage.objects.get(locale__language_code="en")
    for address in DATED_PAGES + [article.url, index.url, f"/en/weeks/{week}/", f"/en/archive/{year}/",
                                  f"/api/v1/articles/{article.pk}", f"/api/v1/issues/{week}"]:
        assert client.get(address).status_code == 200, address
    assert client.get(f"/en/archive/{year:04d}/{month}/").status_code == 200


@pytest.mark.parametrize(
    "address",
    ["/en/archive/0000/", "/ru/archive/0001/", "/be/archive/0001/01/", "/en/archive/9999/12/",
     "/en/weeks/9999-12-27/", "/en/weeks/0001-01-01/", "/en/weeks/9999-12-31/"],
)
def test_made_up_addresses_at_the_calendars_ends_are_not_found(client, address):
    make_article()
    assert client.get(address).status_code == 404


@pytest.mark.parametrize(
    "query", ["from=0001-01-01", "to=9999-12-31", "week=9999-12-31", "from=1899-12-31&to=2016-12-31"]
)
def test_the_api_refuses_days_outside_the_bounds_naming_the_parameter(client, query):
    response = client.get(f"/api/v1/articles?{query}")
    assert response.status_code == 422
    name = query.split("=")[0]
    assert f"query.{name}" in response.json()["error"]["message"]
    assert "1900-01-01 to 2100-12-31" in response.json()["error"]["message"]


def test_the_week_range_forms_refuse_days_outside_the_bounds(client):
    make_article()
    page = client.get("/en/dashboard/?start=0001-01-01&end=0001-03-01")
    assert page.status_code == 200 and BOUNDS in page.content.decode()
    download = client.get("/en/dashboard/trends.csv?end=0001-01-07")
    assert download.status_code == 400 and BOUNDS in download.content.decode()


def jsonl_archive(tmp_path, **article):
    lines = [
        {"type": "archive", "format": "trendwatch-archive", "version": 1},
        {"type": "article", "key": "k1", "status": "published", "language": "en", "title": "A title",
         "lead": "A lead.", "body": "<p>A body.</p>", "published_at": "2016-12-12T10:22:00", "trend": "security",
         **article},
    ]
    path = tmp_path / "archive.jsonl"
    path.write_text("".join(json.dumps(line) + "\n" for line in lines), encoding="utf-8")
    return path


@pytest.mark.parametrize(
    "field, value",
    [("published_at", "9999-12-31T23:59:00+00:00"), ("published_at", "0001-01-01T00:00:00"),
     ("expire_at", "9999-12-31T23:59:00"), ("week_override", "9999-12-27"), ("first_published_at", "0500-01-01T00:00:00")],
)
def test_jsonl_refuses_dates_outside_the_bounds_naming_line_and_field(tmp_path, field, value):
    succeeded, _out, err = import_archive(jsonl_archive(tmp_path, **{field: value}), format="jsonl")
    assert not succeeded
    assert f"line 2: {field} {BOUNDS}" in err
    assert not ArticlePage.objects.exists() and not WeeklyIssue.objects.exists()


def test_jsonl_refuses_a_week_record_outside_the_bounds(tmp_path):
    path = jsonl_archive(tmp_path)
    path.write_text(path.read_text() + json.dumps({"type": "week", "week_start": "9999-12-27"}) + "\n")
    succeeded, _out, err = import_archive(path, format="jsonl")
    assert not succeeded and f"line 3: week_start: the week {BOUNDS}" in err


def test_seedtext_html_and_wxr_refuse_dates_outside_the_bounds(tmp_path):
    seedtext = tmp_path / "page.txt"
    seedtext.write_text("A headline\nDecember 31, 9999 23:59\n\nA lead.\n\nA body.\n", encoding="utf-8")
    page = tmp_path / "page.html"
    page.write_text(
        '<html lang="en"><head><title>A headline</title>'
        '<meta property="article:published_time" content="0999-01-01T10:00:00"></head>'
        "<body><article><h1>A headline</h1><p>A lead paragraph of the page.</p><p>A body paragraph.</p></article></body></html>",
        encoding="utf-8",
    )
    export = tmp_path / "export.xml"
    export.write_text(wordpress_export(item(1, "A headline", date="9999-12-31 23:59:00", extra=SECURITY)), encoding="utf-8")
    for path, format_name in [(seedtext, "seedtext"), (page, "html"), (export, "wxr")]:
        succeeded, _out, err = import_archive(
            path, format=format_name, default_trend="security", trend_map=["security-issues=security"]
        )
        assert not succeeded, format_name
        assert f"published_at {BOUNDS}" in err, err
    assert not ArticlePage.objects.exists() and not WeeklyIssue.objects.exists()
