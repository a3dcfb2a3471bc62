"""Writing read records into the site: one transaction per file, keyed so re-imports update.

A file is written whole or not at all: any error rolls its transaction back, deletes the pictures
it had stored, and is raised as an ArchiveFormatError naming the line or element at fault.
"""

import dataclasses
import datetime
import hashlib
import json
from collections import Counter
from contextlib import contextmanager
from pathlib import Path

from django.core.exceptions import ValidationError
from django.core.files.images import ImageFile
from django.db import transaction
from django.utils import timezone
from wagtail.models import Locale, PageViewRestriction, ReferenceIndex

from trendwatch.entities.models import Entity, EntityAlias
from trendwatch.entities.signals import entities_changed
from trendwatch.publishing.dates import out_of_bounds_message, week_start, within_bounds
from trendwatch.publishing.languages import LANGUAGE_CODES
from trendwatch.publishing.models import ArticleIndexPage, ArticlePage, Author, CreditedImage, Direction, Trend, WeeklyIssue
from trendwatch.related.models import SimilarExclusion, SimilarPin

from .bulk import BatchWriter, NewArticle, TreePositions
from .keys import NATIVE_KEY_PREFIX, find_by_key, image_key
from .models import ArchiveImage, ArchiveRecord, PendingPin
from .records import STATUSES, ArchiveFormatError
from .text import ARCHIVE_KEY_ATTRIBUTE, rewrite_page_links

DATE_FIELDS = ("published_at", "go_live_at", "expire_at", "week_override", "first_published_at", "last_published_at")


def find_by_headline(title, moment, language):
    """The article a page's similar-articles entry names by headline and date ("…10:22"), or None."""
    candidates = ArticlePage.objects.filter(title=title)
    if moment is not None:
        candidates = candidates.filter(published_at__gte=moment, published_at__lt=moment + datetime.timedelta(minutes=1))
    found = sorted(candidates.select_related("locale"), key=lambda page: (page.locale.language_code != language, page.pk))
    return found[0] if found else None


def resolve_pending_pins():
    """Turn every pending pin whose target is now in the archive into an editor pin; returns how many."""
    resolved = 0
    for pending in PendingPin.objects.select_related("article__locale"):
        if pending.target_key:
            target = find_by_key(pending.target_key)
        else:
            target = find_by_headline(pending.title, pending.published_at, pending.article.locale.language_code)
        if target is None or target.pk == pending.article_id:
            continue
        SimilarPin.objects.create(article_id=pending.article_id, target=target, sort_order=pending.position)
        pending.delete()
        resolved += 1
    return resolved


class ArchiveLoader:
    """Writes `ArchiveFile`s.

    default_trend: slug of the trend for articles whose source maps to none (default None: such
        an article is an error).
    dry_run: read and write everything, then roll back (default False).
    on_article: called after each article is written (default None), for progress bars.
    """

    def __init__(self, default_trend=None, dry_run=False, on_article=None):
        self.default_trend = default_trend
        self.dry_run = dry_run
        self.on_article = on_article
        self.counts = Counter()
        self.notes = []  # what an operator should know, each naming its file and record
        self.waiting_links = {}  # page -> archive keys its links wait for, after the last file
        self._dry_run_of_several = False

    @contextmanager
    def several_files(self):
        """Load several files in this block; a dry run then rolls back once at its end, so that
        each file is checked against what the files before it would have written."""
        if not self.dry_run:
            yield
            return
        with transaction.atomic():
            self._dry_run_of_several = True
            try:
                yield
            finally:
                self._dry_run_of_several = False
                transaction.set_rollback(True)

    def load(self, archive):
        """Write one file's records in one transaction; returns the pages it changed."""
        stored_files = []
        try:
            with transaction.atomic():
                changed = _FileWriter(self, archive, stored_files).write()
                if self.dry_run and not self._dry_run_of_several:
                    transaction.set_rollback(True)
        except Exception:
            _delete_files(stored_files)
            raise
        if self.dry_run:
            _delete_files(stored_files)
        return changed


def _delete_files(stored_files):
    for image_file in stored_files:
        image_file.storage.delete(image_file.name)


