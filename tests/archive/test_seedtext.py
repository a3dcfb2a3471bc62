import html
import re

import pytest

from tests.archive.helpers import CAPTURED_PAGE, captured_pages, import_archive
from tests.conftest import local_time, make_article
from trendwatch.archive.models import ArchiveRecord, PendingPin
from trendwatch.publishing.models import ArticlePage
from trendwatch.related.models import SimilarPin, similar_articles_for

pytestmark = pytest.mark.django_db


def source_parts(path):
    """(headline, credit, body paragraphs, first similar entry's headline) as the captured page has them."""
    lines = [line.strip() for line in path.read_text(encoding="utf-8").splitlines()]
    headline = lines[0]
    credit = next(line for line in lines if line.startswith("Image:")).split(":", 1)[1].strip()
    similar_at = lines.index("Similar articles")
    first_body = lines.index(next(line for line in lines if line.startswith("Image:"))) + 1
    paragraphs = [line for line in lines[first_body:similar_at] if line]
    similar_headline = next(line for line in lines[similar_at + 1 :] if line)
    return headline, credit, paragraphs, similar_headline


def words(markup):
    return " ".join(html.unescape(re.sub(r"<[^>]+>", " ", markup)).split())


def import_page(path=CAPTURED_PAGE):
    succeeded, _out, err = import_archive(path, format="seedtext", default_trend="belarus-west")
    assert succeeded, err
    return ArticlePage.objects.get(archive_record__key=f"seedtext:{path.stem}")


@pytest.mark.parametrize("path", captured_pages())
def test_a_captured_page_imports_with_its_date_credit_and_body_intact(client, path):
    headline, credit, paragraphs, _similar = source_parts(path)
    page = import_page(path)
    assert page.title == headline
    assert page.published_at == local_time("2016-12-12 10:22")
    assert page.live and page.language == "en" and page.trend.slug == "belarus-west"
    assert page.archive_record.image_credit == credit
    assert page.lead == paragraphs[0]
    assert words(page.body) == words(" ".join(paragraphs[1:]))
    assert "December 12, 2016 10:22" in client.get(page.url).content.decode()


@pytest.mark.parametrize("path", captured_pages())
def test_a_similar_entry_waits_for_its_target_and_becomes_a_pin_when_it_is_imported(tmp_path, client, path):
    _headline, _credit, _paragraphs, similar_headline = source_parts(path)
    page = import_page(path)
    pending = PendingPin.objects.get(article=page)
    assert (pending.title, pending.published_at) == (similar_headline, local_time("2017-06-26 11:43"))
    assert not SimilarPin.objects.filter(article=page).exists()

    target_file = tmp_path / "currency.txt"
    target_file.write_text(
        f"{similar_headline}\n\nJune 26, 2017 11:43\n\nExporters get twice as long to bring proceeds home.\n\n"
        "The decree also lowers fines for late payments.\n",
        encoding="utf-8",
    )
    succeeded, out, err = import_archive(target_file, format="seedtext", default_trend="belarus-russia")
    assert succeeded, err
    assert "1 similar-article pins resolved" in out
    target = ArticlePage.objects.get(title=similar_headline)
    assert list(SimilarPin.objects.filter(article=page).values_list("target", flat=True)) == [target.pk]
    assert not PendingPin.objects.exists()
    assert similar_articles_for(page)[0][0] == target


def test_a_similar_entry_whose_target_exists_is_pinned_at_once():
    _headline, _credit, _paragraphs, similar_headline = source_parts(CAPTURED_PAGE)
    target = make_article(similar_headline, published="2017-06-26 11:43", trend="belarus-russia")
    page = import_page()
    assert [pin.target_id for pin in page.similar_pins.all()] == [target.pk]
    assert not PendingPin.objects.exists()


def test_importing_again_updates_and_never_duplicates(tmp_path):
    import_page()
    succeeded, out, _err = import_archive(CAPTURED_PAGE, format="seedtext", default_trend="belarus-west")
    assert succeeded and "1 unchanged" in out
    edited = tmp_path / CAPTURED_PAGE.name
    edited.write_text(CAPTURED_PAGE.read_text(encoding="utf-8").replace("10:22", "10:25", 1), encoding="utf-8")
    succeeded, out, _err = import_archive(edited, format="seedtext", default_trend="belarus-west")
    assert succeeded and "1 updated" in out
    assert ArticlePage.objects.count() == 1 and ArchiveRecord.objects.count() == 1
    assert ArticlePage.objects.get().published_at == local_time("2016-12-12 10:25")


def test_a_truncated_page_is_refused_with_its_path_and_line_and_changes_nothing(tmp_path):
    truncated = tmp_path / "cut.txt"
    truncated.write_text(CAPTURED_PAGE.read_text(encoding="utf-8").splitlines()[0] + "\n\n", encoding="utf-8")
    good = tmp_path / "good.txt"
    good.write_text("A headline\n\nDecember 13, 2016 09:00\n\nA lead.\n\nA body.\n", encoding="utf-8")
    succeeded, out, err = import_archive(truncated, good, format="seedtext", default_trend="security")
    assert not succeeded
    assert f"{truncated}: line 2: expected a date line" in err
    assert "1 of 2 files imported" in out
    assert list(ArticlePage.objects.values_list("title", flat=True)) == ["A headline"]


def test_an_article_without_a_trend_is_refused_clearly(tmp_path):
    succeeded, _out, err = import_archive(CAPTURED_PAGE, format="seedtext")
    assert not succeeded
    assert "has no trend: map one with --trend-map or give --default-trend" in err
    assert not ArticlePage.objects.exists()


def test_russian_and_belarusian_captures_are_read_in_their_language(tmp_path):
    russian = tmp_path / "ru.txt"
    russian.write_text("Минск и Рига подписали соглашение\n\n12 декабря 2016 10:22\nФото: Минобороны\n\nЛид.\n\nТекст статьи.\n", encoding="utf-8")
    belarusian = tmp_path / "be.txt"
    belarusian.write_text("Мінск і Рыга падпісалі пагадненне\n\n12 снежня 2016 10:22\n\nЛід артыкула.\n\nТэкст.\n", encoding="utf-8")
    succeeded, _out, err = import_archive(russian, belarusian, format="seedtext", default_trend="security")
    assert succeeded, err
    languages = dict(ArticlePage.objects.values_list("title", "locale__language_code"))
    assert languages == {"Минск и Рига подписали соглашение": "ru", "Мінск і Рыга падпісалі пагадненне": "be"}
    assert {page.published_at for page in ArticlePage.objects.all()} == {local_time("2016-12-12 10:22")}
