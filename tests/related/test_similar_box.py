import datetime
import re
import time

import pytest
from django.core.management import call_command
from django.utils import timezone
from wagtail.models import PageViewRestriction

from trendwatch.related import corpus
from trendwatch.related.models import (
    Neighbour,
    SimilarExclusion,
    SimilarPin,
    TextSketch,
    similar_articles_for,
    similar_box_for,
)
from tests.conftest import make_article, translate

pytestmark = pytest.mark.django_db

DEFENCE = dict(
    title="Belarus and Latvia sign a defence cooperation agreement",
    lead="The defence ministers agreed on military dialogue, airspace control and arms control.",
    body="<p>Defence Minister Khrenin signed the defence cooperation agreement in Riga. Military dialogue "
    "with NATO countries, airspace control and arms control are part of it.</p>",
)


def defence_piece(title, published="2016-12-14 10:00", **fields):
    return make_article(
        title,
        lead=f"{title}: the defence ministries discuss military cooperation and arms control.",
        body=f"<p>{title}. Defence Minister Khrenin and NATO officers discussed military dialogue, "
        "airspace control, arms control and exercises.</p>",
        published=published,
        **fields,
    )


def currency_piece(title="Exporters get more time to bring home currency proceeds", published="2016-12-13 10:00", **fields):
    return make_article(
        title,
        trend="belarus-russia",
        lead="A decree extends the deadline for foreign trade settlements from 90 to 180 days.",
        body="<p>Exporters and importers get longer deadlines for currency proceeds; fines for delayed "
        "payments fall.</p>",
        published=published,
        **fields,
    )


def box_titles(article):
    return [page.title for page, _entry in similar_articles_for(article)]


def test_a_defence_piece_gets_defence_pieces_not_currency_rules():
    article = make_article(**DEFENCE)
    currency_piece()
    defence_piece("Poland and Belarus resume talks between military attachés")
    defence_piece("Khrenin invites NATO observers to the exercise", published="2016-12-20 10:00")
    titles = box_titles(article)
    assert titles[:2] == [
        "Poland and Belarus resume talks between military attachés",
        "Khrenin invites NATO observers to the exercise",
    ] or set(titles[:2]) == {
        "Poland and Belarus resume talks between military attachés",
        "Khrenin invites NATO observers to the exercise",
    }
    # Nothing else is similar enough, and the currency rules are another trend: no filler of any kind.
    assert "Exporters get more time to bring home currency proceeds" not in titles


def test_weak_matches_are_never_shown_as_similar_but_under_more_on_the_trend(client, settings):
    article = make_article(**DEFENCE)
    weak = defence_piece("Army choir tours the regions", published="2016-12-15 10:00")
    strong = defence_piece("Poland and Belarus resume talks between military attachés")
    Neighbour.objects.filter(article=article).delete()
    Neighbour.objects.create(article=article, neighbour=strong, rank=0, score=settings.SIMILAR_MIN_SCORE + 0.1)
    Neighbour.objects.create(article=article, neighbour=weak, rank=1, score=settings.SIMILAR_MIN_SCORE - 0.05)
    similar, more = similar_box_for(article)
    assert [page.title for page, _entry in similar] == [strong.title]
    assert weak.title in [page.title for page, _entry in more]
    page = client.get(article.url).content.decode()
    similar_section = page[page.index('id="similar-heading"'):page.index('id="more-heading"')]
    assert strong.title in similar_section and weak.title not in similar_section
    assert "More on Security issues" in page


def test_headings_and_list_items_are_read_as_words_of_their_own():
    energy = make_article(
        "Energy policy after the winter", lead="Where the country's power will come from.",
        body="<h2>Ostrovets</h2><p>The second unit works at full power.</p><ul><li>Hrodna</li><li>Vitebsk</li></ul>",
    )
    other = make_article(
        "Power lines from Ostrovets reach Hrodna", published="2016-12-13 10:00",
        lead="New lines carry power from Ostrovets to Hrodna.", body="<p>The lines reach Hrodna this week.</p>",
    )
    reasons = Neighbour.objects.get(article=energy, neighbour=other).reasons
    assert {"ostrovets", "hrodna"} <= {word.lower() for word in reasons["shared_terms"]}