class _FileWriter:
    def __init__(self, loader, archive, stored_files):
        self.loader = loader
        self.archive = archive
        self.stored_files = stored_files
        self.counts = Counter()

    def fail(self, where, message):
        raise ArchiveFormatError(self.archive.path, where, message)

    def write(self):
        for trend in self.archive.trends:
            Trend.objects.update_or_create(slug=trend["slug"], defaults=trend["fields"])
        for author in self.archive.authors:
            Author.objects.update_or_create(slug=author["slug"], defaults=author["fields"])
        for week in self.archive.weeks:
            WeeklyIssue.objects.update_or_create(week_start=week["week_start"], defaults=week["fields"])
        if self.write_entities():
            entities_changed()
        self.images, self.authors, self.issues = {}, {}, {}
        self.indexes = {index.locale.language_code: index for index in ArticleIndexPage.objects.select_related("locale")}
        self.locales = {locale.language_code: locale for locale in Locale.objects.all()}
        self.trends = {trend.slug: trend for trend in Trend.objects.all()}
        self.known = _known_records([record.key for record in self.archive.articles])
        self.positions = {}
        self.new_pages = BatchWriter(ArchiveRecord)
        self.created_keys = set()
        changed, written = [], []
        for record in self.archive.articles:
            try:
                page, state = self.write_article(record)
            except ArchiveFormatError:
                raise
            except ValidationError as error:
                self.fail(record.where, _validation_text(error))
            except Exception as error:  # a database refusal still names the record at fault
                self.fail(record.where, f"could not be written: {error}")
            self.loader.counts[state] += 1
            if self.loader.on_article:
                self.loader.on_article()
            if state != "unchanged":
                written.append((record, page, state))
        try:
            self.new_pages.flush()
        except Exception as error:
            self.fail(f"{written[0][0].where} to {written[-1][0].where}", f"the new articles could not be written: {error}")
        for positions in self.positions.values():
            positions.count_added()
        for record, page, state in written:
            changed.append(page.pk)
            if state == "created" and not (record.privacy or record.pins or record.exclusions):
                continue  # a new page has no restriction or choices to replace: four queries saved
            self.apply_privacy(page, record)
            self.write_similar_choices(record, page)
        self.loader.counts["pins resolved"] += resolve_pending_pins()
        self.loader.waiting_links = resolve_pending_links()
        return changed

    def write_entities(self):
        """Create or update the file's people, organisations and places; returns whether any changed."""
        changed = False
        existing = {entity.slug: entity for entity in Entity.objects.filter(
            slug__in=[entry["slug"] for entry in self.archive.entities]).prefetch_related("aliases")}
        for entry in self.archive.entities:
            entity = existing.get(entry["slug"]) or Entity(slug=entry["slug"])
            before = _entity_state(entity) if entity.pk else None
            for name, value in entry["fields"].items():
                setattr(entity, name, value)
            entity.aliases = [EntityAlias(name=alias) for alias in entry["aliases"]]
            if _entity_state(entity) == before:
                continue
            try:
                entity.full_clean()
                for alias in entity.aliases.all():
                    alias.full_clean(exclude=["entity"])
            except ValidationError as error:
                self.fail(entry["where"], _validation_text(error))
            entity.save()
            changed = True
        return changed

    def image_for(self, image_record):
        if image_record.key in self.images:
            return self.images[image_record.key]
        known = ArchiveImage.objects.filter(key=image_record.key).select_related("image").first()
        if known is None and (native := self.native_image(image_record)) is not None:
            known = ArchiveImage.objects.create(key=image_record.key, image=native)
        image = known.image if known else CreditedImage()
        image.title = image_record.title[:255] or image_record.key
        image.credit = image_record.credit[:255]
        image.description = image_record.alt[:255]
        focal = image_record.focal_point or {}
        image.focal_point_x, image.focal_point_y = focal.get("x"), focal.get("y")
        image.focal_point_width, image.focal_point_height = focal.get("width"), focal.get("height")
        if known is None:
            path = Path(image_record.file)
            try:
                with path.open("rb") as picture:
                    image.file = ImageFile(picture, name=path.name)
                    image.save()
            except OSError as error:
                self.fail(image_record.where, f"cannot read the picture {path}: {error.strerror or error}")
            except Exception as error:
                self.fail(image_record.where, f"{path.name} is not a picture this site can store ({error})")
            self.stored_files.append(image.file)
            ArchiveImage.objects.create(key=image_record.key, image=image)
        else:
            image.save()
        self.images[image_record.key] = image
        return image

    def native_image(self, image_record):
        """An image uploaded on this site that the record names (its export gave it its key)."""
        candidates = CreditedImage.objects.filter(
            title=image_record.title, credit=image_record.credit, description=image_record.alt, archive_record__isnull=True
        )
        return next((image for image in candidates if image_key(image) == image_record.key), None)

    def check(self, record):
        """The record's choices must name what this site has."""
        if record.language not in self.indexes:
            self.fail(record.where, f"language {record.language!r} is not one of this site's ({', '.join(LANGUAGE_CODES)})")
        if record.status not in STATUSES:
            self.fail(record.where, f"status {record.status!r} is not one of {', '.join(STATUSES)}")
        trend_slug = record.trend or self.loader.default_trend
        if not trend_slug:
            self.fail(record.where, f"article {record.title!r} has no trend: map one with --trend-map or give --default-trend")
        if trend_slug not in self.trends:
            self.fail(record.where, f"no trend with the slug {trend_slug!r} (known: {', '.join(sorted(self.trends))})")
        if record.direction not in Direction.values:
            self.fail(record.where, f"direction {record.direction!r} is not one of {', '.join(Direction.values)}")
        if record.status == "scheduled" and record.go_live_at is None:
            self.fail(record.where, "a scheduled article needs the time it goes live (go_live_at)")
        for name, moment in _dates_of(record):
            if not within_bounds(moment):
                self.fail(record.where, out_of_bounds_message(name, moment))
        return trend_slug

    def write_article(self, record):
        trend_slug = self.check(record)
        image = self.image_for(record.image) if record.image else None
        fingerprint = _fingerprint(record, trend_slug, image)
        if record.key in self.created_keys:  # the file names the article again: its first version is written now
            self.new_pages.flush()
            self.known.update(_known_records([record.key]))
            self.created_keys.discard(record.key)
        known = self.known.get(record.key)
        if known is None:
            existing = find_by_key(record.key) if record.key.startswith(NATIVE_KEY_PREFIX) else None
        elif known.fingerprint == fingerprint:
            return None, "unchanged"
        else:
            existing = known.article
        if existing is None:
            self.created_keys.add(record.key)
            return self.create_article(record, trend_slug, image, fingerprint), "created"
        page = existing.specific
        if page.locale.language_code != record.language:
            self.fail(record.where, f"key {record.key!r} belongs to a {page.locale.language_code} article, not {record.language}")
        self.fill_page(page, record, trend_slug, image)
        page.authors.set(self.authors_of(record))
        try:  # saving cleans the page: the publishing rules apply to imports too
            page.save()
        except ValidationError as error:
            self.fail(record.where, _validation_text(error))
        self.apply_status(page, record)
        ArchiveRecord.objects.update_or_create(key=record.key, defaults={"article": page, **self.record_fields(record, fingerprint)})
        return page, "updated"

    def create_article(self, record, trend_slug, image, fingerprint):
        """A new page, checked now and written with its batch (`bulk`)."""
        page = ArticlePage()
        self.fill_page(page, record, trend_slug, image)
        if record.language not in self.positions:
            self.positions[record.language] = TreePositions(self.indexes[record.language])
        self.positions[record.language].place(page, record.language)
        if page.week_override is None and page.published_at:
            page.weekly_issue = self.issue_for(timezone.localdate(page.published_at))
        else:
            page.weekly_issue = page.week_override
        tree_fields = ["path", "depth", "url_path", "numchild"]
        page.clean_fields(exclude=[field.name for field in ArticlePage._meta.concrete_fields if field.is_relation] + tree_fields)
        page.check_dates()
        if record.privacy and record.privacy["type"] == PageViewRestriction.GROUPS:
            self.groups_named(record)
        first, last = _publishing_history(record)
        live = record.status == "published" or (record.status == "scheduled" and record.go_live_at <= timezone.now())
        self.new_pages.add(NewArticle(
            page=page, authors=self.authors_of(record), live=live, first_published_at=first, last_published_at=last,
            archive_fields={"key": record.key, **self.record_fields(record, fingerprint)},
        ))
        return page

    def record_fields(self, record, fingerprint):
        return {
            "source_format": record.source_format,
            "source_url": record.source_url,
            "tags": list(record.tags),
            "sticky": record.sticky,
            "image_credit": record.image_credit,
            "fingerprint": fingerprint,
        }

    def issue_for(self, day):
        """The weekly issue of `day`, made when missing (one query per week of the file)."""
        start = week_start(day)
        if start not in self.issues:
            self.issues[start] = WeeklyIssue.objects.get_or_create(week_start=start)[0]
        return self.issues[start]

    def fill_page(self, page, record, trend_slug, image):
        page.title = record.title
        if record.slug:
            page.slug = record.slug
        page.seo_title = record.seo_title
        page.search_description = record.search_description
        page.lead = record.lead
        page.body, by_id = imported_body(record.body)
        if by_id:
            self.loader.notes.append(
                f"{record.where}: {by_id} link(s) name an article by a database id of the site they came from, "
                "which means nothing here: kept as text"
            )
        page.published_at = record.published_at
        page.trend = self.trends[trend_slug]
        page.direction = record.direction
        page.week_override = self.issue_for(record.week_override) if record.week_override else None
        page.exclude_from_similar = record.exclude_from_similar
        page.lead_image = image
        page.go_live_at = record.go_live_at
        page.expire_at = record.expire_at
        if not page.pk:
            page.locale = self.locales[record.language]
            if record.group:
                page.translation_key = record.group

    def authors_of(self, record):
        authors = []
        for slug, name in record.authors:
            if slug not in self.authors:
                self.authors[slug] = Author.objects.get_or_create(slug=slug, defaults={"name_en": name or slug})[0]
            authors.append(self.authors[slug])
        return authors

    def groups_named(self, record):
        from django.contrib.auth.models import Group

        groups = list(Group.objects.filter(name__in=record.privacy["groups"]))
        missing = set(record.privacy["groups"]) - {group.name for group in groups}
        if missing:
            self.fail(record.where, f"privacy names groups this site does not have: {', '.join(sorted(missing))}")
        return groups

    def apply_privacy(self, page, record):
        PageViewRestriction.objects.filter(page=page).delete()
        privacy = record.privacy
        if not privacy:
            return
        restriction = PageViewRestriction.objects.create(
            page=page, restriction_type=privacy["type"], password=privacy.get("password", "")
        )
        if privacy["type"] == PageViewRestriction.GROUPS:
            restriction.groups.set(self.groups_named(record))

    def apply_status(self, page, record):
        if page.live and record.status != "published":
            page.unpublish(log_action=None)
        revision = page.save_revision(log_action=False)
        if record.status in ("published", "scheduled"):
            revision.publish(log_action=False)
        first, last = _publishing_history(record)
        ArticlePage.objects.filter(pk=page.pk).update(first_published_at=first, last_published_at=last)

    def write_similar_choices(self, record, page):
        SimilarPin.objects.filter(article=page).delete()
        PendingPin.objects.filter(article=page).delete()
        SimilarExclusion.objects.filter(article=page).delete()
        for position, pin in enumerate(record.pins):
            target = find_by_key(pin.key) if pin.key else find_by_headline(pin.title, pin.published_at, record.language)
            if target is not None and target.pk != page.pk:
                SimilarPin.objects.create(article=page, target=target, sort_order=position)
            else:
                PendingPin.objects.create(
                    article=page, position=position, target_key=pin.key, title=pin.title[:255],
                    published_at=pin.published_at, lead=pin.lead,
                )
        for key in record.exclusions:
            target = find_by_key(key)
            if target is None:
                self.fail(record.where, f"excludes {key!r}, which is neither in this file nor in the archive")
            SimilarExclusion.objects.create(article=page, target=target)


