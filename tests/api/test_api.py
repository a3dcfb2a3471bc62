"""The public JSON API as its clients see it: shapes, filters, pages, errors, CORS and caching."""

import pytest

from trendwatch.related.models import SimilarPin
from tests.conftest import make_article, translate

pytestmark = pytest.mark.django_db


def get_json(client, url, status=200, **headers):
    response = client.get(url, **headers)
    assert response.status_code == status, (url, response.content)
    assert response["Content-Type"].startswith("application/json")
    return response.json()


def titles(client, query=""):
    return [item["title"] for item in get_json(client, f"/api/v1/articles{query}")["results"]]


def test_the_list_shows_published_articles_newest_first_with_their_facts(client, archive):
    listing = get_json(client, "/api/v1/articles")
    assert listing["count"] == 4
    assert [item["id"] for item in listing["results"]] == [
        archive.exercises.pk,
        archive.gas.pk,
        archive.defence_ru.pk,  # same moment as the English original: the later page first
        archive.defence.pk,
    ]
    gas = listing["results"][1]
    assert gas["title"] == "Gas price for next year agreed"
    assert gas["url"] == f"http://testserver{archive.gas.url}"
    assert gas["published_at"] == "2016-12-20T07:00:00Z"  # 10:00 in Minsk
    assert gas["lead"] == "Minsk and Moscow settled the gas price."
    assert gas["trend"]["slug"] == "belarus-russia"
    assert gas["direction"] == "worsened"
    assert gas["issue"] == {"week_start": "2016-12-19", "week_end": "2016-12-25"}
    assert gas["language"] == "en"


@pytest.mark.parametrize(
    "query, expected",
    [
        ("?language=ru", ["Беларусь и Латвия подписали соглашение об обороне"]),
        ("?language=en&trend=security", ["Joint military exercises announced", "Belarus and Latvia sign a defence cooperation agreement"]),
        ("?direction=worsened", ["Gas price for next year agreed"]),
        ("?language=en&from=2016-12-20&to=2016-12-20", ["Gas price for next year agreed"]),
        ("?language=en&from=2016-12-21", ["Joint military exercises announced"]),
        ("?language=en&to=2016-12-19", ["Belarus and Latvia sign a defence cooperation agreement"]),
        ("?author=analyst&language=en", ["Belarus and Latvia sign a defence cooperation agreement"]),
        ("?author=analyst", ["Беларусь и Латвия подписали соглашение об обороне", "Belarus and Latvia sign a defence cooperation agreement"]),
        ("?week=2016-12-22", ["Joint military exercises announced", "Gas price for next year agreed"]),
        ("?trend=no-such-trend", []),
    ],
)
def test_filters(client, archive, query, expected):
    assert titles(client, query) == expected


def test_pages_link_to_their_neighbours(client, archive):
    first = get_json(client, "/api/v1/articles?language=en&page_size=2")
    assert (first["count"], first["page"], first["page_size"], first["previous"]) == (3, 1, 2, None)
    assert first["next"] == "http://testserver/api/v1/articles?language=en&page_size=2&page=2"
    second = get_json(client, first["next"])
    assert [item["title"] for item in second["results"]] == ["Belarus and Latvia sign a defence cooperation agreement"]
    assert second["next"] is None and second["previous"].endswith("page=1")
    beyond = get_json(client, "/api/v1/articles?page=9")
    assert beyond["results"] == [] and beyond["count"] == 4 and beyond["previous"].endswith("page=1")


