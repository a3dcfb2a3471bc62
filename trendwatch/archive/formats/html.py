"""Saved article pages of an existing site: headline, date and time, picture credit, body, language.

A page's one <article> is read as written; on other pages trafilatura finds the article's text among
the navigation and boxes. The date and time
come from the page's metadata (article:published_time, <time datetime>) or a date line like the
seed page's; the credit from an "Image: …" line or the picture's caption.
"""

import codecs
import copy
import re
from pathlib import Path

import trafilatura
from lxml import etree, html as lxml_html

from trendwatch.publishing.languages import LANGUAGE_CODES

from ..limits import check_file_size, check_text_sizes
from ..records import ArchiveFile, ArchiveFormatError, ArticleRecord
from ..text import clean_body, guess_language, parse_date_line, parse_iso_moment, plain_text
from .seedtext import _labels

BYTE_ORDER_MARKS = [(codecs.BOM_UTF8, "utf-8"), (codecs.BOM_UTF16_LE, "utf-16-le"), (codecs.BOM_UTF16_BE, "utf-16-be")]
# Browsers look for the declaration in the first kilobyte; pages with long heads put it later.
CHARSET_PRESCAN_BYTES = 4096
DECLARED_CHARSET = re.compile(rb"""<meta[^>]*?charset\s*=\s*["']?\s*([\w.:-]+)""", re.IGNORECASE)
XML_DECLARATION = re.compile(r"^\s*<\?xml[^>]*\?>")
# What an <article> holds besides its text: the headline (read apart), pictures, embedded frames,
# navigation, boxes, forms and scripts.
NOT_ARTICLE_TEXT = ["h1", "nav", "aside", "footer", "figure", "form", "button", "script", "style", "noscript",
                    "template", "iframe", "object", "embed", "video", "audio"]


def read(path, options):
    path = Path(path)
    check_file_size(path, "html")
    try:
        raw = path.read_bytes()
    except OSError as error:
        raise ArchiveFormatError(path, "", f"cannot read the file: {error.strerror or error}") from error
    text = _page_text(raw, path)
    try:
        document = lxml_html.document_fromstring(text)
    except (etree.ParserError, ValueError) as error:
        raise ArchiveFormatError(path, "", f"not an HTML page ({error})") from error
    metadata = trafilatura.extract_metadata(document)
    title, extracted, as_written = _headline_and_text(document, text, metadata)
    if not title:
        raise ArchiveFormatError(path, "<title>", "the page has no headline (no <h1> or <title>)")
    check_text_sizes(path, "<title>", title=title)
    body_html = clean_body(extracted or "")
    paragraphs = re.findall(r"<(p|h2|h3|ul|ol|blockquote)>(.*?)</\1>", body_html, re.DOTALL)
    credit_labels = tuple(f"{label}:" for label in _labels("Image"))
    credit, published_at, kept = _figure_credit(document, credit_labels), _page_moment(document), []
    for tag, inner in paragraphs:
        text = plain_text(inner)
        if tag == "p" and text.lower().startswith(credit_labels):
            credit = credit or text.split(":", 1)[1].strip()
        elif tag == "p" and parse_date_line(text):
            published_at = published_at or parse_date_line(text)[0]
        elif as_written or tag == "p" or text != title:  # trafilatura keeps the headline as a heading
            kept.append(f"<{tag}>{inner}</{tag}>")
    if published_at is None and metadata and metadata.date:
        published_at = parse_iso_moment(metadata.date)
    if published_at is None:
        raise ArchiveFormatError(path, "<head>", "no publication date found (article:published_time, <time datetime> or a date line)")
    if not kept:
        raise ArchiveFormatError(path, "<body>", "no article text found")
    lead = plain_text(kept[0])
    check_text_sizes(path, "<body>", lead=lead, body="".join(kept[1:]))
    url = _canonical_url(document) or (metadata.url if metadata and metadata.url else "")
    language = options.language or _page_language(document) or guess_language(f"{title} {plain_text(body_html)}")
    return ArchiveFile(
        path=str(path),
        articles=[
            ArticleRecord(
                key=f"html:{url or path.name}",
                where="<html>",
                language=language,
                title=title,
                lead=lead,
                body="".join(kept[1:]),
                published_at=published_at,
                image_credit=credit[:255],
                source_format="html",
                source_url=url[:1000],
            )
        ],
    )


def _page_text(raw, path):
    """The page decoded as it says it is encoded: a byte order mark, else the character set its
    <meta> declares in its first kilobytes, else UTF-8. An XML declaration goes (lxml refuses text
    that carries one)."""
    for mark, encoding in BYTE_ORDER_MARKS:
        if raw.startswith(mark):
            raw, declared = raw[len(mark) :], encoding
            break
    else:
        match = DECLARED_CHARSET.search(raw[:CHARSET_PRESCAN_BYTES])
        declared = match[1].decode("ascii").lower() if match else "utf-8"
    try:
        text = raw.decode(declared)
    except LookupError:
        raise ArchiveFormatError(path, "<meta charset>", f"{declared!r} is not a character set this site knows") from None
    except UnicodeDecodeError as error:
        raise ArchiveFormatError(path, f"byte {error.start}", f"not {declared} text, as the page says it is") from None
    return XML_DECLARATION.sub("", text, count=1)


def _headline_and_text(document, text, metadata):
    """The headline, the article's markup, and whether that is as written. A page with one <article> gives them as written (its
    <h1> and the rest, less pictures, navigation and boxes); for other pages trafilatura finds the
    text among the page's navigation and boxes, which may merge short paragraphs and normalises
    Unicode."""
    articles = document.xpath("//article")
    if len(articles) == 1:
        article = copy.deepcopy(articles[0])
        headings = article.xpath(".//h1")
        for element in article.xpath(" | ".join(f".//{tag}" for tag in NOT_ARTICLE_TEXT)):
            element.drop_tree()
        if headings:
            # Serialised as HTML: as XML an empty <iframe/> would swallow the rest of the text.
            markup = (article.text or "") + "".join(lxml_html.tostring(child, encoding="unicode") for child in article)
            return " ".join(headings[0].text_content().split()), markup, True
    extracted = trafilatura.extract(
        text, output_format="html", include_formatting=True,
        include_links=True, include_comments=False, include_tables=False,
    )
    title = metadata.title if metadata and metadata.title else _first_heading(document)
    return " ".join(title.split()), extracted, False


def _first_heading(document):
    for heading in document.iter("h1", "title"):
        if heading.text_content().strip():
            return heading.text_content()
    return ""


def _page_moment(document):
    candidates = [meta.get("content", "") for meta in document.iter("meta") if meta.get("property") == "article:published_time"]
    candidates += [time.get("datetime", "") for time in document.iter("time")]
    for candidate in candidates:
        try:
            if "T" in candidate or " " in candidate.strip():
                return parse_iso_moment(candidate.strip().replace("Z", "+00:00"))
        except ValueError:
            continue
    return None


def _figure_credit(document, labels):
    for caption in document.iter("figcaption"):
        text = " ".join(caption.text_content().split())
        if text.lower().startswith(labels):
            return text.split(":", 1)[1].strip()
    return ""


def _canonical_url(document):
    for link in document.iter("link"):
        if "canonical" in (link.get("rel") or "").lower().split() and link.get("href"):
            return link.get("href").strip()
    for meta in document.iter("meta"):
        if meta.get("property") == "og:url" and meta.get("content"):
            return meta.get("content").strip()
    return ""


def _page_language(document):
    code = (document.get("lang") or "").split("-")[0].lower()
    return code if code in LANGUAGE_CODES else None
