"""Random and truncated input to the seedtext, jsonl and wxr readers: a clear error naming the
file, or records; never a crash, and never a partly imported file."""

import pytest
from django.db import transaction
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from tests.archive.test_wxr_and_html import SECURITY, item, wordpress_export
from tests.conftest import make_article, make_image
from trendwatch.archive.export import export_archive
from trendwatch.archive.formats import ReadOptions, reader
from trendwatch.archive.loader import ArchiveLoader
from trendwatch.archive.records import ArchiveFormatError
from trendwatch.publishing.models import ArticlePage

SEEDTEXT = (
    "Minsk and Riga agree on a military dialogue\n\nDecember 12, 2016 10:22\nImage: Ministry of Defence\n\n"
    "The agreement is a standard one.\n\nThe minister signed it in Riga.\n\nSimilar articles\n\n"
    "Exporters get more time\nJune 26, 2017 11:43\n\nA decree extends the deadlines.\n"
)
WXR = wordpress_export(
    item(1, "Belarus and Latvia sign an agreement", extra=SECURITY),
    item(2, "A draft", status="draft", date="0000-00-00 00:00:00", extra=SECURITY),
    item(3, "Monday's piece", status="future", date="2030-01-07 09:00:00", extra=SECURITY),
)
OPTIONS = ReadOptions(trend_map={"security issues": "security"})
PROPERTY_SETTINGS = settings(max_examples=40, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
TEXT = st.text(st.characters(blacklist_categories=["Cs"]), max_size=400)


def read_or_refuse(format_name, path):
    """The reader's records, or None after a clear refusal that names the file."""
    try:
        return reader(format_name)(path, OPTIONS)
    except ArchiveFormatError as error:
        assert str(error).startswith(str(path)) and error.message
        return None


def write(tmp_path, name, text):
    path = tmp_path / name
    path.write_text(text, encoding="utf-8")
    return path


@PROPERTY_SETTINGS
@given(cut=st.integers(min_value=0, max_value=len(SEEDTEXT)))
def test_truncated_seedtext_reads_or_is_refused(tmp_path, cut):
    archive = read_or_refuse("seedtext", write(tmp_path, "page.txt", SEEDTEXT[:cut]))
    if archive is not None:
        (article,) = archive.articles
        assert article.title and article.published_at and article.lead


@PROPERTY_SETTINGS
@given(text=TEXT)
def test_random_seedtext_reads_or_is_refused(tmp_path, text):
    read_or_refuse("seedtext", write(tmp_path, "page.txt", text))


@PROPERTY_SETTINGS
@given(cut=st.integers(min_value=0, max_value=len(WXR)))
def test_truncated_wxr_reads_or_is_refused(tmp_path, cut):
    read_or_refuse("wxr", write(tmp_path, "export.xml", WXR[:cut]))


@PROPERTY_SETTINGS
@given(text=TEXT)
def test_random_wxr_reads_or_is_refused(tmp_path, text):
    read_or_refuse("wxr", write(tmp_path, "export.xml", text))


JSON_VALUES = st.recursive(
    st.none() | st.booleans() | st.integers() | st.text(max_size=20),
    lambda children: st.lists(children, max_size=3) | st.dictionaries(st.text(max_size=12), children, max_size=4),
    max_leaves=8,
)
ARTICLE_FIELDS = ["key", "language", "status", "title", "lead", "body", "published_at", "trend", "authors", "privacy", "similar_pins", "group", "image"]


@PROPERTY_SETTINGS
@given(fields=st.dictionaries(st.sampled_from(ARTICLE_FIELDS), JSON_VALUES, max_size=len(ARTICLE_FIELDS)))
def test_random_jsonl_records_read_or_are_refused(tmp_path, fields):
    import json

    header = '{"type": "archive", "format": "trendwatch-archive", "version": 1}\n'
    read_or_refuse("jsonl", write(tmp_path, "archive.jsonl", header + json.dumps({"type": "article", **fields}) + "\n"))


@pytest.fixture
def exported_archive(db, tmp_path_factory):
    make_article("First piece", image=make_image())
    make_article("Second piece", published="2016-12-13 10:00", trend="belarus-russia")
    folder = tmp_path_factory.mktemp("export")
    export_archive(folder)
    for page in ArticlePage.objects.all():
        page.delete()
    return (folder / "archive.jsonl").read_text(encoding="utf-8"), folder


class Rollback(Exception):
    pass


def assert_whole_or_nothing(archive, default_trend):
    """Load `archive` (None: refused on reading) in a transaction rolled back afterwards: all of
    its articles are written, or none."""
    try:
        with transaction.atomic():
            if archive is not None:
                try:
                    ArchiveLoader(default_trend=default_trend).load(archive)
                except ArchiveFormatError:
                    assert not ArticlePage.objects.exists()
                else:
                    assert ArticlePage.objects.count() == len(archive.articles)
            raise Rollback
    except Rollback:
        pass
    assert not ArticlePage.objects.exists()


@PROPERTY_SETTINGS
@given(cut=st.integers(min_value=0, max_value=10_000))
def test_a_truncated_jsonl_archive_imports_whole_or_not_at_all(exported_archive, cut):
    text, folder = exported_archive
    cut = cut % (len(text) + 1)
    archive = read_or_refuse("jsonl", write(folder, "cut.jsonl", text[:cut]))
    assert_whole_or_nothing(archive, default_trend=None)


@PROPERTY_SETTINGS
@given(cut=st.integers(min_value=0, max_value=len(WXR)))
def test_a_truncated_wxr_export_imports_whole_or_not_at_all(db, tmp_path, cut):
    archive = read_or_refuse("wxr", write(tmp_path, "export.xml", WXR[:cut]))
    assert_whole_or_nothing(archive, default_trend="security")


MARKUP = st.lists(
    st.sampled_from(["<p>", "</p>", "<h1>", "</h1>", "<b>", "</b>", "<div>", "</div>", "<ul><li>", "</li></ul>",
                     '<a href="https://x.example" onclick="y">', "</a>", "<script>", "</script>", "<!-- c -->",
                     "\n\n", "text", " & ", "<br>", "<table><td>"]) | TEXT.map(lambda text: text[:20]),
    max_size=30,
).map("".join)


@settings(max_examples=300, deadline=None)
@given(markup=MARKUP)
def test_cleaning_a_cleaned_body_changes_nothing(markup):
    from trendwatch.archive.text import clean_body

    once = clean_body(markup)
    assert clean_body(once) == once
    assert clean_body(once, keep_editor_markup=True) == once
    assert "<script" not in once and "onclick" not in once