def test_an_article_with_body_trend_direction_issue_translations_authors_and_image(client, archive):
    article = get_json(client, f"/api/v1/articles/{archive.defence.pk}")
    assert article["title"] == "Belarus and Latvia sign a defence cooperation agreement"
    assert article["body"] == "<p>The agreement covers airspace control, arms control and military medicine.</p>"
    assert article["lead"] == "The defence ministries agreed on a bilateral military dialogue."
    assert article["trend"]["name"]["en"] == "Security issues"
    assert article["direction"] == "improved"
    assert article["issue"] == {"week_start": "2016-12-12", "week_end": "2016-12-18"}
    assert article["authors"] == [{"slug": "analyst", "name": {"en": "An Analyst", "ru": "Аналитик", "be": "An Analyst"}}]
    assert article["translations"] == [
        {
            "id": archive.defence_ru.pk,
            "language": "ru",
            "title": "Беларусь и Латвия подписали соглашение об обороне",
            "url": f"http://testserver{archive.defence_ru.url}",
        }
    ]
    image = article["image"]
    assert image["credit"] == "Ministry of Defence of the Republic of Belarus"
    assert image["alt"] == "Officers at a signing ceremony"
    assert image["url"].startswith("http://testserver/media/images/") and image["width"] == 64
    assert get_json(client, f"/api/v1/articles/{archive.gas.pk}")["image"] is None


def test_similar_articles_come_with_scores_and_reasons(client, archive):
    similar = get_json(client, f"/api/v1/articles/{archive.exercises.pk}/similar")
    assert similar["article"] == archive.exercises.pk
    first = similar["results"][0]
    assert first["article"]["title"] == "Belarus and Latvia sign a defence cooperation agreement"
    assert first["basis"] == "similarity" and first["score"] > 0
    assert first["reasons"]["same_trend"] is True
    assert "defence" in " ".join(first["reasons"]["shared_terms"])
    assert first["reasons"]["days_apart"] == 9


def test_similar_articles_follow_the_editors_pins_and_the_limit(client, archive):
    SimilarPin.objects.create(article=archive.exercises, target=archive.gas)
    results = get_json(client, f"/api/v1/articles/{archive.exercises.pk}/similar?limit=1")["results"]
    assert [(item["article"]["title"], item["basis"], item["score"], item["reasons"]) for item in results] == [
        ("Gas price for next year agreed", "editor_pin", None, None)
    ]


def test_an_article_pinned_in_another_language_is_listed_in_the_articles_own_as_a_pin(client, archive):
    SimilarPin.objects.create(article=archive.exercises, target=archive.defence_ru)
    first = get_json(client, f"/api/v1/articles/{archive.exercises.pk}/similar")["results"][0]
    assert (first["article"]["title"], first["basis"]) == ("Belarus and Latvia sign a defence cooperation agreement", "editor_pin")


def test_trends_in_the_sites_order_with_names_in_every_language_and_published_counts(client, archive):
    trends = get_json(client, "/api/v1/trends")
    assert [trend["slug"] for trend in trends][:1] == ["ruling-elite"]
    by_slug = {trend["slug"]: trend for trend in trends}
    assert by_slug["security"]["name"] == {"en": "Security issues", "ru": "Вопросы безопасности", "be": "Пытанні бяспекі"}
    assert by_slug["security"]["article_count"] == 3  # the hidden ones are not counted
    assert by_slug["belarus-russia"]["article_count"] == 1


def test_weekly_issues_newest_first_and_one_with_its_articles(client, archive):
    issues = get_json(client, "/api/v1/issues")
    assert [(issue["week_start"], issue["article_count"]) for issue in issues["results"]] == [
        ("2016-12-19", 2),
        ("2016-12-12", 2),
    ]
    assert issues["results"][1]["label"]["en"] == "December 12 – December 18, 2016"
    in_russian = get_json(client, "/api/v1/issues?language=ru")["results"]
    assert [(issue["week_start"], issue["article_count"]) for issue in in_russian] == [("2016-12-12", 1)]

    week = get_json(client, "/api/v1/issues/2016-12-14")  # any day of the week names it
    assert week["week_start"] == "2016-12-12"
    assert {article["title"] for article in week["articles"]} == {
        "Belarus and Latvia sign a defence cooperation agreement",
        "Беларусь и Латвия подписали соглашение об обороне",
    }
    english = get_json(client, "/api/v1/issues/2016-12-12?language=en")["articles"]
    assert [article["language"] for article in english] == ["en"]
    assert get_json(client, "/api/v1/issues/2016-11-07", status=404)["error"]["code"] == "not_found"


