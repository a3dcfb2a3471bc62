"""New pages written in batches (`archive.bulk`) must be the pages Wagtail's own path writes.

The batch writer fills Wagtail's tables itself; these tests hold its rows against those of
`add_child`, `save_revision` and `publish`, so that a Wagtail or treebeard upgrade that changes
what a page is made of fails here rather than in an editor's hands.
"""

import datetime

import pytest
from django.contrib.contenttypes.models import ContentType
from django.utils import timezone
from wagtail.models import Page, ReferenceIndex, Revision
from wagtail.search.backends import get_search_backend

from trendwatch.archive.bulk import BatchWriter, NewArticle, TreePositions
from trendwatch.archive.models import ArchiveRecord
from trendwatch.publishing.models import ArticleIndexPage, ArticlePage, Author, Trend, WeeklyIssue

pytestmark = pytest.mark.django_db

# Columns that tell two pages apart whatever wrote them.
OWN_COLUMNS = {"id", "page_ptr_id", "path", "slug", "url_path", "translation_key", "latest_revision_id", "live_revision_id",
               "latest_revision_created_at", "last_published_at", "first_published_at", "title", "draft_title"}


def article(title, index):
    moment = timezone.make_aware(datetime.datetime(2016, 12, 12, 10, 22))
    return ArticlePage(
        title=title, lead="Defence ministers agree on a military dialogue.", body="<p>Riga hosted the talks.</p>",
        published_at=moment, trend=Trend.objects.get(slug="security"), locale=index.locale,
        weekly_issue=WeeklyIssue.for_date(moment.date()), direction="improved",
    )


def written_by_wagtail(title, index, author):
    page = article(title, index)
    index.add_child(instance=page)
    page.authors.set([author])
    page.save_revision().publish()
    return ArticlePage.objects.get(pk=page.pk)


def written_in_a_batch(titles, index, author):
    writer = BatchWriter(ArchiveRecord)
    positions = TreePositions(index)
    pages = []
    for number, title in enumerate(titles):
        page = article(title, index)
        positions.place(page, "en")
        pages.append(page)
        moment = page.published_at
        writer.add(NewArticle(page=page, authors=[author], live=True, first_published_at=moment,
                              last_published_at=moment, archive_fields={"key": f"test:{number}"}))
    writer.flush()
    positions.count_added()
    return [ArticlePage.objects.get(pk=page.pk) for page in pages]


@pytest.fixture
def index():
    return ArticleIndexPage.objects.get(locale__language_code="en")


@pytest.fixture
def author():
    return Author.objects.create(slug="hanna-lis", name_en="Hanna Lis")


def columns(page):
    """The page's columns in every table it has a row in, and its authors."""
    values = {field.attname: getattr(page, field.attname) for field in ArticlePage._meta.concrete_fields}
    return {name: value for name, value in values.items() if name not in OWN_COLUMNS} | {
        "authors": list(page.authors.values_list("pk", flat=True))
    }


def test_a_page_written_in_a_batch_has_the_rows_wagtail_writes(index, author):
    by_wagtail = written_by_wagtail("Minsk and Riga talk defence", index, author)
    [in_batch] = written_in_a_batch(["Minsk and Riga talk defence in Daugavpils"], index, author)

    assert columns(in_batch) == columns(by_wagtail)
    assert in_batch.live and in_batch.live_revision_id == in_batch.latest_revision_id
    assert in_batch.url_path == f"{index.url_path}{in_batch.slug}/"
    revision = Revision.objects.get(pk=in_batch.latest_revision_id)
    wagtail_revision = Revision.objects.get(pk=by_wagtail.latest_revision_id)
    assert revision.content_type == ContentType.objects.get_for_model(ArticlePage)
    assert revision.base_content_type == wagtail_revision.base_content_type
    assert set(revision.content) == set(wagtail_revision.content)
    assert revision.as_object().authors.get() == author

    def references(page):
        return set(ReferenceIndex.get_references_for_object(page).values_list("to_content_type", "to_object_id", "model_path"))

    assert references(in_batch) == references(by_wagtail) != set()
    found = get_search_backend().search("Daugavpils", ArticlePage)
    assert [page.pk for page in found] == [in_batch.pk]


def test_pages_in_a_batch_take_the_next_places_and_unique_slugs_in_the_tree(index, author):
    first = written_by_wagtail("Border talks", index, author)
    batch = written_in_a_batch(["Border talks", "Border talks", "Пагранічныя перамовы"], index, author)
    after = written_by_wagtail("Border talks", index, author)

    assert [page.slug for page in batch] == ["border-talks-2", "border-talks-3", "pagranichnyya-peramovy"]
    assert after.slug == "border-talks-4"
    children = list(index.get_children())
    assert [child.pk for child in children] == [first.pk, *(page.pk for page in batch), after.pk]
    assert Page.objects.get(pk=index.pk).numchild == 5
    assert all(not problems for problems in Page.find_problems())


def test_a_slug_the_index_already_holds_is_refused_with_its_address(index, author):
    written_by_wagtail("Border talks", index, author)
    page = article("Other", index)
    page.slug = "border-talks"
    with pytest.raises(Exception, match="the slug 'border-talks' is already in use at /home/articles/"):
        TreePositions(index).place(page, "en")
