from wsgiref.util import setup_testing_defaults

import pytest
from django.db import connection
from wagtail.models import PageViewRestriction

from tests.conftest import make_article, translate
from trendwatch.publishing.models import ArticlePage, Author
from trendwatch.search import query as search_query
from trendwatch.search.limits import search_slots
from trendwatch.search.models import COVERING_INDEX, Posting, SearchTerm
from trendwatch.wsgi import application

pytestmark = pytest.mark.django_db


def search_page(client, site_language="en", **parameters):
    response = client.get(f"/{site_language}/search/", parameters)
    assert response.status_code == 200, response.status_code
    return response.content.decode()


def found_titles(client, site_language="en", **parameters):
    """The headlines of the results, in the order shown, without their <mark> tags."""
    response = client.get(f"/{site_language}/search/", parameters)
    assert response.status_code == 200, response.status_code
    return [result.article.title for result in response.context["results"]]


SANCTIONS = dict(
    title="The EU extends sanctions against Belarusian officials",
    lead="Brussels prolonged the restrictive measures for another year.",
    body="<p>The sanctions cover visa bans and frozen assets.</p>",
)


def test_english_words_are_found_in_any_form(client):
    make_article(
        "The Central Commission sets the date of the election",
        lead="The vote is scheduled for the spring.",
        body="<p>Observers expect a quiet campaign.</p>",
    )
    assert found_titles(client, q="elections") == ["The Central Commission sets the date of the election"]


def test_russian_words_are_found_in_any_form(client):
    original = make_article(**SANCTIONS)
    translate(
        original,
        "ru",
        "Евросоюз продлил действие санкций против белорусских чиновников",
        lead="Брюссель продлил ограничительные меры ещё на год.",
        body="<p>Меры включают запрет на въезд.</p>",
    )
    assert found_titles(client, "ru", q="санкции") == ["Евросоюз продлил действие санкций против белорусских чиновников"]


def test_belarusian_words_are_found_in_any_form(client):
    original = make_article("Parliamentary elections are called", trend="society-parties")
    translate(
        original,
        "be",
        "Прызначаныя дата парламенцкіх выбараў",
        lead="Галасаванне адбудзецца вясной.",
        body="<p>Назіральнікі чакаюць ціхай кампаніі.</p>",
    )
    assert found_titles(client, "be", q="выбары") == ["Прызначаныя дата парламенцкіх выбараў"]


def test_a_headline_match_ranks_above_a_body_match(client):
    make_article(
        "Minsk and Moscow discuss the gas price",
        trend="belarus-russia",
        lead="The talks continue.",
        body="<p>Officials mentioned pipelines and a refinery as well.</p>",
        published="2016-12-14 10:00",
    )
    make_article(
        "New refinery opens in Navapolack",
        trend="belarus-russia",
        lead="The plant processes Russian oil.",
        body="<p>Workers were hired locally.</p>",
        published="2016-12-12 10:00",
    )
    assert found_titles(client, q="refinery") == ["New refinery opens in Navapolack", "Minsk and Moscow discuss the gas price"]
    assert found_titles(client, q="refinery", sort="date") == [
        "Minsk and Moscow discuss the gas price",
        "New refinery opens in Navapolack",
    ]


def test_every_word_must_match_unless_no_article_has_them_all(client):
    make_article("Border crossing closed", lead="Trucks wait at the border.", body="<p>Queues grow.</p>")
    make_article("Border guards exercise", lead="Drills near the frontier.", body="<p>Helicopters flew.</p>")
    assert found_titles(client, q="border trucks") == ["Border crossing closed"]
    page = search_page(client, q="border submarines")
    assert "No commentary contains all of your words" in page
    assert sorted(found_titles(client, q="border submarines")) == ["Border crossing closed", "Border guards exercise"]


def test_the_page_language_is_searched_unless_the_reader_chooses_all(client):
    original = make_article(**SANCTIONS)
    translate(original, "ru", "Евросоюз продлил санкции", lead="Санкции продлены.", body="<p>Sanctions по-английски.</p>")
    assert found_titles(client, "en", q="sanctions") == [SANCTIONS["title"]]
    assert found_titles(client, "ru", q="санкции") == ["Евросоюз продлил санкции"]
    assert found_titles(client, "en", q="санкции") == []
    assert found_titles(client, "en", q="санкции", language="all") == ["Евросоюз продлил санкции"]
    assert found_titles(client, "en", q="sanctions", language="ru") == ["Евросоюз продлил санкции"]


