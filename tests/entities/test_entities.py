"""People, organisations and places: matching on publication, suggestions, entity pages, search."""

import pytest
from django.contrib.auth.models import Group, Permission, User
from wagtail.models import PageViewRestriction

from tests.conftest import make_article, translate
from trendwatch.entities.matching import entity_ids_by_article, refresh_suggestions
from trendwatch.entities.models import ArticleMention, Entity, EntityAlias, Kind, Suggestion
from trendwatch.entities.signals import entities_changed
from trendwatch.related import corpus
from trendwatch.search.forms import ALL_LANGUAGES

pytestmark = pytest.mark.django_db


def entity(slug, name_en, name_ru="", name_be="", kind=Kind.PERSON, aliases=()):
    made = Entity.objects.create(slug=slug, kind=kind, name_en=name_en, name_ru=name_ru, name_be=name_be)
    for alias in aliases:
        EntityAlias.objects.create(entity=made, name=alias)
    entities_changed()
    return made


def mentioned(page):
    return {m.entity.slug: sorted(m.surfaces) for m in ArticleMention.objects.filter(article=page).select_related("entity")}


@pytest.fixture
def people():
    return {
        "lukashenka": entity("aliaksandr-lukashenka", "Aliaksandr Lukashenka", "Александр Лукашенко"),
        "raukou": entity("andrei-raukou", "Andrei Raukou"),
        "hrodna": entity("hrodna", "Hrodna", kind=Kind.PLACE),
        "tsikhanouskaya": entity("sviatlana-tsikhanouskaya", "Sviatlana Tsikhanouskaya"),
        "tsikhanouski": entity("siarhei-tsikhanouski", "Siarhei Tsikhanouski"),
        "kalesnikava": entity("maria-kalesnikava", "Maria Kalesnikava"),
    }


def test_the_seed_case_raukou_and_ravkov_in_one_article_is_one_entity(people):
    page = make_article(
        "Belarus and Latvia sign a defence agreement",
        body="<p>Defence Minister Andrei Raukou met his Latvian colleague in Minsk.</p>"
        "<p>Ravkov said the dialogue would continue next year.</p>",
    )
    assert mentioned(page) == {"andrei-raukou": ["Andrei Raukou", "Ravkov"]}
    assert ArticleMention.objects.get(article=page).count == 2


def test_inflected_cyrillic_forms_and_diacritics_find_the_entity(people):
    russian = make_article(
        "Встреча в Гродно", language="ru", lead="Переговоры прошли спокойно.",
        body="<p>Министр Андрей Равков встретился с Лукашенко. Равковым довольны в Гродно.</p>",
    )
    belarusian = make_article(
        "Сустрэча ў Гродне", language="be", lead="Перамовы прайшлі спакойна.",
        body="<p>Андрэй Раўкоў сустрэўся з Лукашэнкам у Гродне.</p>",
    )
    latin = make_article("A visit to Grodno", body="<p>On Monday Łukašenka visited Grodno.</p>")
    assert set(mentioned(russian)) == {"andrei-raukou", "aliaksandr-lukashenka", "hrodna"}
    assert set(mentioned(belarusian)) == {"andrei-raukou", "aliaksandr-lukashenka", "hrodna"}
    assert set(mentioned(latin)) == {"aliaksandr-lukashenka", "hrodna"}


def test_people_whose_names_are_merely_close_stay_apart(people):
    page = make_article(
        "The opposition abroad",
        body="<p>Sviatlana Tsikhanouskaya spoke in Vilnius while Siarhei Tsikhanouski was still in prison.</p>"
        "<p>Maria Kalesnikava's sentence was discussed; Kolesnikov, a businessman, was not mentioned.</p>",
    )
    found = mentioned(page)
    assert found["sviatlana-tsikhanouskaya"] == ["Sviatlana Tsikhanouskaya"]
    assert found["siarhei-tsikhanouski"] == ["Siarhei Tsikhanouski"]
    assert all("Kolesnikov" not in surfaces for surfaces in found.values())


