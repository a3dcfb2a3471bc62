"""What one import may hold. Past these a file or an article is refused, naming where, before it
costs minutes and gigabytes (a 50 MB body once took 150 s and 3.5 GB to import, and slowed every
later import). docs/archive-format.md states them for people preparing archives."""

from pathlib import Path

from .records import ArchiveFormatError

MEGABYTE = 1024 * 1024
# Files of one article (a saved page, a captured text) and whole archives.
FILE_BYTES = {"seedtext": 10 * MEGABYTE, "html": 10 * MEGABYTE, "jsonl": 1024 * MEGABYTE, "wxr": 1024 * MEGABYTE}
# Characters of an article's texts, as the source gives them (the body with its markup): a long
# commentary has some 30,000; the headline is the database's limit.
TEXT_CHARACTERS = {"title": 255, "lead": 10_000, "body": 1_000_000}
# Levels of nested arrays and objects in one jsonl line; the format itself needs four.
JSON_DEPTH = 32


def check_file_size(path, format_name):
    """Refuse a file larger than the format allows, before reading it."""
    limit = FILE_BYTES[format_name]
    try:
        size = Path(path).stat().st_size
    except OSError as error:
        raise ArchiveFormatError(path, "", f"cannot read the file: {error.strerror or error}") from error
    if size > limit:
        raise ArchiveFormatError(path, "", f"{size:,} bytes, more than the {limit:,} a {format_name} file may have")


def check_text_sizes(path, where, **texts):
    """Refuse an article whose title, lead or body (keyword arguments) is longer than TEXT_CHARACTERS allows."""
    for name, text in texts.items():
        limit = TEXT_CHARACTERS[name]
        if len(text) > limit:
            raise ArchiveFormatError(path, where, f"{name}: {len(text):,} characters, more than the {limit:,} an article may have")


def json_depth(value):
    """Levels of nested arrays and objects in a parsed JSON value: 0 for a string or a number, 1 for [1, 2]."""
    depth, level = 0, [value]
    while True:
        containers = [item for item in level if isinstance(item, (list, dict))]
        if not containers:
            return depth
        depth += 1
        level = [child for item in containers for child in (item.values() if isinstance(item, dict) else item)]