@pytest.mark.parametrize(
    "url, status, code, names",
    [
        ("/api/v1/articles/999999", 404, "not_found", "999999"),
        ("/api/v1/articles/999999/similar", 404, "not_found", "999999"),
        ("/api/v1/no-such-thing", 404, "not_found", ""),
        ("/api/v1/articles?page=0", 422, "invalid_parameters", "query.page"),
        ("/api/v1/articles?page_size=1000", 422, "invalid_parameters", "query.page_size"),
        ("/api/v1/articles?page=800000000000000000", 422, "invalid_parameters", "query.page"),
        ("/api/v1/issues?page=800000000000000000", 422, "invalid_parameters", "query.page"),
        ("/api/v1/entities?page=800000000000000000", 422, "invalid_parameters", "query.page"),
        ("/api/v1/articles?language=fr", 422, "invalid_parameters", "query.language"),
        ("/api/v1/articles?week=0", 422, "invalid_parameters", "query.week"),
        ("/api/v1/articles?trend=%00", 422, "invalid_parameters", "query.trend"),
        ("/api/v1/articles/abc", 422, "invalid_parameters", "path.id"),
        ("/api/v1/issues/not-a-day", 422, "invalid_parameters", "path.week"),
        ("/api/v1/articles?from=2017-01-01&to=2016-01-01", 400, "bad_request", "from=2017-01-01"),
    ],
)
def test_errors_share_one_body_that_names_the_problem(client, archive, url, status, code, names):
    error = get_json(client, url, status=status)["error"]
    assert error["code"] == code
    assert names in error["message"]
    if status == 422:
        assert names in [detail["location"] for detail in error["details"]]


def test_the_api_is_read_only(client, archive):
    for send in (client.post, client.put, client.delete):
        response = send("/api/v1/articles")
        assert response.status_code == 405
        assert response["Allow"] == "GET, HEAD, OPTIONS"
        assert response.json()["error"]["code"] == "method_not_allowed"
        assert int(response["Content-Length"]) == len(response.content)


def test_cors_lets_any_site_read(client, archive):
    response = client.get("/api/v1/articles", HTTP_ORIGIN="https://other-outlet.example")
    assert response["Access-Control-Allow-Origin"] == "*"
    preflight = client.options(
        "/api/v1/articles",
        HTTP_ORIGIN="https://other-outlet.example",
        HTTP_ACCESS_CONTROL_REQUEST_METHOD="GET",
        HTTP_ACCESS_CONTROL_REQUEST_HEADERS="if-none-match",
    )
    assert preflight.status_code == 204
    assert preflight["Access-Control-Allow-Origin"] == "*"
    assert "GET" in preflight["Access-Control-Allow-Methods"]
    assert "If-None-Match" in preflight["Access-Control-Allow-Headers"]
    assert client.get("/api/v1/articles/999999")["Access-Control-Allow-Origin"] == "*"
    # The rest of the site does not open itself to other origins.
    assert "Access-Control-Allow-Origin" not in client.get("/en/")


def test_answers_may_be_cached_and_revalidated(client, archive):
    response = client.get(f"/api/v1/articles/{archive.gas.pk}")
    assert "public" in response["Cache-Control"] and "max-age=300" in response["Cache-Control"]
    etag = response["ETag"]
    again = client.get(f"/api/v1/articles/{archive.gas.pk}", HTTP_IF_NONE_MATCH=etag)
    assert again.status_code == 304 and again.content == b""
    translate(archive.gas, "ru", "Цена на газ согласована")
    changed = client.get(f"/api/v1/articles/{archive.gas.pk}", HTTP_IF_NONE_MATCH=etag)
    assert changed.status_code == 200 and changed["ETag"] != etag
    assert "public" not in client.get("/api/v1/articles/999999").get("Cache-Control", "")