def test_unpublishing_and_deleting_drop_the_mentions(people):
    page = make_article("Lukashenka speaks", body="<p>Lukashenko spoke in Hrodna.</p>")
    assert mentioned(page)
    page.unpublish()
    assert mentioned(page) == {}
    page.save_revision().publish()
    assert mentioned(page)
    pk = page.pk
    page.delete()
    assert not ArticleMention.objects.filter(article_id=pk).exists()


def test_a_new_alias_matches_articles_already_published(people):
    page = make_article("Air travel", body="<p>The airline Belavia added flights. Belavia's fleet is old.</p>")
    assert mentioned(page) == {}
    entity("belavia", "Belavia", kind=Kind.ORGANISATION)
    assert mentioned(page) == {"belavia": ["Belavia", "Belavia's"]}


def test_unknown_frequent_names_are_suggested_with_their_variants_grouped(people):
    make_article("Border talks", body="<p>Minister Ivan Kubrakov visited the border post.</p>")
    make_article("Police reform", body="<p>On Monday Kubrakov announced new rules for the police.</p>")
    translate(make_article("Once only", body="<p>Uladzimir Karanik opened a hospital.</p>"), "ru", "Однажды",
              body="<p>Министр Иван Кубраков выступил.</p>")
    suggestion = Suggestion.objects.get(name="Ivan Kubrakov")
    assert set(suggestion.variants) == {"Ivan Kubrakov", "Kubrakov", "Иван Кубраков"}
    assert suggestion.articles == 3
    assert not Suggestion.objects.filter(name__contains="Karanik").exists()  # one article only


def suggested():
    return {(s.name, tuple(sorted(s.variants)), s.articles, s.mentions) for s in Suggestion.objects.filter(dismissed=False)}


def test_suggestions_follow_each_publication_as_a_full_regrouping_would(people):
    first = make_article("Border talks", body="<p>Minister Ivan Kubrakov visited Uladzimir Karanik.</p>")
    make_article("Police reform", body="<p>On Monday Kubrakov announced new rules for the police.</p>")
    assert {s[0] for s in suggested()} == {"Ivan Kubrakov"}
    third = make_article("Health", body="<p>Uladzimir Karanik opened a hospital; Кубраков was there.</p>")
    assert {(s[0], s[2]) for s in suggested()} == {("Ivan Kubrakov", 3), ("Uladzimir Karanik", 2)}
    third.unpublish()
    assert {(s[0], s[2]) for s in suggested()} == {("Ivan Kubrakov", 2)}  # Karanik is down to one article
    first.unpublish()
    assert suggested() == set()
    first.save_revision().publish()
    third.save_revision().publish()
    kept_one_by_one = suggested()
    refresh_suggestions()  # from every stored name at once
    assert suggested() == kept_one_by_one


def editor(client):
    user = User.objects.create_user("editor", password="pw")
    user.groups.add(Group.objects.get(name="Editors"))
    client.force_login(user)
    return user


def test_a_private_article_counts_in_no_suggestion(people):
    make_article("Border talks", body="<p>Minister Ivan Kubrakov visited the border post.</p>")
    private = make_article("Private notes", body="<p>On Monday the staff met Ivan Kubrakov.</p>")
    PageViewRestriction.objects.create(page=private, restriction_type=PageViewRestriction.LOGIN)
    make_article("Police reform", body="<p>On Monday Ivan Kubrakov announced new rules.</p>")
    assert {(s[0], s[2]) for s in suggested()} == {("Ivan Kubrakov", 2)}
    refresh_suggestions()  # from every stored name at once
    assert {(s[0], s[2]) for s in suggested()} == {("Ivan Kubrakov", 2)}


