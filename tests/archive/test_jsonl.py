import datetime
import json
import re

import pytest
from django.core.management import call_command
from django.utils import timezone
from wagtail.models import PageViewRestriction

from tests.archive.helpers import CAPTURED_PAGE, import_archive
from tests.conftest import make_article, make_image, translate
from trendwatch.archive.export import ARCHIVE_NAME
from trendwatch.publishing.models import ArticlePage, Author, CreditedImage, HomePage, Trend, WeeklyIssue
from trendwatch.related.models import SimilarExclusion, SimilarPin

pytestmark = pytest.mark.django_db


def export(directory):
    call_command("export_archive", str(directory), verbosity=0)
    return directory / ARCHIVE_NAME


def lines(path):
    return [json.loads(line) for line in path.read_text(encoding="utf-8").splitlines()]


def build_archive():
    """Articles in every state, with translations, pictures, authors, pins, exclusions and a week overview."""
    author = Author.objects.create(slug="anna-k", name_en="Anna K.", name_ru="Анна К.")
    WeeklyIssue.objects.create(week_start=datetime.date(2016, 12, 12), overview_en="A calm week.", overview_ru="Спокойная неделя.")
    Trend.objects.filter(slug="security").update(description_en="Armed forces, police and special services.")
    main = make_article(image=make_image(), direction="improved")
    translate(main, "ru", "Беларусь и Латвия подписали соглашение об обороне")
    pinned = make_article("Poland and Belarus resume talks between military attachés", published="2016-12-13 09:00")
    gone = make_article("A note that was deleted", published="2016-12-13 08:00")
    main.authors.set([author])
    # Links to a later article, to a page that is not an article and to a deleted page.
    main.body = (
        f'<p>It follows <a linktype="page" id="{pinned.pk}">the talks</a>; see <a linktype="page" '
        f'id="{HomePage.objects.get(locale__language_code="en").pk}">the front page</a> and '
        f'<a linktype="page" id="{gone.pk}">a deleted note</a>.</p>'
    )
    main.save_revision().publish()
    gone.delete()
    excluded = make_article("Exporters get more time for currency proceeds", published="2016-12-13 11:00", trend="belarus-russia")
    SimilarPin.objects.create(article=main, target=pinned, sort_order=0)
    SimilarExclusion.objects.create(article=main, target=excluded)
    make_article("A draft about the air force", published=None, live=False,
                 body=f'<p>Unlike <a linktype="page" id="{main.pk}">the agreement</a>.</p>')
    private = make_article("A members-only note on the budget", published="2016-12-14 09:00")
    PageViewRestriction.objects.create(page=private, restriction_type=PageViewRestriction.PASSWORD, password="members")
    make_article("A piece taken down", published="2016-12-15 09:00").unpublish()
    scheduled = make_article("Monday's commentary on the exercise", published="2030-01-07 09:00", live=False)
    scheduled.go_live_at = timezone.now() + datetime.timedelta(days=3)
    scheduled.save_revision().publish()
    succeeded, _out, err = import_archive(CAPTURED_PAGE, format="seedtext", default_trend="belarus-west")
    assert succeeded, err


def empty_the_archive():
    for page in ArticlePage.objects.all():
        page.delete()
    CreditedImage.objects.all().delete()
    Author.objects.all().delete()
    WeeklyIssue.objects.all().delete()
    Trend.objects.update(description_en="")


def test_export_then_import_into_an_empty_site_then_export_gives_identical_files(tmp_path):
    build_archive()
    first = export(tmp_path / "first")
    empty_the_archive()
    assert not ArticlePage.objects.exists()
    succeeded, _out, err = import_archive(first, format="jsonl")
    assert succeeded, err
    second = export(tmp_path / "second")
    assert second.read_text(encoding="utf-8") == first.read_text(encoding="utf-8")
    first_images = sorted(path.name for path in (tmp_path / "first" / "images").iterdir())
    assert first_images and first_images == sorted(path.name for path in (tmp_path / "second" / "images").iterdir())
    for name in first_images:
        assert (tmp_path / "first" / "images" / name).read_bytes() == (tmp_path / "second" / "images" / name).read_bytes()