# Few found articles are checked by their ids; many, against every article the filters allow.
@pytest.mark.parametrize("checked_by_ids", [500, 0], ids=["by ids", "against the filters' articles"])
def test_filters_narrow_the_results(client, monkeypatch, checked_by_ids):
    monkeypatch.setattr(search_query, "FILTER_BY_IDS", checked_by_ids)
    analyst = Author.objects.create(slug="analyst", name_en="An Analyst")
    make_article("Army exercise near the border", trend="security", direction="worsened", published="2016-11-01 10:00")
    with_author = make_article("Army reform announced", trend="ruling-elite", direction="improved", published="2016-12-01 10:00")
    with_author.authors.add(analyst)
    with_author.save_revision().publish()
    make_article("Army budget grows", trend="security", direction="unchanged", published="2017-01-10 10:00")

    assert found_titles(client, q="army", trend="security") == ["Army budget grows", "Army exercise near the border"]
    assert found_titles(client, q="army", direction="improved") == ["Army reform announced"]
    assert found_titles(client, q="army", author="analyst") == ["Army reform announced"]
    assert found_titles(client, q="army", **{"from": "2016-11-15", "to": "2016-12-31"}) == ["Army reform announced"]
    assert found_titles(client, q="army", **{"from": "2017-01-01"}) == ["Army budget grows"]
    # Dates given the wrong way round are read as the range the reader meant.
    assert found_titles(client, q="army", **{"from": "2016-12-31", "to": "2016-11-15"}) == ["Army reform announced"]


def test_matching_words_are_marked_in_the_headline_and_passage(client):
    make_article(
        "Election commission meets",
        lead="Short lead.",
        body="<p>Nothing here at first. " + "Filler words follow. " * 30 + "Then the <b>elections</b> of &lt;deputies&gt; come.</p>",
    )
    page = search_page(client, q="elected")
    assert "<mark>Election</mark> commission meets" in page
    assert "the <mark>elections</mark> of &lt;deputies&gt; come." in page
    assert "… " in page  # the passage starts where the match is, not at the beginning


def test_marks_never_land_inside_markup(client):
    make_article(
        "Strong words",
        lead="A quote about <b> tags.",
        body='<p><a href="https://example.org/strong">strong link</a> and <span title="strong">text</span></p>',
    )
    page = search_page(client, q="strong")
    assert '<mark>strong</mark> link and text' in page
    assert "href=\"https://example.org/<mark>" not in page
    assert "A quote about &lt;b&gt; tags." in page or "A quote about" in page


def test_a_query_with_markup_is_shown_escaped(client):
    make_article()
    page = search_page(client, q="<script>alert(1)</script>")
    assert "<script>alert(1)</script>" not in page
    assert "&lt;script&gt;alert(1)&lt;/script&gt;" in page


@pytest.mark.parametrize(
    "query",
    [
        '"defence agreement"',
        "defence AND NOT latvia",
        "defence OR -latvia +arms *",
        "a" * 5000,
        "word " * 1000,
        "defence\x00agreement\x01\x7f",
        "'; DROP TABLE search_posting; --",
        "%%%",
        "()[]{}",
    ],
)
def test_odd_queries_get_a_normal_page(client, query):
    make_article()
    search_page(client, q=query)
    search_page(client, "ru", q=query, language="all")


def test_broken_url_encoding_gets_a_normal_page(client):
    make_article()
    for raw in ["q=%ED%A0%80defence", "q=%FF%FE", "q=defence%00", "q=%uD800", "q=defence&page=abc", "q=defence&page=-1"]:
        response = client.get(f"/en/search/?{raw}")
        assert response.status_code == 200, raw


def test_operators_are_read_as_words(client):
    make_article()
    assert found_titles(client, q='"defence" +agreement -') == ["Belarus and Latvia sign a defence cooperation agreement"]


def test_empty_and_wordless_queries_say_what_to_do(client):
    make_article()
    assert "Type one or more words to search the commentaries." in search_page(client)
    assert "Type one or more words" in search_page(client, q="   ")
    assert "very common words and punctuation are left out" in search_page(client, q="the and of ?!")


def test_a_very_long_query_is_shortened_with_a_note(client):
    make_article()
    words = " ".join(f"word{number}x" for number in range(100))
    assert "only its first 32 words were searched for" in search_page(client, q=words)


def test_filters_that_are_not_understood_are_ignored_with_a_note(client):
    make_article()
    odd_filters = {
        "trend": "no-such-trend",
        "direction": "sideways",
        "author": "nobody",
        "sort": "random",
        "language": "xx",
        "from": "2016-13-45",
        "to": "yesterday",
    }
    page = search_page(client, q="defence", **odd_filters)
    assert "There is no trend “no-such-trend”" in page
    assert "“sideways” is not a direction of change" in page
    assert "There is no author “nobody”" in page
    assert "“random” is not a sort order" in page
    assert "“xx” is not a language of this site" in page
    assert "“2016-13-45” is not a date" in page and "“yesterday” is not a date" in page
    assert found_titles(client, q="defence", **odd_filters) == ["Belarus and Latvia sign a defence cooperation agreement"]