def test_editors_accept_a_suggestion_as_an_entity_or_dismiss_it(client, people):
    make_article("Border talks", body="<p>Minister Ivan Kubrakov visited the border post.</p>")
    make_article("Police reform", body="<p>Then Kubrakov and Ihar Sergeenko announced new rules.</p>")
    make_article("Administration", body="<p>Yesterday Ihar Sergeenko met Kubrakov again.</p>")
    editor(client)
    page = client.get("/admin/entities/suggestions/")
    assert page.status_code == 200 and "Ivan Kubrakov" in page.content.decode()

    kubrakov = Suggestion.objects.get(name="Ivan Kubrakov")
    response = client.post(f"/admin/entities/suggestions/{kubrakov.pk}/accept/")
    assert response.status_code == 302
    created = Entity.objects.get(name_en="Ivan Kubrakov")
    assert created.slug == "ivan-kubrakov"
    assert ArticleMention.objects.filter(entity=created).count() == 3
    assert not Suggestion.objects.filter(name="Ivan Kubrakov").exists()

    sergeenko = Suggestion.objects.get(name="Ihar Sergeenko")
    client.post(f"/admin/entities/suggestions/{sergeenko.pk}/dismiss/")
    make_article("Again", body="<p>Today Ihar Sergeenko spoke.</p>")
    assert "<td>Ihar Sergeenko</td>" not in client.get("/admin/entities/suggestions/").content.decode()
    assert Suggestion.objects.get(name="Ihar Sergeenko").dismissed


def test_editors_hold_the_rights_on_entities():
    editors = Group.objects.get(name="Editors")
    held = set(editors.permissions.filter(content_type__app_label="entities").values_list("codename", flat=True))
    assert {"add_entity", "change_entity", "delete_entity", "add_suggestion"} <= held


def test_the_entity_page_lists_each_story_once_by_month_newest_first(client, people):
    july = make_article("Lukashenka in July", published="2016-07-05 10:00", body="<p>On Monday Lukashenka spoke.</p>")
    translate(july, "be", "Лукашэнка ў ліпені", body="<p>У панядзелак Лукашэнка выступіў.</p>")
    make_article("Лукашенко в декабре", language="ru", published="2016-12-12 10:00", lead="Итоги.",
                 body="<p>Александр Лукашенко провёл совещание.</p>")
    make_article("Unrelated", published="2016-12-13 10:00", body="<p>The weather was cold.</p>")
    html = client.get("/en/entities/aliaksandr-lukashenka/").content.decode()
    assert html.index("December 2016") < html.index("July 2016")
    assert html.index("Лукашенко в декабре") < html.index("Lukashenka in July")
    # One line per story: the Belarusian reader gets its translation, the English reader the original.
    assert "Лукашэнка ў ліпені" not in html and 'lang="ru"' in html and "in Russian" in html
    assert "Unrelated" not in html
    assert "Лукашэнка ў ліпені" in client.get("/be/entities/aliaksandr-lukashenka/").content.decode()
    russian = client.get("/ru/entities/aliaksandr-lukashenka/").content.decode()
    assert "<h1>Александр Лукашенко</h1>" in russian
    belarusian = client.get("/be/entities/aliaksandr-lukashenka/").content.decode()
    assert "<h1>Aliaksandr Lukashenka</h1>" in belarusian and 'class="fallback-note"' in belarusian
    index = client.get("/en/entities/").content.decode()
    assert "Aliaksandr Lukashenka" in index and "Andrei Raukou" not in index  # no article mentions him
    assert client.get("/en/entities/nobody/").status_code == 404


def test_the_article_page_links_to_its_entities(client, people):
    page = make_article("Lukashenka in Hrodna", body="<p>On Friday Lukashenka went to Hrodna.</p>")
    html = client.get(page.url).content.decode()
    assert "People, organisations and places" in html
    assert 'href="/en/entities/aliaksandr-lukashenka/"' in html and 'href="/en/entities/hrodna/"' in html


@pytest.mark.parametrize("hide", ["draft", "private", "unpublished"])
def test_unpublished_articles_never_reach_an_entity_page(client, people, hide):
    visible = make_article("Public piece", body="<p>On Monday Lukashenka spoke.</p>")
    hidden = make_article("Hidden piece", body="<p>On Tuesday Lukashenka spoke again.</p>", live=hide != "draft")
    if hide == "private":
        PageViewRestriction.objects.create(page=hidden, restriction_type=PageViewRestriction.LOGIN)
    elif hide == "unpublished":
        hidden.unpublish()
    html = client.get("/en/entities/aliaksandr-lukashenka/").content.decode()
    assert visible.title in html and "Hidden piece" not in html
    api = client.get("/api/v1/entities/aliaksandr-lukashenka").json()
    assert [a["title"] for a in api["articles"]["results"]] == ["Public piece"]