def test_the_export_keeps_states_dates_with_their_offset_and_every_choice(tmp_path):
    build_archive()
    records = lines(export(tmp_path))
    assert records[0] == {"type": "archive", "format": "trendwatch-archive", "version": 1}
    articles = {record["title"]: record for record in records if record["type"] == "article"}
    main = articles["Belarus and Latvia sign a defence cooperation agreement"]
    assert main["published_at"] == "2016-12-12T10:22:00+03:00"
    assert main["authors"] == ["anna-k"] and main["direction"] == "improved"
    assert main["similar_pins"] == [{"key": articles["Poland and Belarus resume talks between military attachés"]["key"]}]
    assert main["similar_exclusions"] == [articles["Exporters get more time for currency proceeds"]["key"]]
    assert main["group"] == articles["Беларусь и Латвия подписали соглашение об обороне"]["group"]
    image = next(record for record in records if record["type"] == "image" and record["key"] == main["image"])
    assert image["credit"] == "Ministry of Defence of the Republic of Belarus"
    assert (tmp_path / image["file"]).is_file()
    assert {title: record["status"] for title, record in articles.items()} | {} == {
        **{title: "published" for title in articles},
        "A draft about the air force": "draft",
        "A piece taken down": "withdrawn",
        "Monday's commentary on the exercise": "scheduled",
    }
    assert articles["A members-only note on the budget"]["privacy"] == {"type": "password", "password": "members"}
    seed = next(record for record in articles.values() if record["key"].startswith("seedtext:"))
    assert seed["source"] == {"format": "seedtext", "url": ""}
    assert seed["image_credit"] == "Press service of the Ministry of Defence"
    assert seed["similar_pins"][0]["published_at"] == "2017-06-26T11:43:00+03:00"


def test_an_import_restores_every_state(tmp_path):
    build_archive()
    first = export(tmp_path)
    empty_the_archive()
    import_archive(first, format="jsonl")
    by_title = {page.title: page for page in ArticlePage.objects.all()}
    assert not by_title["A draft about the air force"].live
    assert not by_title["A piece taken down"].live and by_title["A piece taken down"].first_published_at
    scheduled = by_title["Monday's commentary on the exercise"]
    assert not scheduled.live and scheduled.revisions.filter(approved_go_live_at__isnull=False).exists()
    assert by_title["A members-only note on the budget"].get_view_restrictions().get().password == "members"
    assert by_title["Беларусь и Латвия подписали соглашение об обороне"].translation_key == by_title[
        "Belarus and Latvia sign a defence cooperation agreement"
    ].translation_key


MAIN = "Belarus and Latvia sign a defence cooperation agreement"
TALKS = "Poland and Belarus resume talks between military attachés"


def talks_link(client):
    """The address the main article's link to the talks leads to, or None when it shows as text."""
    main = ArticlePage.objects.get(title=MAIN)
    page = client.get(main.url).content.decode()
    found = re.search(r'<a( href="([^"]*)")?[^>]*>the talks</a>|It follows the talks', page)
    assert found, "the link's text is on the page"
    return found[2]


def split_off(path, title, into):
    """Move the line of the article with `title` from the archive file `path` into a file of its own."""
    header, *rest = path.read_text(encoding="utf-8").splitlines()
    moved = [line for line in rest if f'"title": "{title}"' in line]
    path.write_text("\n".join([header] + [line for line in rest if line not in moved]) + "\n", encoding="utf-8")
    into.write_text("\n".join([header] + moved) + "\n", encoding="utf-8")


def test_links_between_articles_lead_to_the_same_articles_on_the_site_that_imports_them(tmp_path, client):
    build_archive()
    path = export(tmp_path)
    articles = {record["title"]: record for record in lines(path) if record["type"] == "article"}
    front_page = HomePage.objects.get(locale__language_code="en")
    assert articles[MAIN]["body"] == (
        f'<p>It follows <a linktype="page" data-archive-key="{articles[TALKS]["key"]}">the talks</a>; see '
        f'<a href="{front_page.url}">the front page</a> and a deleted note.</p>'
    )
    empty_the_archive()
    succeeded, _out, err = import_archive(path, format="jsonl")
    assert succeeded and not err, err
    assert talks_link(client) == ArticlePage.objects.get(title=TALKS).url
    # The draft comes first in the file, before the article it links to.
    draft = ArticlePage.objects.get(title="A draft about the air force")
    main = ArticlePage.objects.get(title=MAIN)
    assert f'linktype="page" id="{main.pk}"' in draft.get_latest_revision_as_object().body


def test_a_link_waits_for_an_article_that_another_file_brings(tmp_path, client):
    build_archive()
    path = export(tmp_path)
    split_off(path, TALKS, into=tmp_path / "later.jsonl")
    empty_the_archive()
    succeeded, _out, err = import_archive(path, format="jsonl")
    assert succeeded
    assert "1 article(s) link to articles in no archive yet" in err and MAIN in err
    assert talks_link(client) is None
    succeeded, _out, err = import_archive(tmp_path / "later.jsonl", format="jsonl")
    assert succeeded and not err, err
    assert talks_link(client) == ArticlePage.objects.get(title=TALKS).url


