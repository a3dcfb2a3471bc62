"""Imports keep every character and state their limits: declared charsets, entity references, byte
order marks; files, articles and JSON nesting past the limits are refused naming where."""

import json

import pytest

from tests.archive.helpers import import_archive
from tests.archive.test_wxr_and_html import SECURITY, item, wordpress_export
from trendwatch.archive.limits import FILE_BYTES, JSON_DEPTH, TEXT_CHARACTERS
from trendwatch.publishing.models import ArticlePage

pytestmark = pytest.mark.django_db

HEADER = {"type": "archive", "format": "trendwatch-archive", "version": 1}


def saved_page(title="Naïve café owners protest", paragraphs=("The naïve café in Minsk closed.", "Its façade stays."),
               charset="iso-8859-1"):
    body = "".join(f"<p>{paragraph}</p>" for paragraph in paragraphs)
    return (
        f'<html lang="en"><head><meta charset="{charset}"><title>{title}</title>'
        '<meta property="article:published_time" content="2016-12-12T10:22:00"></head>'
        f"<body><article><h1>{title}</h1>{body}</article></body></html>"
    )


def jsonl_file(tmp_path, *records, text=None):
    path = tmp_path / "archive.jsonl"
    path.write_text(text if text is not None else "".join(json.dumps(record) + "\n" for record in records), encoding="utf-8")
    return path


def article_record(**fields):
    return {"type": "article", "key": "k1", "status": "published", "language": "en", "title": "A title",
            "lead": "A lead.", "body": "<p>A body.</p>", "published_at": "2016-12-12T10:22:00", "trend": "security",
            **fields}


@pytest.mark.parametrize("charset, encoding", [("iso-8859-1", "latin-1"), ("windows-1252", "cp1252"), ("utf-8", "utf-8")])
def test_a_saved_page_is_read_in_the_charset_it_declares(tmp_path, charset, encoding):
    path = tmp_path / "page.html"
    path.write_bytes(saved_page(charset=charset).encode(encoding))
    succeeded, _out, err = import_archive(path, format="html", default_trend="security")
    assert succeeded, err
    article = ArticlePage.objects.get()
    assert article.title == "Naïve café owners protest"
    assert article.lead == "The naïve café in Minsk closed."
    assert "Its façade stays." in article.body


def test_a_saved_page_in_cyrillic_windows_1251_keeps_its_letters(tmp_path):
    path = tmp_path / "page.html"
    page = saved_page("Сустрэча ў Мінску", ("Міністры сустрэліся ў Мінску.", "Размова ішла пра мяжу."), "windows-1251")
    path.write_bytes(page.encode("cp1251"))
    succeeded, _out, err = import_archive(path, format="html", default_trend="security")
    assert succeeded, err
    assert ArticlePage.objects.get().title == "Сустрэча ў Мінску"


def test_a_page_in_a_charset_nobody_knows_is_refused_naming_it(tmp_path):
    path = tmp_path / "page.html"
    path.write_bytes(saved_page(charset="klingon-8").encode("utf-8"))
    succeeded, _out, err = import_archive(path, format="html", default_trend="security")
    assert not succeeded and "<meta charset>: 'klingon-8' is not a character set" in err


def test_wxr_keeps_the_text_after_an_entity_reference(tmp_path):
    export = wordpress_export(item(1, "XXE &xxe; zqxxxe", content="<p>Before &xxe; after the reference.</p>", extra=SECURITY))
    doctype = '<!DOCTYPE rss [<!ENTITY xxe SYSTEM "file:///etc/passwd">]>\n'
    path = tmp_path / "export.xml"
    path.write_text(export.replace("<rss", doctype + "<rss", 1), encoding="utf-8")
    succeeded, _out, err = import_archive(path, format="wxr", trend_map=["security-issues=security"])
    assert succeeded, err
    article = ArticlePage.objects.get()
    assert article.title == "XXE &xxe; zqxxxe"
    assert "root:" not in article.title + article.body


def test_a_utf8_file_with_a_byte_order_mark_is_read(tmp_path):
    jsonl = jsonl_file(tmp_path, HEADER, article_record())
    jsonl.write_bytes(b"\xef\xbb\xbf" + jsonl.read_bytes())
    seedtext = tmp_path / "page.txt"
    seedtext.write_bytes(b"\xef\xbb\xbfA headline\nDecember 12, 2016 10:22\n\nA lead.\n\nA body.\n")
    page = tmp_path / "page.html"
    page.write_bytes(b"\xef\xbb\xbf" + saved_page(charset="utf-8").encode("utf-8"))
    for path, format_name in [(jsonl, "jsonl"), (seedtext, "seedtext"), (page, "html")]:
        succeeded, _out, err = import_archive(path, format=format_name, default_trend="security")
        assert succeeded, (format_name, err)
    assert sorted(ArticlePage.objects.values_list("title", flat=True)) == ["A headline", "A title", "Naïve café owners protest"]


def test_json_nested_too_deep_is_refused_naming_the_line(tmp_path):
    for depth in (JSON_DEPTH + 1, 100_000):
        path = jsonl_file(tmp_path, text=json.dumps(HEADER) + "\n" + "[" * depth + "]" * depth + "\n")
        succeeded, _out, err = import_archive(path, format="jsonl")
        assert not succeeded
        assert f"line 2: arrays and objects nested more than {JSON_DEPTH} levels deep" in err
        assert "RecursionError" not in err


def test_a_body_past_the_limit_is_refused_naming_the_line(tmp_path):
    limit = TEXT_CHARACTERS["body"]
    path = jsonl_file(tmp_path, HEADER, article_record(), article_record(key="k2", body="<p>" + "x" * limit + "</p>"))
    succeeded, _out, err = import_archive(path, format="jsonl")
    assert not succeeded and f"line 3: body: longer than {limit:,} characters" in err
    assert not ArticlePage.objects.exists()
    export = tmp_path / "export.xml"
    export.write_text(wordpress_export(item(7, "Long", content="y" * (limit + 1), extra=SECURITY)), encoding="utf-8")
    succeeded, _out, err = import_archive(export, format="wxr", trend_map=["security-issues=security"])
    assert not succeeded and f"(post 7): body: {limit + 1:,} characters, more than the {limit:,}" in err


def test_a_file_past_the_limit_is_refused_before_it_is_read(tmp_path, monkeypatch):
    monkeypatch.setitem(FILE_BYTES, "seedtext", 100)
    path = tmp_path / "page.txt"
    path.write_text("A headline\nDecember 12, 2016 10:22\n\n" + "A long body. " * 20, encoding="utf-8")
    succeeded, _out, err = import_archive(path, format="seedtext", default_trend="security")
    size = path.stat().st_size
    assert not succeeded and f"{path}: {size:,} bytes, more than the 100 a seedtext file may have" in err


def test_a_page_with_a_5000_character_title_is_refused_as_too_long(tmp_path):
    path = tmp_path / "page.html"
    path.write_text(saved_page(title="Long " * 1000, charset="utf-8"), encoding="utf-8")
    succeeded, _out, err = import_archive(path, format="html", default_trend="security")
    assert not succeeded
    assert "<title>: title: 4,999 characters, more than the 255 an article may have" in err
    assert "blank" not in err
