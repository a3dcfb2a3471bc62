"""Text helpers shared by the readers: body HTML cleaning, date lines, language guessing."""

import datetime
import html
import re

import nh3
from django.utils import timezone

from trendwatch.publishing.dates import MONTHS_EN, MONTHS_GENITIVE

# What the article body's rich-text editor offers; anything else is unwrapped to its text.
BODY_TAGS = {"p", "h2", "h3", "b", "i", "strong", "em", "a", "ol", "ul", "li", "blockquote", "br"}
BLOCK_TAGS = {"p", "h2", "h3", "ol", "ul", "li", "blockquote"}
LINK_SCHEMES = {"http", "https", "mailto"}
CLEANING_PASSES = 6

_MONTH_NUMBERS = {name.lower(): number for number, name in enumerate(MONTHS_EN, 1)}
for _language, _months in MONTHS_GENITIVE.items():
    _MONTH_NUMBERS.update({name: number for number, name in enumerate(_months, 1)})
_MONTH_LANGUAGE = {name.lower(): "en" for name in MONTHS_EN}
_MONTH_LANGUAGE.update({name: language for language, months in MONTHS_GENITIVE.items() for name in months})
_DATE_LINE = re.compile(
    r"^\s*(?:(?P<month_first>[^\W\d_]+)\s+(?P<day_second>\d{1,2}),\s*(?P<year_a>\d{4})"
    r"|(?P<day_first>\d{1,2})\s+(?P<month_second>[^\W\d_]+)\s+(?P<year_b>\d{4}))"
    r"\s+(?P<hour>\d{1,2}):(?P<minute>\d{2})\s*$"
)


def parse_date_line(line):
    """'December 12, 2016 10:22' (or '12 декабря 2016 10:22', '12 снежня 2016 10:22') as an aware
    datetime in the site's time zone, with the language its month name is in; None if it is not one.
    """
    match = _DATE_LINE.match(line)
    if not match:
        return None
    month_name = (match["month_first"] or match["month_second"]).lower()
    if month_name not in _MONTH_NUMBERS:
        return None
    try:
        moment = datetime.datetime(
            int(match["year_a"] or match["year_b"]),
            _MONTH_NUMBERS[month_name],
            int(match["day_second"] or match["day_first"]),
            int(match["hour"]),
            int(match["minute"]),
        )
    except ValueError:
        return None
    return local_moment(moment), _MONTH_LANGUAGE[month_name]


def local_moment(naive):
    """A wall-clock time as the source shows it, read in the site's time zone."""
    return timezone.make_aware(naive, timezone.get_default_timezone())


def parse_iso_moment(text):
    """An ISO 8601 date and time; one without an offset is read in the site's time zone."""
    moment = datetime.datetime.fromisoformat(text)
    return moment if timezone.is_aware(moment) else local_moment(moment)


def guess_language(text):
    """The site language a text is written in, from its letters: Belarusian has і and ў and no и."""
    lowered = text.lower()
    latin = sum("a" <= char <= "z" for char in lowered)
    cyrillic = sum("а" <= char <= "я" or char in "ёіўє" for char in lowered)
    if cyrillic <= latin:
        return "en"
    belarusian = sum(lowered.count(char) for char in "іў")
    russian = sum(lowered.count(char) for char in "иъщ")
    return "be" if belarusian > russian else "ru"


def paragraphs_html(paragraphs):
    """Plain-text paragraphs as body HTML."""
    return "".join(f"<p>{html.escape(paragraph, quote=False)}</p>" for paragraph in paragraphs if paragraph.strip())


# Archives name the article a body links to by its archive key, never by a database id.
ARCHIVE_KEY_ATTRIBUTE = "data-archive-key"
# The rich-text editor's own markup: block keys, and links to pages and documents by id; and
# archives' links by key.
EDITOR_ATTRIBUTES = {
    **{tag: {"data-block-key"} for tag in BLOCK_TAGS},
    "a": {"href", "linktype", "id", ARCHIVE_KEY_ATTRIBUTE},
}
_LINK = re.compile(r"<a\b([^>]*)>(.*?)</a>", re.IGNORECASE | re.DOTALL)
_ATTRIBUTE = re.compile(r'([\w-]+)="([^"]*)"')


