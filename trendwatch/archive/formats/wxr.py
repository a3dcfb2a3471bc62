"""WordPress export files (WXR): posts become articles; pages, attachments and menus are skipped.

Categories become trends where `--trend-map` maps them; tags are kept on the archive record.
post_date is the wall-clock time the WordPress site showed, read in this site's time zone.
Status: publish -> published, future -> scheduled, draft/pending -> draft, private -> published
behind a sign-in, a post password -> published behind that password; trashed posts are skipped.
"""

import datetime
import re
from email.utils import parsedate_to_datetime
from pathlib import Path

from django.utils.text import slugify
from lxml import etree

from trendwatch.publishing.languages import LANGUAGE_CODES

from ..limits import check_file_size, check_text_sizes
from ..records import ArchiveFile, ArchiveFormatError, ArticleRecord
from ..text import clean_body, guess_language, local_moment, paragraphs_html, plain_text

STATUS_MAP = {"publish": "published", "future": "scheduled", "draft": "draft", "pending": "draft", "private": "published"}
# WordPress's own shortcodes ([caption id="…"]…[/caption], [gallery], …) go; other words in square
# brackets ("[sic]", "[citation needed]") are the author's text.
SHORTCODE = r"\[/?(?:caption|wp_caption|gallery|audio|video|playlist|embed)\b[^\]]*\]"


def _local(element):
    return etree.QName(element).localname if isinstance(element.tag, str) else ""


def _child(element, name, namespace_hint=None):
    for child in element:
        if _local(child) == name and (namespace_hint is None or namespace_hint in (etree.QName(child).namespace or "")):
            return child
    return None


def _text(element, name, namespace_hint=None):
    # All of the text: an entity reference that is never resolved (an external one, say) is a child
    # node, and .text would stop before it. The reference itself stays, as written.
    child = _child(element, name, namespace_hint)
    return "".join(child.itertext()).strip() if child is not None else ""


def read(path, options):
    path = Path(path)
    check_file_size(path, "wxr")
    parser = etree.XMLParser(resolve_entities=False, no_network=True, huge_tree=False, strip_cdata=True)
    try:
        tree = etree.parse(str(path), parser)
    except etree.XMLSyntaxError as error:
        line = error.position[0] if error.position else error.lineno
        raise ArchiveFormatError(path, f"line {line}", f"not well-formed XML ({error.msg})") from error
    except OSError as error:
        raise ArchiveFormatError(path, "", f"cannot read the file: {error}") from error
    channel = tree.getroot().find("channel")
    if _local(tree.getroot()) != "rss" or channel is None:
        raise ArchiveFormatError(path, "line 1", "not a WordPress export: expected <rss> with a <channel>")
    language = options.language or _site_language(_text(channel, "language"))
    authors = {
        _text(author, "author_login"): _text(author, "author_display_name") or _text(author, "author_login")
        for author in channel
        if _local(author) == "author"
    }
    base_url = _text(channel, "base_blog_url") or _text(channel, "link")
    archive = ArchiveFile(path=str(path))
    for item in channel.iter("item"):
        if _text(item, "post_type") not in ("post", ""):
            continue
        status = _text(item, "status") or "publish"
        if status not in STATUS_MAP:
            continue  # trash, inherit (revisions, attachments), auto-draft
        archive.articles.append(_article(item, status, path, language, authors, base_url, options))
    return archive


def _site_language(code):
    short = code.split("-")[0].lower()
    return short if short in LANGUAGE_CODES else None


def _article(item, status, path, language, authors, base_url, options):
    where = f"line {item.sourceline} (<item>)"
    post_id = _text(item, "post_id")
    title = " ".join(_text(item, "title").split())
    if post_id:
        where = f"line {item.sourceline} (post {post_id})"
    guid = _text(item, "guid")
    key = guid or (f"{base_url}?p={post_id}" if post_id else _text(item, "link"))
    if not key:
        raise ArchiveFormatError(path, where, "the post has no guid, post_id or link to know it by")
    content, excerpt = _text(item, "encoded", "content"), _text(item, "encoded", "excerpt")
    check_text_sizes(path, where, title=title, lead=excerpt, body=content)
    body = clean_body(re.sub(SHORTCODE, "", content))
    excerpt = plain_text(excerpt)
    first_paragraph = re.search(r"<p>(.*?)</p>", body, re.DOTALL)
    # WordPress allows untitled posts; an article needs a headline: its first words stand in.
    title = title or _first_words(plain_text(body)) or _text(item, "post_name") or f"{post_id or key}"
    lead = excerpt or (plain_text(first_paragraph[1]) if first_paragraph else "") or title
    # A post of pictures only has no text left: its lead stands as the body.
    body = body or paragraphs_html([lead])
    published_at = _post_date(item, path, where)
    if published_at is None and status != "draft":
        raise ArchiveFormatError(path, where, f"a {status} post needs a date: wp:post_date or pubDate is missing or unreadable")
    categories, tags = [], []
    for category in item.iter("category"):
        domain = category.get("domain", "category")
        name = (category.text or "").strip()
        (tags if domain == "post_tag" else categories).append((category.get("nicename", ""), name))
    trend = next(
        (options.trend_map[label.lower()] for nicename, name in categories for label in (nicename, name) if label.lower() in options.trend_map),
        "",
    )
    login = _text(item, "creator")
    password = _text(item, "post_password")
    privacy = {"type": "password", "password": password[:255]} if password else None
    if status == "private":
        privacy = {"type": "login"}
    return ArticleRecord(
        key=f"wxr:{key}",
        where=where,
        language=language or guess_language(f"{title} {plain_text(body)}"),
        title=title,
        lead=lead,
        body=body,
        published_at=published_at,
        status=STATUS_MAP[status],
        trend=trend,
        authors=[(slugify(login)[:80] or "author", authors.get(login, login))] if login else [],
        go_live_at=published_at if status == "future" else None,
        privacy=privacy,
        source_format="wxr",
        source_url=_text(item, "link")[:1000],
        tags=sorted({name for _nicename, name in tags if name}),
        sticky=_text(item, "is_sticky") == "1",
    )


def _first_words(text, count=10):
    words = text.split()
    return " ".join(words[:count]) + (" …" if len(words) > count else "")


def _post_date(item, path, where):
    text = _text(item, "post_date")
    if text and not text.startswith("0000"):
        try:
            return local_moment(datetime.datetime.fromisoformat(text))
        except ValueError:
            raise ArchiveFormatError(path, where, f"wp:post_date {text[:40]!r} is not a date and time") from None
    try:  # unpublished posts often carry an impossible pubDate ("-0001"): no date at all
        moment = parsedate_to_datetime(_text(item, "pubDate"))
    except (TypeError, ValueError, IndexError):
        return None
    return moment if moment.tzinfo else local_moment(moment)