def test_the_box_never_offers_the_article_itself_or_its_translations():
    article = make_article(**DEFENCE)
    translate(article, "ru", "Беларусь и Латвия подписали соглашение об оборонном сотрудничестве")
    defence_piece("Poland and Belarus resume talks between military attachés")
    titles = box_titles(article)
    assert DEFENCE["title"] not in titles
    assert not any("Латвия" in title for title in titles)


def test_unpublished_private_and_excluded_articles_never_appear():
    article = make_article(**DEFENCE)
    visible = defence_piece("Visible defence piece")
    defence_piece("Draft defence piece", live=False)
    withdrawn = defence_piece("Withdrawn defence piece")
    withdrawn.unpublish()
    private = defence_piece("Private defence piece")
    PageViewRestriction.objects.create(page=private, restriction_type=PageViewRestriction.LOGIN)
    defence_piece("Excluded defence piece", exclude_from_similar=True)
    assert box_titles(article) == [visible.title]


def test_a_scheduled_article_appears_only_once_its_time_has_come(client):
    article = make_article(**DEFENCE)
    scheduled = defence_piece("Scheduled defence piece", live=False)
    scheduled.go_live_at = timezone.now() + datetime.timedelta(seconds=2)
    scheduled.save_revision().publish()  # with a future go-live time, publishing schedules it
    assert "Scheduled defence piece" not in box_titles(article)
    assert "Scheduled defence piece" not in client.get(article.url).content.decode()

    time.sleep(max(0.0, (scheduled.go_live_at - timezone.now()).total_seconds()) + 0.1)
    call_command("publish_scheduled")
    assert box_titles(article) == ["Scheduled defence piece"]
    assert "Scheduled defence piece" in client.get(article.url).content.decode()


def test_pins_come_first_and_exclusions_never_show():
    article = make_article(**DEFENCE)
    close = defence_piece("Close defence piece")
    excluded = defence_piece("Another defence piece")
    pinned = currency_piece()
    SimilarPin.objects.create(article=article, target=pinned)
    SimilarExclusion.objects.create(article=article, target=excluded)
    titles = box_titles(article)
    assert titles[0] == pinned.title
    assert close.title in titles and excluded.title not in titles


def test_a_pin_never_brings_an_article_marked_exclude_from_similar():
    article = make_article(**DEFENCE)
    pinned = currency_piece(exclude_from_similar=True)
    SimilarPin.objects.create(article=article, target=pinned)
    assert pinned.title not in box_titles(article)


def test_a_pinned_article_is_shown_in_the_readers_language():
    article = make_article(**DEFENCE)
    pinned = currency_piece()
    russian_pinned = translate(pinned, "ru", "Экспортёрам дали больше времени")
    only_in_english = make_article(
        "Banks may sell currency at weekends", trend="belarus-russia", published="2016-12-12 10:00",
        lead="Exchange offices may open on Saturdays.", body="<p>Currency exchange at weekends.</p>",
    )
    SimilarPin.objects.create(article=article, target=russian_pinned)  # the editor chose the Russian version
    SimilarPin.objects.create(article=article, target=only_in_english)
    article.refresh_from_db()
    russian_article = translate(article, "ru", "Беларусь и Латвия подписали соглашение об обороне")  # copies the pins
    assert box_titles(article)[:2] == [pinned.title, only_in_english.title]
    assert box_titles(russian_article)[:2] == [russian_pinned.title, only_in_english.title]


def test_results_follow_the_readers_language_through_translations():
    article = make_article(**DEFENCE)
    russian_article = translate(article, "ru", "Беларусь и Латвия подписали соглашение об обороне")
    related = defence_piece("Poland and Belarus resume talks between military attachés")
    translate(related, "ru", "Польша и Беларусь возобновили диалог военных атташе")
    defence_piece("A defence piece only in English")
    similar, _more = similar_box_for(russian_article)
    assert [page.title for page, _entry in similar] == ["Польша и Беларусь возобновили диалог военных атташе"]