def _keyed_links(body, target_of):
    """body with each link that names an article by archive key pointed at the article now holding
    the key (``target_of(key)``, a page or None); a key with no article yet keeps its link waiting,
    without an address. Returns the body and the waiting keys."""
    waiting = []

    def link(attributes):
        key = attributes.get(ARCHIVE_KEY_ATTRIBUTE)
        if key is None:
            return attributes
        target = target_of(key)
        if target is None:
            waiting.append(key)
            return {ARCHIVE_KEY_ATTRIBUTE: key}
        return {"linktype": "page", "id": str(target.pk), ARCHIVE_KEY_ATTRIBUTE: key}

    return rewrite_page_links(body, link), waiting


def imported_body(body):
    """An archive's body as the page stores it: links by key made (or left waiting), links by a
    database id of another site reduced to their text; returns it with the number of the latter."""
    by_id = 0

    def without_foreign_ids(attributes):
        nonlocal by_id
        if ARCHIVE_KEY_ATTRIBUTE in attributes:
            return attributes
        by_id += 1
        return None

    body, _waiting = _keyed_links(rewrite_page_links(body, without_foreign_ids), find_by_key)
    return body, by_id


def resolve_pending_links():
    """Point every imported link by archive key at the article that holds the key now: one that
    came later in the file or in another file, or came back after a deletion. Returns
    {page: keys still waiting} for the pages that have waiting links."""
    targets = {}

    def target_of(key):
        if key not in targets:
            targets[key] = find_by_key(key)
        return targets[key]

    waiting = {}
    for page in ArticlePage.objects.filter(body__contains=ARCHIVE_KEY_ATTRIBUTE).order_by("pk"):
        body, keys = _keyed_links(page.body, target_of)
        if keys:
            waiting[page] = keys
        if body == page.body:
            continue
        ArticlePage.objects.filter(pk=page.pk).update(body=body)
        page.body = body
        ReferenceIndex.create_or_update_for_object(page)  # the admin's "usage" of the linked pages
        # The latest revision is what the editor opens (and, for a scheduled page, what goes live).
        revision = page.get_latest_revision()
        if revision is not None and ARCHIVE_KEY_ATTRIBUTE in revision.content.get("body", ""):
            revision.content["body"], _keys = _keyed_links(revision.content["body"], target_of)
            revision.save(update_fields=["content"])
    return waiting


