"""Every importer keeps every character: generated headlines, leads and bodies (any Unicode, markup the
editor offers, entities and character references, declared charsets) come out of an import exactly as
they went in. Each example is imported into the database and rolled back."""

import html
import json
import re
from dataclasses import dataclass

from django.db import transaction
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from trendwatch.archive.formats import ReadOptions, reader
from trendwatch.archive.loader import ArchiveLoader
from trendwatch.archive.text import paragraphs_html, plain_text
from trendwatch.publishing.models import ArticlePage

# Imports are slow examples (a page, a revision, a publication each): a few dozen per importer keep the
# suite's run short; `python -m trendwatch.robustness` counts them.
ROUND_TRIPS = settings(
    max_examples=20, deadline=None, derandomize=True,
    suppress_health_check=[HealthCheck.function_scoped_fixture, HealthCheck.too_slow],
)  # fmt: skip
OPTIONS = ReadOptions(language="en")
# Words of any script: no surrogates, controls, private or unassigned code points (none is text), no
# spaces (readers collapse runs of them, so words are joined by one) and no byte order mark.
WORD = st.text(
    st.characters(blacklist_categories=("Cs", "Cc", "Co", "Cn", "Zs", "Zl", "Zp"), blacklist_characters="\ufeff"),
    min_size=1, max_size=12,
)  # fmt: skip
# And words that look like markup, entities, shortcodes or CDATA's end to one format or another.
LOOKALIKES = st.sampled_from(["[sic]", "[citation", "needed]", "&amp;", "&xxe;", "<b>", "]]>", "&#233;", "--", "*"])
PLAIN = st.lists(WORD | LOOKALIKES, min_size=1, max_size=12).map(" ".join)
INLINE = st.sampled_from([("", ""), ("<b>", "</b>"), ("<i>", "</i>"), ('<a href="https://example.org/a?b=1&amp;c=2">', "</a>")])


@st.composite
def markup_blocks(draw):
    """Body HTML as the editor writes it: paragraphs and headings of text, some of it bold, italic or linked."""
    blocks = []
    for tag in draw(st.lists(st.sampled_from(["p", "p", "p", "h2", "h3"]), min_size=1, max_size=5)):
        runs = [f"{opening}{html.escape(text, quote=False)}{closing}" for (opening, closing), text in draw(st.lists(st.tuples(INLINE, PLAIN), min_size=1, max_size=3))]
        blocks.append(f"<{tag}>{' '.join(runs)}</{tag}>")
    return "".join(blocks)


@dataclass
class Article:
    title: str
    lead: str
    body: str  # as the page stores it


def text_blocks(markup):
    """(tag, text) of each paragraph and heading of body HTML: what a reader reads, whatever the
    inline markup (sources name bold <b> or <strong>)."""
    return [(tag, plain_text(inner)) for tag, inner in re.findall(r"<(p|h2|h3)>(.*?)</\1>", markup, re.DOTALL)]


def read_the_same(stored, title, lead, body):
    assert (stored.title, stored.lead) == (title, lead)
    assert text_blocks(stored.body) == text_blocks(body)


def imported(tmp_path, name, content, format_name, default_trend="security"):
    """The one article of a file as imported, read back from the database; the import is rolled back."""
    path = tmp_path / name
    if isinstance(content, bytes):
        path.write_bytes(content)
    else:
        path.write_text(content, encoding="utf-8")
    archive = reader(format_name)(path, OPTIONS)
    with transaction.atomic():
        ArchiveLoader(default_trend=default_trend).load(archive)
        (page,) = ArticlePage.objects.all()
        stored = Article(page.title, page.lead, page.body)
        transaction.set_rollback(True)
    return stored



@ROUND_TRIPS
@given(title=PLAIN, lead=PLAIN, body=markup_blocks(), ascii_only=st.booleans())
def test_jsonl_keeps_every_character(db, tmp_path, title, lead, body, ascii_only):
    lines = [
        {"type": "archive", "format": "trendwatch-archive", "version": 1},
        {"type": "article", "key": "k1", "status": "published", "language": "en", "title": title, "lead": lead,
         "body": body, "published_at": "2016-12-12T10:22:00", "trend": "security"},
    ]
    content = "".join(json.dumps(line, ensure_ascii=ascii_only) + "\n" for line in lines)
    assert imported(tmp_path, "archive.jsonl", content, "jsonl") == Article(title, lead, body)


@ROUND_TRIPS
@given(title=PLAIN, lead=PLAIN, paragraphs=st.lists(PLAIN, min_size=1, max_size=4))
def test_seedtext_keeps_every_character(db, tmp_path, title, lead, paragraphs):
    content = "\n\n".join([f"{title}\nDecember 12, 2016 10:22", lead, *paragraphs]) + "\n"
    assert imported(tmp_path, "page.txt", content, "seedtext") == Article(title, lead, paragraphs_html(paragraphs))


CHARSETS = ["utf-8", "iso-8859-1", "windows-1251", "koi8-r", "gb18030"]


@ROUND_TRIPS
@given(title=PLAIN, lead=PLAIN, body=markup_blocks(), charset=st.sampled_from(CHARSETS))
def test_html_keeps_every_character(db, tmp_path, title, lead, body, charset):
    page = (
        f'<!DOCTYPE html><html lang="en"><head><meta charset="{charset}"><title>{html.escape(title)}</title>'
        '<meta property="article:published_time" content="2016-12-12T10:22:00"></head>'
        f"<body><article><h1>{html.escape(title)}</h1><p>{html.escape(lead)}</p>{body}</article></body></html>"
    )
    # Characters the charset lacks are written as character references, as editors' tools do.
    content = page.encode(charset, errors="xmlcharrefreplace")
    read_the_same(imported(tmp_path, "page.html", content, "html"), title, lead, body)


def cdata(text):
    """`text` in CDATA sections: one that holds "]]>" is split around it."""
    return "<![CDATA[" + text.replace("]]>", "]]]]><![CDATA[>") + "]]>"


def xml_text(text):
    """`text` escaped for XML, every other non-ASCII character as a numeric character reference."""
    escaped = html.escape(text, quote=False)
    return "".join(f"&#{ord(char)};" if ord(char) > 127 and position % 2 else char for position, char in enumerate(escaped))


@ROUND_TRIPS
@given(title=PLAIN, lead=PLAIN, body=markup_blocks())
def test_wxr_keeps_every_character(db, tmp_path, title, lead, body):
    content = f"""<?xml version="1.0" encoding="UTF-8"?>
<rss version="2.0" xmlns:excerpt="http://wordpress.org/export/1.2/excerpt/"
  xmlns:content="http://purl.org/rss/1.0/modules/content/" xmlns:wp="http://wordpress.org/export/1.2/">
<channel><title>Monitor</title><link>https://monitor.example</link><language>en</language>
<item><title>{xml_text(title)}</title><guid isPermaLink="false">https://monitor.example/?p=1</guid>
<content:encoded>{cdata(body)}</content:encoded><excerpt:encoded>{cdata(html.escape(lead))}</excerpt:encoded>
<wp:post_id>1</wp:post_id><wp:post_date>2016-12-12 10:22:00</wp:post_date><wp:status>publish</wp:status>
<wp:post_type>post</wp:post_type></item></channel></rss>"""
    read_the_same(imported(tmp_path, "export.xml", content, "wxr"), title, lead, body)
