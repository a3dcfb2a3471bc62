"""The project's own archive format (docs/archive-format.md): one JSON object per line, pictures
as files beside it. Every value is checked here, so a file either reads whole or names its fault."""

import datetime
import json
import uuid
from pathlib import Path

from django.core.exceptions import ValidationError
from django.core.validators import validate_slug

from trendwatch.publishing.dates import out_of_bounds_message, within_bounds
from trendwatch.publishing.languages import LANGUAGE_CODES

from ..limits import JSON_DEPTH, TEXT_CHARACTERS, check_file_size, json_depth
from ..records import STATUSES, ArchiveFile, ArchiveFormatError, ArticleRecord, ImageRecord, PinRecord
from ..text import clean_body, parse_iso_moment

FORMAT_NAME = "trendwatch-archive"
FORMAT_VERSION = 1
PRIVACY_TYPES = ("login", "password", "groups")


class _Fields:
    """Typed access to one record's fields, with errors that name the line and the field."""

    def __init__(self, data, path, where):
        self.data, self.path, self.where = data, path, where

    def fail(self, name, message):
        raise ArchiveFormatError(self.path, self.where, f"{name}: {message}")

    def get(self, name, kind, required=False, default=None):
        if name not in self.data or self.data[name] is None:
            if required:
                self.fail(name, "missing")
            return default
        value = self.data[name]
        if kind is bool:
            if not isinstance(value, bool):
                self.fail(name, f"expected true or false, found {value!r}")
            return value
        if not isinstance(value, kind) or (kind is int and isinstance(value, bool)):
            self.fail(name, f"expected {_KIND_NAMES[kind]}, found {type(value).__name__}")
        return value

    def text(self, name, required=False, limit=None):
        value = self.get(name, str, required, "")
        if required and not value.strip():
            self.fail(name, "empty")
        if limit and len(value) > limit:
            self.fail(name, f"longer than {limit:,} characters")
        return value

    def texts(self, name):
        values = self.get(name, list, default=[])
        if not all(isinstance(value, str) for value in values):
            self.fail(name, "expected a list of strings")
        return values

    def per_language(self, name, required=False):
        values = self.get(name, dict, required, {})
        for language, value in values.items():
            if language not in LANGUAGE_CODES or not isinstance(value, str):
                self.fail(name, f"expected strings for the languages {', '.join(LANGUAGE_CODES)}")
        if required and not values.get(LANGUAGE_CODES[0], "").strip():
            self.fail(name, f"the {LANGUAGE_CODES[0]} text is missing")
        return values

    def moment(self, name, required=False):
        value = self.get(name, str, required)
        if value is None:
            return None
        try:
            return parse_iso_moment(value)
        except ValueError:
            self.fail(name, f"not an ISO 8601 date and time: {value[:40]!r}")

    def day(self, name, required=False):
        value = self.get(name, str, required)
        if value is None:
            return None
        try:
            return datetime.date.fromisoformat(value)
        except ValueError:
            self.fail(name, f"not an ISO 8601 date: {value[:40]!r}")


_KIND_NAMES = {str: "a string", int: "a whole number", list: "a list", dict: "an object"}


def read(path, options):
    path = Path(path)
    check_file_size(path, "jsonl")
    archive = ArchiveFile(path=str(path))
    images = {}
    header_seen = False
    for number, line in _numbered_lines(path):
        if not line.strip():
            continue
        where = f"line {number}"
        data = _parsed(line, path, where)
        if not isinstance(data, dict):
            raise ArchiveFormatError(path, where, "expected a JSON object")
        fields = _Fields(data, path, where)
        kind = fields.text("type", required=True)
        if not header_seen:
            if kind != "archive" or data.get("format") != FORMAT_NAME:
                raise ArchiveFormatError(path, where, f'the first line must be the header {{"type": "archive", "format": "{FORMAT_NAME}", ...}}')
            if data.get("version") != FORMAT_VERSION:
                raise ArchiveFormatError(path, where, f"version {data.get('version')!r} is not one this site reads ({FORMAT_VERSION})")
            header_seen = True
            continue
        if kind == "trend":
            archive.trends.append(_trend(fields))
        elif kind == "author":
            archive.authors.append(_author(fields))
        elif kind == "week":
            archive.weeks.append(_week(fields))
        elif kind == "entity":
            archive.entities.append(_entity(fields))
        elif kind == "image":
            image = _image(fields, path.parent)
            images[image.key] = image
        elif kind == "article":
            archive.articles.append(_article(fields, options))
        else:
            fields.fail("type", f"{kind!r} is not one of archive, trend, author, week, entity, image, article")
    if not header_seen:
        raise ArchiveFormatError(path, "", "the file is empty: expected the archive header line")
    for article in archive.articles:
        if article.image is not None:
            if article.image not in images:
                raise ArchiveFormatError(path, article.where, f"image: {article.image!r} is not an image record of this file")
            article.image = images[article.image]
    return archive