def _dates_of(record):
    """(field name, value) of every date an article record carries."""
    named = [(name, getattr(record, name)) for name in DATE_FIELDS]
    named += [(f"similar_pins[{position}].published_at", pin.published_at) for position, pin in enumerate(record.pins)]
    return [(name, value) for name, value in named if value is not None]


def _entity_state(entity):
    fields = {field.attname: getattr(entity, field.attname) for field in Entity._meta.concrete_fields if field.name != "updated_at"}
    return fields, sorted(alias.name for alias in entity.aliases.all())


def _publishing_history(record):
    """(first, last) publication moments of an imported article: the archive's, or its date."""
    first = record.first_published_at
    if record.status in ("published", "withdrawn") and first is None:
        first = record.published_at
    last = record.last_published_at or (first if record.status in ("published", "withdrawn") else None)
    return first, last


# Keys looked up per query, well under every database's limit on query parameters.
KEY_LOOKUP_BATCH = 500


def _known_records(keys):
    """{key: ArchiveRecord with its article} for the keys this site already holds."""
    known = {}
    for start in range(0, len(keys), KEY_LOOKUP_BATCH):
        for record in ArchiveRecord.objects.filter(key__in=keys[start : start + KEY_LOOKUP_BATCH]).select_related("article"):
            known[record.key] = record
    return known


def _fingerprint(record, trend_slug, image):
    fields = dataclasses.asdict(record)
    fields.pop("where")
    fields["trend"] = trend_slug
    fields["image"] = [image.pk, image.title, image.credit, image.description] if image else None
    return hashlib.sha256(json.dumps(fields, sort_keys=True, default=str).encode()).hexdigest()


def _validation_text(error):
    if hasattr(error, "message_dict"):
        return "; ".join(f"{name}: {' '.join(messages)}" for name, messages in error.message_dict.items())
    return " ".join(error.messages)
