"""Writing the whole archive in the jsonl format (docs/archive-format.md), pictures beside it.

The output depends only on the content, never on database ids or the order rows were made in, so
export -> import into an empty database -> export gives the same files.
"""

import json
from pathlib import Path, PurePosixPath

from django.utils import timezone
from wagtail.models import Page, PageViewRestriction

from trendwatch.entities.models import Entity
from trendwatch.publishing.languages import LANGUAGE_CODES
from trendwatch.publishing.models import ArticlePage, Author, Trend, WeeklyIssue

from .formats.jsonl import FORMAT_NAME, FORMAT_VERSION
from .keys import archive_record_of, article_key, image_key
from .models import PendingPin
from .text import ARCHIVE_KEY_ATTRIBUTE, clean_body, rewrite_page_links

ARCHIVE_NAME = "archive.jsonl"
IMAGE_FOLDER = "images"


def moment(value):
    """A date and time as the site shows it, with its UTC offset: '2016-12-12T10:22:00+03:00'."""
    return timezone.localtime(value).isoformat() if value else None


def export_archive(directory, progress=None):
    """Write `archive.jsonl` and `images/` into `directory`; returns the number of articles.

    progress (default None): called with (done, total) as articles are written.
    """
    directory = Path(directory)
    (directory / IMAGE_FOLDER).mkdir(parents=True, exist_ok=True)
    pages = list(ArticlePage.objects.select_related("locale", "archive_record").order_by("pk"))
    keys = {page.pk: article_key(page) for page in pages}
    articles, images = [], {}
    for done, page in enumerate(pages, 1):
        content = page if page.live else page.get_latest_revision_as_object()
        image_key = _image(content.lead_image, directory, images) if content.lead_image_id else None
        articles.append(_article(page, content, keys, image_key))
        if progress:
            progress(done, len(pages))
    lines = [{"type": "archive", "format": FORMAT_NAME, "version": FORMAT_VERSION}]
    lines += [_trend(trend) for trend in Trend.objects.order_by("slug")]
    lines += [_author(author) for author in Author.objects.order_by("slug")]
    lines += [_week(issue) for issue in WeeklyIssue.objects.order_by("week_start")]
    lines += [_entity(entity) for entity in Entity.objects.order_by("slug").prefetch_related("aliases")]
    lines += [images[key] for key in sorted(images)]
    lines += sorted(articles, key=lambda article: (article["published_at"] or "", article["key"]))
    with (directory / ARCHIVE_NAME).open("w", encoding="utf-8") as archive:
        for line in lines:
            archive.write(json.dumps(line, ensure_ascii=False, sort_keys=True) + "\n")
    return len(articles)


def _per_language(item, field):
    return {language: getattr(item, f"{field}_{language}") for language in LANGUAGE_CODES if getattr(item, f"{field}_{language}")}


def _trend(trend):
    return {
        "type": "trend",
        "slug": trend.slug,
        "name": _per_language(trend, "name"),
        "description": _per_language(trend, "description"),
        "sort_order": trend.sort_order,
    }


def _author(author):
    return {"type": "author", "slug": author.slug, "name": _per_language(author, "name")}


def _entity(entity):
    return {
        "type": "entity",
        "kind": entity.kind,
        "slug": entity.slug,
        "name": _per_language(entity, "name"),
        "description": _per_language(entity, "description"),
        "aliases": sorted(alias.name for alias in entity.aliases.all()),
    }


def _week(issue):
    return {"type": "week", "week_start": issue.week_start.isoformat(), "overview": _per_language(issue, "overview")}


def _image(image, directory, images):
    """Copy the picture beside the archive once; returns its key."""
    with image.file.open("rb") as picture:
        data = picture.read()
    key = image_key(image, data)
    if key not in images:
        name = PurePosixPath(IMAGE_FOLDER) / f"{key}{PurePosixPath(image.file.name).suffix.lower()}"
        (directory / name).write_bytes(data)
        focal = None
        if image.focal_point_x is not None:
            focal = {
                "x": image.focal_point_x, "y": image.focal_point_y,
                "width": image.focal_point_width, "height": image.focal_point_height,
            }
        images[key] = {
            "type": "image", "key": key, "file": str(name), "title": image.title,
            "credit": image.credit, "alt": image.description or "", "focal_point": focal,
        }
    return key


def _status(page):
    if page.live:
        return "published"
    if page.revisions.filter(approved_go_live_at__isnull=False).exists():
        return "scheduled"
    return "withdrawn" if page.first_published_at else "draft"


def _privacy(page):
    restriction = PageViewRestriction.objects.filter(page=page).first()
    if restriction is None:
        return None
    privacy = {"type": restriction.restriction_type}
    if restriction.restriction_type == PageViewRestriction.PASSWORD:
        privacy["password"] = restriction.password
    if restriction.restriction_type == PageViewRestriction.GROUPS:
        privacy["groups"] = sorted(restriction.groups.values_list("name", flat=True))
    return privacy


def _portable_links(body, keys):
    """The body's links to pages of this site by archive key (articles) or address (other pages)
    instead of database id, so that they lead to the same pages on the site that imports them."""

    def portable(attributes):
        page_id = int(attributes["id"]) if attributes.get("id", "").isdigit() else None
        if page_id in keys:
            return {"linktype": "page", ARCHIVE_KEY_ATTRIBUTE: keys[page_id]}
        if ARCHIVE_KEY_ATTRIBUTE in attributes:  # imported, its article not (or no longer) here
            return {"linktype": "page", ARCHIVE_KEY_ATTRIBUTE: attributes[ARCHIVE_KEY_ATTRIBUTE]}
        page = Page.objects.filter(pk=page_id).first() if page_id else None
        return {"href": page.url} if page and page.url else None  # a deleted page leaves the text

    return rewrite_page_links(body, portable)


def _article(page, content, keys, image_key):
    record = archive_record_of(page)
    pins = [(pin.sort_order or 0, {"key": keys[pin.target_id]}) for pin in page.similar_pins.all()]
    pins += [
        (pin.position, {"key": pin.target_key} if pin.target_key else {"title": pin.title, "published_at": moment(pin.published_at), "lead": pin.lead})
        for pin in PendingPin.objects.filter(article=page)
    ]
    return {
        "type": "article",
        "key": keys[page.pk],
        "group": str(page.translation_key),
        "language": page.locale.language_code,
        "status": _status(page),
        "title": content.title,
        "slug": content.slug,
        "seo_title": content.seo_title,
        "search_description": content.search_description,
        "lead": content.lead,
        "body": _portable_links(clean_body(content.body or "", keep_editor_markup=True), keys),
        "published_at": moment(content.published_at),
        "first_published_at": moment(page.first_published_at),
        "last_published_at": moment(page.last_published_at),
        "go_live_at": moment(content.go_live_at),
        "expire_at": moment(content.expire_at),
        "trend": content.trend.slug,
        "direction": content.direction,
        "authors": sorted(author.slug for author in content.authors.all()),
        "week_override": content.week_override.week_start.isoformat() if content.week_override_id else None,
        "exclude_from_similar": content.exclude_from_similar,
        "privacy": _privacy(page),
        "image": image_key,
        "image_credit": record.image_credit if record else "",
        "similar_pins": [entry for _position, entry in sorted(pins, key=lambda pin: pin[0])],
        "similar_exclusions": sorted(keys[exclusion.target_id] for exclusion in page.similar_exclusions.all()),
        "source": {"format": record.source_format, "url": record.source_url} if record and record.source_format else None,
        "tags": record.tags if record else [],
        "sticky": record.sticky if record else False,
    }