def rewrite_page_links(markup, rewrite):
    """markup (cleaned) with the attributes of each link to a page of the site (linktype="page",
    or an archive key) replaced by rewrite(attributes): a dict of the new ones, or None to keep
    only the link's text."""

    def rewritten(match):
        attributes = {name: html.unescape(value) for name, value in _ATTRIBUTE.findall(match[1])}
        if attributes.get("linktype") != "page" and ARCHIVE_KEY_ATTRIBUTE not in attributes:
            return match[0]
        new_attributes = rewrite(attributes)
        if new_attributes is None:
            return match[2]
        opening = " ".join(f'{name}="{html.escape(value)}"' for name, value in new_attributes.items())
        return f"<a {opening}>{match[2]}</a>"

    return _LINK.sub(rewritten, markup)


def clean_body(markup, keep_editor_markup=False):
    """Body HTML reduced to what the editor offers, with loose text gathered into paragraphs.

    Headings map to the two levels the editor has; scripts, styles, comments, images, tables and
    attributes other than a link's address go. keep_editor_markup (default False) also keeps the
    editor's own attributes, for bodies written on a Trendwatch site. Cleaning cleaned HTML
    changes nothing.
    """
    markup = re.sub(r"<(/?)h1\b", r"<\1h2", markup, flags=re.IGNORECASE)
    markup = re.sub(r"<(/?)h[4-6]\b", r"<\1h3", markup, flags=re.IGNORECASE)
    # "*": no attribute on every tag (the sanitiser's default allows title and lang).
    attributes = {"*": set(), **(EDITOR_ATTRIBUTES if keep_editor_markup else {"a": {"href"}})}
    # Gathering paragraphs can split an inline element, and the HTML parser re-nests odd markup
    # (a heading inside a link inside a heading) differently on a second reading: clean until
    # the result reads back as itself.
    for _attempt in range(CLEANING_PASSES):
        cleaned = _drop_empty_blocks(_sanitise(_gather_paragraphs(_sanitise(markup, attributes)), attributes))
        if cleaned == markup:
            break
        markup = cleaned
    return cleaned


def _sanitise(markup, attributes):
    return nh3.clean(
        markup, tags=BODY_TAGS, attributes=attributes, url_schemes=LINK_SCHEMES, link_rel=None, strip_comments=True
    )


def _drop_empty_blocks(markup):
    previous = None
    while previous != markup:
        previous, markup = markup, re.sub(r"<(p|h2|h3|li|ul|ol|blockquote)(?: [^>]*)?>(?:\s|<br>)*</\1>", "", markup)
    return markup.strip()


def _gather_paragraphs(markup):
    blocks, loose, depth = [], [], 0

    def flush():
        text = "".join(loose).strip()
        loose.clear()
        for part in re.split(r"\n\s*\n", text):
            if _has_text(part):
                blocks.append(f"<p>{part.strip()}</p>")

    for piece in re.split(r"(<[^>]+>)", markup):
        tag = re.match(r"<(/?)([a-z0-9]+)", piece)
        name = tag[2] if tag else ""
        if name in BLOCK_TAGS:
            if tag[1]:
                depth -= 1
                blocks.append(piece)
                continue
            if depth == 0:
                flush()
            depth += 1
            blocks.append(piece)
        elif depth == 0:
            loose.append(piece)
        else:
            blocks.append(piece)
    flush()
    return "".join(blocks)


def _has_text(markup):
    return bool(re.sub(r"<[^>]+>|&nbsp;|\s", "", markup))


def plain_text(markup):
    """The text of a piece of HTML, entities decoded, spaces collapsed."""
    return " ".join(html.unescape(re.sub(r"<[^>]+>", " ", markup)).split())