def test_drafts_unpublished_and_private_articles_are_never_found(client):
    make_article("Draft about reactors", live=False)
    withdrawn = make_article("Withdrawn piece about reactors")
    withdrawn.unpublish()
    private = make_article("Private note about reactors")
    PageViewRestriction.objects.create(page=private, restriction_type=PageViewRestriction.LOGIN)
    make_article("Public piece about reactors")
    assert found_titles(client, q="reactors", language="all") == ["Public piece about reactors"]


def test_a_stale_index_never_shows_an_unpublished_article(client):
    article = make_article("Reactor piece")
    # As if the unpublish task had not run yet: the page is unpublished but still indexed.
    type(article).objects.filter(pk=article.pk).update(live=False)
    assert Posting.objects.filter(article_id=article.pk).exists()
    assert found_titles(client, q="reactor") == []


def test_results_follow_publishing_and_unpublishing(client):
    article = make_article("Nuclear plant starts its second reactor", live=False)
    assert found_titles(client, q="reactor") == []
    article.save_revision().publish()
    assert found_titles(client, q="reactor") == ["Nuclear plant starts its second reactor"]
    article.refresh_from_db()
    article.unpublish()
    assert found_titles(client, q="reactor") == []
    assert not Posting.objects.filter(article_id=article.pk).exists()


def test_an_edited_article_is_found_by_its_new_words(client):
    article = make_article("Nuclear plant starts a reactor")
    article.title = "Nuclear plant delays the turbine"
    article.save_revision().publish()
    assert found_titles(client, q="turbine") == ["Nuclear plant delays the turbine"]
    assert found_titles(client, q="reactor") == []


def test_deleted_articles_leave_the_index(client):
    article = make_article("Nuclear plant starts a reactor")
    article.delete()
    assert not Posting.objects.exists()
    assert found_titles(client, q="reactor") == []


def test_results_come_twenty_to_a_page_and_pages_keep_the_query(client):
    for day in range(1, 26):
        make_article(f"Weekly grain report number {day}", published=f"2016-12-{day:02d} 10:00")
    first = search_page(client, q="grain", sort="date")
    assert "25 commentaries found" in first
    assert first.count('class="item search-result"') == 20
    assert found_titles(client, q="grain", sort="date")[0] == "Weekly grain report number 25"
    assert "q=grain" in first and "sort=date" in first and "page=2" in first
    second = found_titles(client, q="grain", sort="date", page="2")
    assert second == [f"Weekly grain report number {day}" for day in range(5, 0, -1)]


def test_rebuild_command_indexes_every_published_article(client):
    from django.core.management import call_command

    make_article("Nuclear plant starts a reactor")
    make_article("Draft reactor plans", live=False)
    Posting.objects.all().delete()
    call_command("rebuild_search", verbosity=0)
    assert found_titles(client, q="reactor") == ["Nuclear plant starts a reactor"]
    # SQLite builds the postings' lookup index anew at the end of a rebuild: it must be back.
    with connection.cursor() as cursor:
        assert COVERING_INDEX in connection.introspection.get_constraints(cursor, Posting._meta.db_table)


def test_a_rebuild_on_every_core_indexes_what_each_publication_indexed(client, monkeypatch):
    from django.core.management import call_command

    from trendwatch.search import index
    from trendwatch.similar import forks

    for day in range(1, 6):
        make_article(f"Grain report {day}", lead=f"Harvest of week {day}", body=f"<p>Farms sold {day} tonnes.</p>")
    translate(make_article("Reactor news"), "ru", "Новости реактора", body="<p>Станция работает.</p>")

    def stored():
        return set(Posting.objects.values_list("article_id", "language", "document_length", "stem", "weight"))

    published_one_by_one = stored()
    monkeypatch.setattr(forks, "PARALLEL_ROWS", 1)
    monkeypatch.setattr(forks.os, "cpu_count", lambda: 2)
    assert forks.fork_workers(7) == 2, "the rebuild would not be forked"
    call_command("rebuild_search", verbosity=0)
    assert stored() == published_one_by_one and len(published_one_by_one) > 50
    # Postings of a few articles at a time (three batches), as `reindex` writes them after an import.
    Posting.objects.all().delete()
    index.reindex([article.pk for article in ArticlePage.objects.all()], batch_size=3)
    assert stored() == published_one_by_one
    assert found_titles(client, q="harvest", sort="date")[0] == "Grain report 5"


