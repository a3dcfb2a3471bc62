"""The demo archive: fictional weekly commentaries that `make run` loads into an empty database.

The texts live in `demo_archive/` (one JSON file per week); the pictures are drawn here, so the
project ships no downloaded images.
"""

import datetime
import hashlib
import io
import json
from pathlib import Path

from django.core.files.images import ImageFile
from django.db import transaction
from django.utils import timezone
from wagtail.models import Locale

from .events import article_events_suspended
from .languages import LANGUAGE_CODES
from .models import ArticleIndexPage, ArticlePage, Author, CreditedImage, Trend, WeeklyIssue
from .pictures import draw_picture
from .site_setup import ensure_site_structure

DEMO_DIR = Path(__file__).resolve().parent / "demo_archive"


class DemoArchiveError(Exception):
    pass


def read_weeks(directory=DEMO_DIR / "weeks"):
    weeks = []
    for path in sorted(directory.glob("*.json")):
        try:
            weeks.append(json.loads(path.read_text(encoding="utf-8")))
        except json.JSONDecodeError as error:
            raise DemoArchiveError(f"{path}: line {error.lineno}: {error.msg}") from error
    return weeks


def load_demo_archive(progress=None):
    """Load the demo archive into a database with no articles; returns the number of pages made."""
    if ArticlePage.objects.exists():
        return 0
    ensure_site_structure()
    indexes = {index.locale.language_code: index for index in ArticleIndexPage.objects.select_related("locale")}
    locales = {locale.language_code: locale for locale in Locale.objects.all()}
    authors = _load_authors()
    trends = {trend.slug: trend for trend in Trend.objects.all()}
    weeks = read_weeks()
    extra = DEMO_DIR / "forecasts.json"
    standalone = [json.loads(extra.read_text(encoding="utf-8"))["article"]] if extra.exists() else []
    entries = [article for week in weeks for article in week["articles"]] + standalone
    made = 0
    with article_events_suspended(), transaction.atomic():
        for week in weeks:
            _load_week(week)
        for done, entry in enumerate(entries, 1):
            made += _load_article(entry, indexes, locales, authors, trends)
            if progress:
                progress(done, len(entries))
    return made


def _load_authors():
    authors = {}
    for record in json.loads((DEMO_DIR / "authors.json").read_text(encoding="utf-8")):
        names = record["name"]
        authors[record["slug"]], _created = Author.objects.update_or_create(
            slug=record["slug"],
            defaults={"name_en": names["en"], "name_ru": names.get("ru", ""), "name_be": names.get("be", "")},
        )
    return authors


def _load_week(week):
    overview = week.get("overview", {})
    issue, _created = WeeklyIssue.objects.update_or_create(
        week_start=datetime.date.fromisoformat(week["week_start"]),
        defaults={f"overview_{code}": overview.get(code, "") for code in LANGUAGE_CODES},
    )
    issue.release()  # the demo's weeks are all past and complete


def _load_article(entry, indexes, locales, authors, trends):
    key = entry["key"]
    try:
        trend = trends[entry["trend"]]
    except KeyError as error:
        raise DemoArchiveError(f"article {key}: unknown trend {entry['trend']!r}") from error
    published_at = timezone.make_aware(datetime.datetime.fromisoformat(entry["published"]))
    picture = draw_picture(key, trend.slug)
    original = None
    made = 0
    for code in ["en", *[code for code in entry["versions"] if code != "en"]]:
        version = entry["versions"][code]
        image = _make_image(key, code, picture, entry.get("image", {}))
        fields = {
            "title": version["title"],
            "lead": version["lead"],
            "body": "".join(f"<p>{paragraph}</p>" for paragraph in version["body"]),
            "published_at": published_at,
            "trend": trend,
            "direction": entry["direction"],
            "lead_image": image,
        }
        if original is None:
            page = ArticlePage(locale=locales[code], **fields)
            indexes[code].add_child(instance=page)
            original = page
        else:
            page = original.copy_for_translation(locales[code])
            for name, value in fields.items():
                setattr(page, name, value)
            page.slug = ""
        page.authors.set([authors[slug] for slug in entry.get("authors", [])])
        page.full_clean()
        page.save()
        revision = page.save_revision()
        revision.publish()
        ArticlePage.objects.filter(pk=page.pk).update(first_published_at=published_at, last_published_at=published_at)
        made += 1
    return made


def _make_image(key, language, picture, image_info):
    credit = image_info.get("credit", {})
    alt = image_info.get("alt", {})
    digest = hashlib.sha1(picture, usedforsecurity=False).hexdigest()[:8]
    image = CreditedImage(
        title=f"{key} ({language})",
        credit=credit.get(language) or credit.get("en", ""),
        description=alt.get(language) or alt.get("en", ""),
    )
    image.file = ImageFile(io.BytesIO(picture), name=f"demo-{key}-{digest}.jpg")
    image.save()
    return image