def _numbered_lines(path):
    """(line number, text) of every line; a UTF-8 byte order mark before the first is allowed."""
    try:
        handle = path.open("rb")
    except OSError as error:
        raise ArchiveFormatError(path, "", f"cannot read the file: {error.strerror or error}") from error
    with handle:
        numbered = list(enumerate(handle, 1))
    for number, raw in numbered:
        try:
            yield number, raw.decode("utf-8-sig" if number == 1 else "utf-8")
        except UnicodeDecodeError as error:
            raise ArchiveFormatError(path, f"line {number}", f"not UTF-8 text (byte {error.start + 1} of the line)") from error


def _parsed(line, path, where):
    """The JSON value of a line, nested no deeper than JSON_DEPTH."""
    try:
        data = json.loads(line)
        if json_depth(data) <= JSON_DEPTH:
            return data
    except json.JSONDecodeError as error:
        raise ArchiveFormatError(path, where, f"not JSON ({error.msg} at column {error.colno})") from error
    except RecursionError:
        pass  # nested far deeper than allowed
    raise ArchiveFormatError(path, where, f"arrays and objects nested more than {JSON_DEPTH} levels deep")


def _localized_fields(fields, name, column, required=False):
    values = fields.per_language(name, required)
    return {f"{column}_{language}": values.get(language, "") for language in LANGUAGE_CODES}


def _trend(fields):
    return {
        "slug": _slug(fields, "slug"),
        "fields": {
            **_localized_fields(fields, "name", "name", required=True),
            **_localized_fields(fields, "description", "description"),
            "sort_order": _non_negative(fields, "sort_order"),
        },
    }


def _author(fields):
    return {"slug": _slug(fields, "slug"), "fields": _localized_fields(fields, "name", "name", required=True)}


def _week(fields):
    start = fields.day("week_start", required=True)
    if not within_bounds(start):
        fields.fail("week_start", out_of_bounds_message("the week", start))
    if start.weekday() != 0:
        fields.fail("week_start", f"{start.isoformat()} is not a Monday")
    return {"week_start": start, "fields": _localized_fields(fields, "overview", "overview")}


ENTITY_KINDS = ("person", "organisation", "place")


def _entity(fields):
    kind = fields.text("kind", required=True)
    if kind not in ENTITY_KINDS:
        fields.fail("kind", f"{kind!r} is not one of {', '.join(ENTITY_KINDS)}")
    return {
        "slug": _slug(fields, "slug"),
        "fields": {
            "kind": kind,
            **_localized_fields(fields, "name", "name", required=True),
            **_localized_fields(fields, "description", "description"),
        },
        "aliases": fields.texts("aliases"),
        "where": fields.where,
    }


def _image(fields, folder):
    name = fields.text("file", required=True)
    file = (folder / name).resolve()
    if folder.resolve() not in file.parents:
        fields.fail("file", f"{name!r} is not inside the archive's folder")
    if not file.is_file():
        fields.fail("file", f"{name} is not beside the archive")
    focal = fields.get("focal_point", dict)
    if focal is not None and (
        set(focal) != {"x", "y", "width", "height"} or not all(type(value) is int and value >= 0 for value in focal.values())
    ):
        fields.fail("focal_point", "expected whole numbers x, y, width and height")
    return ImageRecord(
        key=fields.text("key", required=True, limit=200),
        file=str(file),
        title=fields.text("title", limit=255),
        credit=fields.text("credit", limit=255),
        alt=fields.text("alt", limit=255),
        focal_point=focal,
        where=fields.where,
    )