def test_the_openapi_schema_describes_every_endpoint(client):
    schema = get_json(client, "/api/v1/openapi.json")
    assert schema["openapi"].startswith("3.")
    assert set(schema["paths"]) == {
        "/api/v1/articles",
        "/api/v1/articles/{id}",
        "/api/v1/articles/{id}/similar",
        "/api/v1/trends",
        "/api/v1/issues",
        "/api/v1/issues/{week}",
        "/api/v1/entities",
        "/api/v1/entities/{slug}",
    }
    parameters = {parameter["name"] for parameter in schema["paths"]["/api/v1/articles"]["get"]["parameters"]}
    assert parameters == {"language", "trend", "direction", "from", "to", "author", "week", "page", "page_size"}


def test_the_whole_list_follows_a_publication_and_its_withdrawal(client, archive):
    assert len(titles(client)) == 4 and len(titles(client, "?language=en")) == 3  # the lists are memoised now
    article = make_article("Border crossing reopened", published="2016-12-30 09:00")
    assert titles(client)[0] == titles(client, "?language=en")[0] == "Border crossing reopened"
    assert get_json(client, "/api/v1/articles")["count"] == 5
    article.unpublish()
    assert "Border crossing reopened" not in titles(client) + titles(client, "?language=en")
    assert get_json(client, "/api/v1/articles")["count"] == 4


def test_nothing_unpublished_is_reachable(client, archive):
    hidden = archive.hidden
    hidden_titles = {article.title for article in hidden}
    for article in hidden:
        assert get_json(client, f"/api/v1/articles/{article.pk}", status=404)["error"]["code"] == "not_found"
        assert client.get(f"/api/v1/articles/{article.pk}/similar").status_code == 404
    for query in ["", "?trend=security", "?week=2016-12-13", "?author=hidden-analyst", "?from=2016-12-13&to=2016-12-13"]:
        assert not hidden_titles & set(titles(client, query)), query
    for article in [archive.defence, archive.exercises, archive.gas]:
        similar = get_json(client, f"/api/v1/articles/{article.pk}/similar?limit=20")["results"]
        assert not hidden_titles & {item["article"]["title"] for item in similar}
    week = get_json(client, "/api/v1/issues/2016-12-13")
    assert week["article_count"] == 2 and not hidden_titles & {item["title"] for item in week["articles"]}


def test_a_hidden_translation_is_not_listed_with_the_article(client, archive):
    translate(archive.gas, "be", "Чарнавік перакладу", live=False)
    assert get_json(client, f"/api/v1/articles/{archive.gas.pk}")["translations"] == []


def test_a_week_with_only_hidden_articles_is_not_an_issue(client, archive):
    listed = get_json(client, "/api/v1/issues")
    make_article("Hidden draft of another week", published="2017-03-01 10:00", live=False)
    assert get_json(client, "/api/v1/issues") == listed
    assert client.get("/api/v1/issues/2017-03-01").status_code == 404


def test_entities_with_their_names_and_one_with_the_articles_that_mention_it(client, archive):
    from trendwatch.entities.models import Entity, Kind
    from trendwatch.entities.signals import entities_changed

    Entity.objects.create(slug="moscow", kind=Kind.PLACE, name_en="Moscow", name_ru="Москва")
    Entity.objects.create(slug="riga", kind=Kind.PLACE, name_en="Riga")
    entities_changed()
    listing = get_json(client, "/api/v1/entities")
    assert [(item["slug"], item["kind"]) for item in listing] == [("moscow", "place"), ("riga", "place")]
    assert listing[0]["name"] == {"en": "Moscow", "ru": "Москва", "be": "Moscow"}
    assert get_json(client, "/api/v1/entities?kind=person") == []
    moscow = get_json(client, "/api/v1/entities/moscow")
    assert moscow["article_count"] == moscow["articles"]["count"] == 1
    assert [a["title"] for a in moscow["articles"]["results"]] == ["Gas price for next year agreed"]
    assert "Hidden" not in str(moscow)
    assert get_json(client, "/api/v1/entities/nowhere", status=404)["error"]["message"] == "No entity has the slug 'nowhere'."