def test_the_vocabulary_counts_follow_each_change_as_a_full_count_would():
    from trendwatch.search import index

    first = make_article("Grain report", body="<p>Farms sold grain at the border.</p>")
    second = make_article("Border news", body="<p>The border stays closed to grain trucks.</p>")
    translate(second, "ru", "Граница", body="<p>Граница закрыта для зерна.</p>")
    first.body = "<p>Farms sold barley; the border reopened.</p>"
    first.save_revision().publish()
    second.unpublish()
    kept = set(SearchTerm.objects.values_list("language", "stem", "documents"))
    assert ("en", "barley", 1) in kept and ("en", "grain", 1) in kept and ("en", "truck", 0) not in kept
    index._count_every_term()
    assert set(SearchTerm.objects.values_list("language", "stem", "documents")) == kept


def test_every_page_has_a_search_box_in_its_header(client):
    article = make_article()
    for url in ["/en/", article.url, "/ru/", "/en/search/?q=defence"]:
        page = client.get(url).content.decode()
        assert 'role="search"' in page and 'name="q"' in page
    assert 'action="/ru/search/"' in client.get("/ru/").content.decode()


def wsgi_get(path, query=""):
    """(status, headers, body) of a GET through the site's WSGI application, as a server sends it."""
    answer = {}

    def start_response(status, headers):
        answer.update(status=status, headers=dict(headers))

    environ = {"REQUEST_METHOD": "GET", "PATH_INFO": path, "QUERY_STRING": query, "HTTP_HOST": "testserver"}
    setup_testing_defaults(environ)
    body = b"".join(application(environ, start_response))
    return answer["status"], answer["headers"], body.decode()


def test_searches_beyond_the_slots_are_asked_to_come_back_while_pages_are_served(client, settings, connection_kept_open):
    settings.SEARCHES_AT_ONCE, settings.SEARCHES_WAITING, settings.SEARCH_WAIT_SECONDS = 1, 0, 0.2
    make_article("Border talks", body="<p>The border stays open.</p>")
    with search_slots.turn() as running:  # another reader's search holds the only slot
        assert running
        status, headers, page = wsgi_get("/ru/search/", "q=border")
        assert status.startswith("503") and headers["Retry-After"] == "2"
        assert "Повторите попытку через несколько секунд" in page
        assert wsgi_get("/en/")[0].startswith("200")
    status, _headers, page = wsgi_get("/en/search/", "q=border")
    assert status.startswith("200") and "<mark>Border</mark> talks" in page


LUKASHENKO = dict(
    title="Lukashenko meets the governors",
    lead="The president spoke about the harvest.",
    body="<p>Lukashenko asked the governors about grain.</p>",
)


def test_the_beginning_of_a_name_finds_it_and_is_marked(client):
    make_article(**LUKASHENKO)
    make_article("Prices rise", body="<p>Bread costs more.</p>")
    response = client.get("/en/search/", {"q": "Lukashenk"})
    assert [result.article.title for result in response.context["results"]] == ["Lukashenko meets the governors"]
    assert "<mark>Lukashenko</mark> meets" in response.content.decode()


@pytest.mark.parametrize(("typed", "meant"), [("Lukashneko", "lukashenko"), ("Lukasheko", "lukashenko"), ("Khrenn", "khrenin")])
def test_a_misspelt_word_is_searched_as_the_closest_known_one_and_the_reader_told(client, typed, meant):
    make_article(**LUKASHENKO)
    make_article("Khrenin inspects the troops", body="<p>The defence minister Khrenin visited a base.</p>")
    response = client.get("/en/search/", {"q": typed})
    titles = [result.article.title for result in response.context["results"]]
    assert len(titles) == 1 and meant.capitalize() in titles[0]
    assert f"No commentary has “{typed.lower()}”: these have “{meant}”." in response.content.decode()


def test_a_known_word_is_never_corrected_and_a_far_one_finds_nothing(client):
    make_article(**LUKASHENKO)
    make_article("Harvest news", body="<p>The harvest of grain is late.</p>")
    page = search_page(client, q="harvest")
    assert "No commentary has" not in page and "2 commentaries found" in page
    page = search_page(client, q="Zyxwvut")
    assert "No commentary has" not in page and "No commentaries match" in page


def test_the_vocabulary_forgets_the_words_of_unpublished_articles(client):
    page = make_article("Khrenin inspects the troops", body="<p>The defence minister Khrenin visited a base.</p>")
    assert SearchTerm.objects.get(language="en", stem="khrenin").documents == 1
    page.unpublish()
    assert not SearchTerm.objects.filter(language="en", stem="khrenin").exists()
    assert found_titles(client, q="Khrenn") == []