def _article(fields, options):
    status = fields.text("status", required=True)
    if status not in STATUSES:
        fields.fail("status", f"{status!r} is not one of {', '.join(STATUSES)}")
    language = fields.text("language", required=True)
    if language not in LANGUAGE_CODES:
        fields.fail("language", f"{language!r} is not one of {', '.join(LANGUAGE_CODES)}")
    privacy = fields.get("privacy", dict)
    if privacy is not None:
        privacy_fields = _Fields(privacy, fields.path, fields.where)
        kind = privacy_fields.text("type", required=True)
        if kind not in PRIVACY_TYPES:
            fields.fail("privacy", f"type {kind!r} is not one of {', '.join(PRIVACY_TYPES)}")
        privacy = {"type": kind}
        if kind == "password":
            privacy["password"] = privacy_fields.text("password", required=True, limit=255)
        if kind == "groups":
            privacy["groups"] = privacy_fields.texts("groups")
    source = fields.get("source", dict) or {}
    source_fields = _Fields(source, fields.path, fields.where)
    image = fields.get("image", str)
    return ArticleRecord(
        key=fields.text("key", required=True, limit=500),
        where=fields.where,
        language=language,
        title=fields.text("title", required=True, limit=TEXT_CHARACTERS["title"]),
        lead=fields.text("lead", required=True, limit=TEXT_CHARACTERS["lead"]),
        body=clean_body(fields.text("body", limit=TEXT_CHARACTERS["body"]), keep_editor_markup=True),
        published_at=fields.moment("published_at", required=status != "draft"),
        status=status,
        trend=fields.text("trend"),
        direction=fields.text("direction") or "not_assessed",
        authors=[(slug, "") for slug in fields.texts("authors")],
        slug=fields.text("slug", limit=255),
        seo_title=fields.text("seo_title", limit=255),
        search_description=fields.text("search_description"),
        week_override=fields.day("week_override"),
        exclude_from_similar=fields.get("exclude_from_similar", bool, default=False),
        go_live_at=fields.moment("go_live_at"),
        expire_at=fields.moment("expire_at"),
        first_published_at=fields.moment("first_published_at"),
        last_published_at=fields.moment("last_published_at"),
        privacy=privacy,
        image=image,
        image_credit=fields.text("image_credit", limit=255),
        pins=[_pin(pin, fields) for pin in fields.get("similar_pins", list, default=[])],
        exclusions=fields.texts("similar_exclusions"),
        group=_group(fields),
        source_format=source_fields.text("format", limit=20),
        source_url=source_fields.text("url", limit=1000),
        tags=fields.texts("tags"),
        sticky=fields.get("sticky", bool, default=False),
    )


def _pin(pin, fields):
    if not isinstance(pin, dict):
        fields.fail("similar_pins", "expected objects with a key, or a title and published_at")
    pin_fields = _Fields(pin, fields.path, fields.where)
    key = pin_fields.text("key", limit=500)
    title = pin_fields.text("title", limit=255)
    if not key and not title:
        fields.fail("similar_pins", "each entry needs a key, or a title")
    return PinRecord(key=key, title=title, published_at=pin_fields.moment("published_at"), lead=pin_fields.text("lead"))


def _group(fields):
    group = fields.text("group")
    if group:
        try:
            return str(uuid.UUID(group))
        except ValueError:
            fields.fail("group", f"not a UUID: {group[:40]!r}")
    return ""


def _slug(fields, name):
    value = fields.text(name, required=True, limit=80)
    try:
        validate_slug(value)
    except ValidationError:
        fields.fail(name, f"{value!r} is not a slug (letters, digits, hyphens, underscores)")
    return value


def _non_negative(fields, name):
    value = fields.get(name, int, default=0)
    if value < 0:
        fields.fail(name, "must not be negative")
    return value