def test_neighbours_far_down_the_list_fill_the_box_when_the_best_have_no_version_in_the_readers_language(settings):
    settings.SIMILAR_BOX_SIZE = 1  # the first pages loaded are those of the two best groups
    article = make_article(**DEFENCE)
    russian_article = translate(article, "ru", "Беларусь и Латвия подписали соглашение об обороне")
    english_only = [defence_piece(f"Defence talks round {number}") for number in range(2)]
    third = defence_piece("Poland and Belarus resume talks between military attachés")
    russian_third = translate(third, "ru", "Польша и Беларусь возобновили диалог военных атташе")
    # Closest in time and of the same trend: what the fallback would take instead.
    decoy = make_article("Exporters get more time", published="2016-12-12 10:23", lead="Currency proceeds.", body="<p>Exporters.</p>")
    translate(decoy, "ru", "Экспортёры получили больше времени")
    Neighbour.objects.filter(article__in=[article, russian_article]).delete()
    for rank, (neighbour, score) in enumerate([(english_only[0], 0.9), (english_only[1], 0.8), (third, 0.7)]):
        Neighbour.objects.create(article=article, neighbour=neighbour, rank=rank, score=score)
    assert box_titles(russian_article) == [russian_third.title]


def test_near_duplicates_share_one_place_in_the_box():
    article = make_article(**DEFENCE)
    defence_piece("Poland and Belarus resume talks between military attachés")
    defence_piece("Poland and Belarus resume talks between military attachés", published="2016-12-15 10:00")
    titles = box_titles(article)
    assert titles.count("Poland and Belarus resume talks between military attachés") == 1


def test_a_lightly_edited_republication_shares_one_place_in_the_box_with_its_original():
    article = make_article(**DEFENCE)
    body = (
        "<p>Defence Minister Khrenin and NATO officers discussed military dialogue, airspace control, arms control "
        "and exercises near the border. The talks in Warsaw were the first since 2014 and covered notification of "
        "exercises, inspections under the Vienna Document and the work of military attachés.</p><p>Both sides "
        "agreed to exchange data on troop movements each quarter, to invite observers to large drills, and to "
        "keep a telephone line open between the general staffs for incidents in the airspace.</p>"
    )
    original = make_article(
        "Poland and Belarus resume talks between military attachés", published="2016-12-14 10:00",
        lead="The defence ministries discuss military cooperation.", body=body,
    )
    republished = make_article(
        "Poland and Belarus resume talks between military attachés (updated)", published="2016-12-14 12:00",
        lead="The defence ministries discuss military cooperation again.", body=body.replace("Warsaw", "Warsaw on Monday"),
    )
    other = defence_piece("Khrenin invites NATO observers to the exercise")
    titles = box_titles(article)
    assert len({original.title, republished.title} & set(titles)) == 1
    assert other.title in titles
    assert republished.title not in box_titles(original) and original.title not in box_titles(republished)


def test_text_sketches_follow_edits_and_a_rebuild_makes_every_one_again():
    article = make_article(**DEFENCE)
    first = TextSketch.objects.get(page=article).sketch
    article.body = "<p>The agreement also covers military medicine and joint training of officers.</p>"
    article.save_revision().publish()
    assert TextSketch.objects.get(page=article).sketch != first
    other = defence_piece("Poland and Belarus resume talks between military attachés")
    TextSketch.objects.all().delete()
    call_command("rebuild_similar")
    assert set(TextSketch.objects.values_list("page_id", flat=True)) == {article.pk, other.pk}
    # An edit that a new process (a restarted worker) is the first to see.
    second = TextSketch.objects.get(page=article).sketch
    corpus.forget()
    article.body = "<p>The agreement covers nothing but military medicine.</p>"
    article.save_revision().publish()
    assert TextSketch.objects.get(page=article).sketch not in (first, second)


def test_the_box_offers_the_trends_articles_while_the_trend_has_others():
    article = make_article(**DEFENCE)
    unrelated = make_article("Potato harvest is up", lead="Farms report yields.", body="<p>Yields rose.</p>")
    make_article("Bread prices rise", trend="society-parties", lead="Bakeries raise prices.", body="<p>Bread.</p>")
    assert box_titles(article) == [unrelated.title]