def test_a_link_finds_its_article_again_when_an_import_brings_it_back(tmp_path, client):
    build_archive()
    path = export(tmp_path)
    empty_the_archive()
    import_archive(path, format="jsonl")
    ArticlePage.objects.get(title=TALKS).delete()
    succeeded, out, err = import_archive(path, format="jsonl")
    assert succeeded and "1 created" in out, out + err
    assert talks_link(client) == ArticlePage.objects.get(title=TALKS).url


def test_a_dry_run_of_several_files_sees_what_the_earlier_files_bring(tmp_path):
    build_archive()
    path = export(tmp_path)
    split_off(path, TALKS, into=tmp_path / "later.jsonl")
    empty_the_archive()
    succeeded, out, err = import_archive(path, tmp_path / "later.jsonl", format="jsonl", dry_run=True)
    assert succeeded and "Dry run, nothing changed: 2 of 2 files imported" in out and not err, out + err
    assert not ArticlePage.objects.exists()


def test_a_link_by_a_database_id_of_another_site_is_kept_as_text_and_named(tmp_path, client):
    build_archive()
    path = export(tmp_path)
    talks_key = next(record["key"] for record in lines(path) if record.get("title") == TALKS)
    text = path.read_text(encoding="utf-8")
    path.write_text(text.replace(f'data-archive-key=\\"{talks_key}\\"', 'id=\\"20\\"'), encoding="utf-8")
    empty_the_archive()
    succeeded, _out, err = import_archive(path, format="jsonl")
    assert succeeded
    assert "1 link(s) name an article by a database id of the site they came from" in err and "line " in err
    assert talks_link(client) is None


def test_a_broken_line_changes_nothing_and_is_named_the_run_goes_on(tmp_path):
    make_article("First piece")
    make_article("Second piece", published="2016-12-13 10:00")
    good = export(tmp_path / "good")
    empty_the_archive()
    broken = tmp_path / "broken.jsonl"
    text_lines = good.read_text(encoding="utf-8").splitlines()
    text_lines[-1] = text_lines[-1].replace('"published_at": "2016', '"published_at": "the day after 2016')
    broken.write_text("\n".join(text_lines) + "\n", encoding="utf-8")
    (tmp_path / "images").mkdir()
    succeeded, out, err = import_archive(broken, good, format="jsonl")
    assert not succeeded
    assert f"{broken}: line {len(text_lines)}: published_at: not an ISO 8601 date and time" in err
    assert "1 of 2 files imported" in out
    assert sorted(ArticlePage.objects.values_list("title", flat=True)) == ["First piece", "Second piece"]


def test_a_file_that_fails_while_writing_leaves_no_article_and_no_picture(tmp_path, settings):
    make_article("A piece with a picture", image=make_image())
    make_article("A later piece", published="2016-12-13 10:00")
    archive = export(tmp_path)
    empty_the_archive()
    # The last article claims a week that does not contain its date: the site refuses it on saving.
    text_lines = archive.read_text(encoding="utf-8").splitlines()
    text_lines[-1] = text_lines[-1].replace('"week_override": null', '"week_override": "2017-01-02"')
    archive.write_text("\n".join(text_lines) + "\n", encoding="utf-8")
    stored_before = sorted(path.name for path in settings.MEDIA_ROOT.rglob("*") if path.is_file())
    succeeded, _out, err = import_archive(archive, format="jsonl")
    assert not succeeded
    assert f"{archive}: line {len(text_lines)}: week_override: The week" in err
    assert not ArticlePage.objects.exists() and not CreditedImage.objects.exists()
    assert sorted(path.name for path in settings.MEDIA_ROOT.rglob("*") if path.is_file()) == stored_before


def test_a_dry_run_reads_and_checks_but_changes_nothing(tmp_path):
    make_article("A piece")
    archive = export(tmp_path)
    empty_the_archive()
    succeeded, out, _err = import_archive(archive, format="jsonl", dry_run=True)
    assert succeeded and out.startswith("Dry run, nothing changed: 1 of 1 files imported: 1 created")
    assert not ArticlePage.objects.exists()


def test_importing_the_same_archive_twice_never_duplicates(tmp_path):
    make_article("A piece", image=make_image())
    archive = export(tmp_path)
    succeeded, out, _err = import_archive(archive, format="jsonl")
    assert succeeded and "0 created" in out
    import_archive(archive, format="jsonl")
    assert ArticlePage.objects.count() == 1 and CreditedImage.objects.count() == 1
