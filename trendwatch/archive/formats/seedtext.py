"""Article pages captured as plain text, like the seed page:

    headline
    date line ("December 12, 2016 10:22")
    "Image: credit" line (optional)
    body paragraphs, separated by blank lines (the first is the lead)
    "Similar articles", then per entry: headline, date line, and its lead paragraph

Headings and labels are recognised in every site language (through the interface catalogues).
"""

from pathlib import Path

from django.utils import translation
from django.utils.translation import gettext

from trendwatch.publishing.languages import LANGUAGE_CODES

from ..limits import check_file_size, check_text_sizes
from ..records import ArchiveFile, ArchiveFormatError, ArticleRecord, PinRecord
from ..text import guess_language, paragraphs_html, parse_date_line

DATE_EXAMPLE = "December 12, 2016 10:22"


def _labels(message):
    labels = set()
    for language in LANGUAGE_CODES:
        with translation.override(language):
            labels.add(gettext(message).strip().lower())
    return labels


def read(path, options):
    path = Path(path)
    check_file_size(path, "seedtext")
    try:
        text = path.read_text(encoding="utf-8-sig")
    except UnicodeDecodeError as error:
        raise ArchiveFormatError(path, f"byte {error.start}", "not UTF-8 text") from error
    except OSError as error:
        raise ArchiveFormatError(path, "", f"cannot read the file: {error.strerror or error}") from error
    return ArchiveFile(path=str(path), articles=[parse(text, path, options)])


def _blocks(lines, after):
    """[(first line number, [lines])]: the runs of non-blank lines that come after line `after`."""
    blocks, previous = [], None
    for number, line in lines:
        if number <= after:
            continue
        if previous is not None and number == previous + 1:
            blocks[-1][1].append(line)
        else:
            blocks.append((number, [line]))
        previous = number
    return blocks


def parse(text, path, options):
    if "\x00" in text:
        raise ArchiveFormatError(path, "", "not a text file (it holds NUL characters)")
    lines = [(number, line.strip()) for number, line in enumerate(text.splitlines(), 1) if line.strip()]
    if not lines:
        raise ArchiveFormatError(path, "", "the file is empty: expected a headline, a date line and a body")
    title_line, title = lines[0]
    if len(lines) < 2 or parse_date_line(lines[1][1]) is None:
        where = f"line {lines[1][0]}" if len(lines) > 1 else f"line {title_line + 1}"
        found = f"found {lines[1][1][:80]!r}" if len(lines) > 1 else "the file ends"
        raise ArchiveFormatError(path, where, f"expected a date line like {DATE_EXAMPLE!r} after the headline; {found}")
    check_text_sizes(path, f"line {title_line}", title=title)
    header_end, (published_at, _month_language) = lines[1][0], parse_date_line(lines[1][1])
    credit = ""
    credit_labels = tuple(f"{label}:" for label in _labels("Image"))
    if len(lines) > 2 and lines[2][1].lower().startswith(credit_labels):
        header_end, credit = lines[2][0], lines[2][1].split(":", 1)[1].strip()

    blocks = _blocks(lines, after=header_end)
    similar_headings = _labels("Similar articles")
    body, similar_at = [], None
    for position, (number, block_lines) in enumerate(blocks):
        if len(block_lines) == 1 and block_lines[0].lower() in similar_headings:
            similar_at = position
            break
        body.append(" ".join(block_lines))
    if not body:
        raise ArchiveFormatError(path, f"line {header_end}", "the article has no body after its date line")
    check_text_sizes(path, f"line {blocks[0][0]}", lead=body[0], body="".join(body[1:]))
    pins = _similar_entries(blocks[similar_at + 1 :], path) if similar_at is not None else []
    language = options.language or guess_language(" ".join([title, *body]))
    return ArticleRecord(
        key=f"seedtext:{path.stem}",
        where=f"line {title_line}",
        language=language,
        title=title,
        lead=body[0],
        body=paragraphs_html(body[1:] or body),
        published_at=published_at,
        status="published",
        image_credit=credit[:255],
        pins=pins,
        source_format="seedtext",
    )


def _similar_entries(blocks, path):
    """Entries are a headline line with a date line under it, then lead paragraphs."""
    entries = []
    for number, block_lines in blocks:
        if len(block_lines) >= 2 and parse_date_line(block_lines[1]) is not None:
            moment, _language = parse_date_line(block_lines[1])
            entries.append(PinRecord(title=block_lines[0][:255], published_at=moment, lead=" ".join(block_lines[2:])))
        elif entries:
            entries[-1].lead = " ".join(filter(None, [entries[-1].lead, *block_lines]))
        else:
            raise ArchiveFormatError(
                path, f"line {number}", f"a similar-articles entry starts with a headline and a date line like {DATE_EXAMPLE!r}"
            )
    return entries