def test_the_box_looks_further_back_when_the_articles_nearest_in_time_are_all_refused(settings):
    article = make_article(**DEFENCE, published="2016-12-31 10:00")
    translate(article, "ru", "Беларусь и Латвия подписали соглашение об обороне")
    older = make_article(
        "Potato harvest is up", published="2016-11-01 10:00",
        lead="Farms report yields.", body="<p>Yields rose.</p>",
    )
    for day in range(13):
        make_article(
            f"Service notice {day}", published=f"2016-12-{10 + day} 10:00",
            lead=f"Office hours change {day}.", body=f"<p>Notice {day}.</p>", exclude_from_similar=True,
        )
    assert box_titles(article) == [older.title]
    settings.SIMILAR_BOX_SIZE = 1
    later = make_article(
        "Bread prices rise", published="2017-01-02 10:00",
        lead="Bakeries raise prices.", body="<p>Bread costs more.</p>",
    )
    assert box_titles(article) == [later.title]  # the closest in time of the two


def test_box_size_is_configurable(settings):
    article = make_article(**DEFENCE)
    for number in range(6):
        defence_piece(f"Defence piece number {number}", published=f"2016-12-{13 + number} 10:00")
    assert len(similar_articles_for(article)) == 4
    settings.SIMILAR_BOX_SIZE = 2
    assert len(similar_articles_for(article)) == 2


def test_the_box_is_the_same_on_every_view(client):
    article = make_article(**DEFENCE)
    for number in range(6):
        defence_piece(f"Defence piece number {number}")
    views = {
        client.get(article.url).content.decode().split('id="similar-heading"')[1].split("</section>")[0]
        for _ in range(3)
    }
    assert len(views) == 1


def test_editors_see_reasons_in_preview_and_readers_do_not(client):
    article = make_article(**DEFENCE)
    defence_piece("Poland and Belarus resume talks between military attachés")
    assert "Shared terms" not in client.get(article.url).content.decode()
    preview = article.make_preview_request().content.decode()
    assert "Score" in preview and "Shared terms" in preview and "defence" in preview


def test_incremental_lists_equal_a_full_rebuild():
    make_article(**DEFENCE)
    for number in range(5):
        defence_piece(f"Defence piece number {number}", published=f"2016-12-{13 + number} 10:00")
    currency_piece()
    withdrawn = defence_piece("Withdrawn defence piece")
    withdrawn.unpublish()

    def stored():
        return {
            (entry.article_id, entry.rank): entry.neighbour_id
            for entry in Neighbour.objects.all()
        }

    incremental = stored()
    corpus.forget()
    call_command("rebuild_similar", verbosity=0)
    assert stored() == incremental
    assert incremental


def test_rebuild_command_reports_progress_and_count(capsys):
    make_article(**DEFENCE)
    defence_piece("Poland and Belarus resume talks between military attachés")
    call_command("rebuild_similar")
    captured = capsys.readouterr()
    assert "Stored similar-article lists for 2 articles." in captured.out
    for stage in ("analysing articles", "text sketches", "similar lists"):  # each with its count
        assert re.search(rf"{stage}: .*\b2/2\b", captured.err), captured.err


def test_a_progress_bar_leaves_the_process_free_to_fork_its_rebuild_workers():
    """The engine shares a large rebuild among processes only when no other thread runs."""
    import threading

    from trendwatch.progress import progress_bar

    threads_before = threading.active_count()
    with progress_bar("similar lists") as report:
        report(1, 2)
        assert threading.active_count() == threads_before


def test_editors_read_entity_names_not_their_ids_among_shared_names():
    from trendwatch.entities.models import Entity

    latvia = Entity.objects.create(kind="place", slug="latvia", name_en="Latvia", name_ru="Латвия")
    article = make_article(**DEFENCE)
    other = defence_piece("Poland and Belarus resume talks between military attachés")
    Neighbour.objects.filter(article=article).delete()
    Neighbour.objects.create(article=article, neighbour=other, rank=0, score=0.9,
                             reasons={"shared_names": [str(latvia.pk), "Riga"]})
    [(_page, entry)] = similar_box_for(article, with_reasons=True)[0]
    assert entry.reasons["shared_names"] == ["Latvia", "Riga"]
