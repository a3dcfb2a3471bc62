"""New article pages written in batches, with the rows Wagtail's own path would write.

Wagtail creates a page with `add_child`, `save_revision` and `publish`: three saves, a dozen
queries and a full validation per page, which made an import of a 50,000-article archive take
days. An import creates new pages here instead, a batch at a time: their tree positions and
unique slugs worked out in memory, base and article rows inserted together, revisions made from
the unsaved pages' own data, then the references and admin-search entries Wagtail keeps for
every page. `tests/archive/test_bulk.py` compares a page written here with one written through
Wagtail's path, column by column, so that a Wagtail upgrade that changes those rows fails there.
"""

from dataclasses import dataclass, field

from django.contrib.contenttypes.models import ContentType
from django.core.exceptions import ValidationError
from django.db import connection
from django.db.models import F
from django.utils import timezone
from modelcluster.models import get_all_child_relations
from wagtail.models import Page, ReferenceIndex, Revision
from wagtail.search.backends import get_search_backend

from trendwatch.publishing.models import ArticlePage
from trendwatch.publishing.plain_sql import insert_rows
from trendwatch.publishing.slugs import headline_slug

# Pages written per batch: large enough that each statement carries many rows, small enough that
# a batch's pages and their texts stay a few megabytes.
BATCH_SIZE = 500
# Base-page fields filled in memory; the tree fields come from `TreePositions`.
BASE_FIELDS = [field for field in Page._meta.concrete_fields if not field.primary_key]


@dataclass
class NewArticle:
    """One new page and what the import writes with it.

    live: whether it is published now; go_live_at of a scheduled page goes on its revision;
    first_published_at/last_published_at: the publishing history the archive gives.
    """

    page: ArticlePage
    authors: list
    live: bool
    first_published_at: object = None
    last_published_at: object = None
    archive_fields: dict = field(default_factory=dict)  # ArchiveRecord fields besides the page


class TreePositions:
    """Where new children of one index page go: after its last child, with slugs unique among them.

    Paths are those of treebeard's materialised path, which Wagtail's pages use: the parent's path
    and a fixed-width number in `Page.alphabet`, one more than the last child's.
    """

    def __init__(self, parent):
        self.parent = parent
        self.slugs = set(Page.objects.child_of(parent).values_list("slug", flat=True))
        last = Page.objects.child_of(parent).order_by("-path").values_list("path", flat=True).first()
        self.last_position = _position(last[-Page.steplen :]) if last else 0
        self.added = 0

    def place(self, page, language):
        """Give `page` its path, depth, slug and address among the parent's children."""
        if page.slug:
            if page.slug in self.slugs:
                raise ValidationError(
                    {"slug": f"the slug {page.slug!r} is already in use at {self.parent.url_path}"}
                )
        else:
            page.slug = self._free_slug(headline_slug(page.title, language))
        self.slugs.add(page.slug)
        self.last_position += 1
        self.added += 1
        page.path = self.parent.path + _step(self.last_position)
        page.depth = self.parent.depth + 1
        page.url_path = f"{self.parent.url_path}{page.slug}/"

    def _free_slug(self, base):
        candidate, suffix = base, 1
        while candidate in self.slugs:
            suffix += 1
            candidate = f"{base}-{suffix}"
        return candidate

    def count_added(self):
        """Add the children placed so far to the parent's `numchild`."""
        if self.added:
            Page.objects.filter(pk=self.parent.pk).update(numchild=F("numchild") + self.added)
            self.added = 0


def _step(position):
    digits = ""
    while position:
        position, digit = divmod(position, len(Page.alphabet))
        digits = Page.alphabet[digit] + digits
    if len(digits) > Page.steplen:
        raise ValidationError("the index page has no room for more articles")
    return digits.rjust(Page.steplen, Page.alphabet[0])


def _position(step):
    position = 0
    for digit in step:
        position = position * len(Page.alphabet) + Page.alphabet.index(digit)
    return position


class BatchWriter:
    """Collects `NewArticle`s and writes them a batch at a time; `flush()` writes what is left."""

    def __init__(self, archive_record_model):
        self.archive_record_model = archive_record_model
        self.pending = []
        self.article_type = ContentType.objects.get_for_model(ArticlePage)
        self.page_type = ContentType.objects.get_for_model(Page)
        self.search_backend = get_search_backend()

    def add(self, new_article):
        self.pending.append(new_article)
        if len(self.pending) >= BATCH_SIZE:
            self.flush()

    def flush(self):
        batch, self.pending = self.pending, []
        if not batch:
            return
        now = timezone.now()
        self._insert_pages(batch, now)
        revisions = self._insert_revisions(batch, now)
        self._point_at_revisions(batch, revisions, now)
        self._insert_related_rows(batch)
        pages = [new.page for new in batch]
        for page in pages:
            ReferenceIndex.create_or_update_for_object(page)
        self.search_backend.add_bulk(ArticlePage, pages)

    def _insert_pages(self, batch, now):
        for new in batch:
            page = new.page
            page.content_type = self.article_type
            page.draft_title = page.title
            page.live = new.live
            page.has_unpublished_changes = not new.live
            page.first_published_at = new.first_published_at
            page.last_published_at = new.last_published_at
            page.latest_revision_created_at = now
        bases = [Page(**{field.attname: getattr(new.page, field.attname) for field in BASE_FIELDS}) for new in batch]
        if connection.features.can_return_rows_from_bulk_insert:
            Page.objects.bulk_create(bases)
        else:  # an SQLite older than 3.35 gives no ids back from a bulk insert
            for base in bases:
                base.save_base(raw=True)
        for new, base in zip(batch, bases):
            new.page.id = new.page.page_ptr_id = base.pk
        _insert_rows(ArticlePage, [new.page for new in batch])

    def _insert_revisions(self, batch, now):
        revisions = []
        for new in batch:
            page = new.page
            page.authors = new.authors  # the revision holds them, as the edit form's would
            for relation in get_all_child_relations(ArticlePage):  # a new page has none: no query for them
                setattr(page, relation.get_accessor_name(), [])
            revisions.append(Revision(
                content_type=self.article_type, base_content_type=self.page_type, object_id=str(page.pk),
                created_at=now, content=page.serializable_data(), object_str=str(page),
                approved_go_live_at=page.go_live_at if not new.live and page.go_live_at and page.go_live_at > now else None,
            ))
        return Revision.objects.bulk_create(revisions)

    def _point_at_revisions(self, batch, revisions, now):
        for new, revision in zip(batch, revisions):
            new.page.latest_revision = revision
            new.page.live_revision = revision if new.live else None
        Page.objects.bulk_update([new.page for new in batch], ["latest_revision", "live_revision"])

    def _insert_related_rows(self, batch):
        through = ArticlePage.authors.through
        through.objects.bulk_create(
            [through(articlepage_id=new.page.pk, author_id=author.pk) for new in batch for author in new.authors]
        )
        self.archive_record_model.objects.bulk_create(
            [self.archive_record_model(article_id=new.page.pk, **new.archive_fields) for new in batch]
        )


def _insert_rows(model, instances):
    """Insert the rows of `model`'s own table (not its parents') for `instances`: Django's
    bulk_create refuses models that extend another concrete model."""
    fields = model._meta.local_concrete_fields
    insert_rows(model, [field.attname for field in fields], [[getattr(instance, field.attname) for field in fields] for instance in instances])