def test_search_for_one_spelling_finds_articles_with_another(client, people):
    make_article("Defence talks", body="<p>Minister Ravkov met the Latvian delegation.</p>")
    make_article("Cabinet", language="ru", lead="Кадры.", body="<p>Министра Андрея Равкова отправили в отставку.</p>")
    make_article("Weather", body="<p>Rain in Minsk.</p>")
    response = client.get("/en/search/", {"q": "Raukou", "language": ALL_LANGUAGES})
    titles = [result.article.title for result in response.context["results"]]
    assert set(titles) == {"Defence talks", "Cabinet"}


def test_the_similarity_engine_gets_the_entity_ids(people):
    page = make_article("Raukou in Hrodna", body="<p>On Monday Ravkov visited Grodno.</p>")
    expected = tuple(sorted([str(people["raukou"].pk), str(people["hrodna"].pk)]))
    assert entity_ids_by_article([page.pk]) == {page.pk: expected}
    assert corpus.documents_of([page.pk])[0].entities == expected


@pytest.mark.parametrize(
    ("field", "value", "message"),
    [
        ("name_en", "", "This field is required."),
        ("name_en", "A" * 10_000, "at most 120 characters (it has 10000)"),
        ("name_en", "Лукashenko", "mixes Latin and Cyrillic letters"),
        ("name_ru", "!!! ---", "has no letters that can be read as a name"),
    ],
)
def test_the_admin_form_refuses_bad_names_with_a_clear_error(client, field, value, message):
    user = User.objects.create_user("editor", password="pw")
    user.groups.add(Group.objects.get(name="Editors"))
    user.user_permissions.add(Permission.objects.get(codename="access_admin"))
    client.force_login(user)
    data = {
        "kind": "person", "slug": "someone", "name_en": "Someone", "name_ru": "", "name_be": "",
        "description_en": "", "description_ru": "", "description_be": "",
        "aliases-TOTAL_FORMS": "1", "aliases-INITIAL_FORMS": "0", "aliases-MIN_NUM_FORMS": "0",
        "aliases-MAX_NUM_FORMS": "1000", "aliases-0-name": "Лукашэнkа", "aliases-0-ORDER": "1",
        field: value,
    }
    response = client.post("/admin/snippets/entities/entity/add/", data)
    assert response.status_code == 200
    html = response.content.decode()
    assert message in html
    assert "mixes Latin and Cyrillic letters" in html  # the alias too
    assert not Entity.objects.exists()


def test_a_rebuild_on_every_core_reads_what_each_publication_read(people, monkeypatch):
    from django.core.management import call_command

    from trendwatch.entities import matching
    from trendwatch.entities.models import ArticleName
    from trendwatch.similar import forks

    make_article("Border talks", body="<p>Minister Ivan Kubrakov met Aliaksandr Lukashenka in Hrodna.</p>")
    make_article("Police reform", body="<p>On Monday Kubrakov and Andrei Raukou announced new rules.</p>")
    translate(make_article("Courts", body="<p>Maria Kalesnikava was sentenced.</p>"), "ru", "Суды",
              body="<p>Министр Иван Кубраков и Александр Лукашенко выступили в Гродно.</p>")
    make_article("Health", body="<p>Uladzimir Karanik opened a hospital; Kubrakov was there.</p>")

    def stored():
        names = set(ArticleName.objects.values_list("article_id", "surface", "count", "kind_guess", "unknown"))
        mentions = {(m.article_id, m.entity_id, tuple(m.surfaces), m.count) for m in ArticleMention.objects.all()}
        return names, mentions, suggested()

    published_one_by_one = stored()
    monkeypatch.setattr(forks, "PARALLEL_ROWS", 1)
    monkeypatch.setattr(forks.os, "cpu_count", lambda: 2)
    monkeypatch.setattr(matching, "REFRESH_BATCH", 2)  # batches handed to two workers
    assert forks.fork_workers(5) == 2, "the rebuild would not be forked"
    call_command("rebuild_entities", verbosity=0)
    assert stored() == published_one_by_one
    assert published_one_by_one[0] and published_one_by_one[1] and published_one_by_one[2]
