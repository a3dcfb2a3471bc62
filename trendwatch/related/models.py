"""Stored neighbour lists, editors' pins and exclusions, and the read path of the similar box.

Lists are computed by background tasks (see `tasks.py`) and only read here: a page view runs a few
indexed queries and no similarity work.
"""

from dataclasses import dataclass

from django.conf import settings
from django.db import models
from django.db.models import OuterRef, Subquery
from django.utils.translation import gettext_lazy as _
from modelcluster.fields import ParentalKey
from wagtail.admin.panels import FieldPanel
from wagtail.models import Orderable

from trendwatch.entities.models import Entity
from trendwatch.pagecache.compiled import CompiledQuery, Param
from trendwatch.pagecache.memo import memoised
from trendwatch.publishing.models import ArticlePage, locales_by_id, published_articles, with_memoised
from trendwatch.similar.duplicates import sketches_are_near_duplicates


class Neighbour(models.Model):
    """One entry of an article's ranked neighbour list, as the engine computed it."""

    article = models.ForeignKey("publishing.ArticlePage", on_delete=models.CASCADE, related_name="neighbours")
    neighbour = models.ForeignKey("publishing.ArticlePage", on_delete=models.CASCADE, related_name="+")
    # Copies of the two pages' translation keys (which never change): the box reads a translation
    # group's lists and finds their pages in the reader's language without joining the page tables.
    group = models.UUIDField()
    neighbour_group = models.UUIDField()
    rank = models.PositiveSmallIntegerField()
    score = models.FloatField()
    reasons = models.JSONField(default=dict)

    class Meta:
        ordering = ["article", "rank"]
        constraints = [models.UniqueConstraint(fields=["article", "rank"], name="one_neighbour_per_rank")]
        indexes = [models.Index(fields=["neighbour"]), models.Index(fields=["group", "neighbour_group"], name="neighbour_groups")]

    def save(self, *args, **kwargs):
        if self.group is None:
            self.group = self.article.translation_key
        if self.neighbour_group is None:
            self.neighbour_group = self.neighbour.translation_key
        super().save(*args, **kwargs)


class DocumentChange(models.Model):
    """A page whose document for the engine (its text, date, trend or entities) changed, in order.

    Each process's index applies the changes logged since the last one it applied, instead of
    comparing every published page with what it holds: what a publication costs a worker grows
    with what changed, not with the archive. Rows older than `corpus.CHANGE_LOG_DAYS` are deleted;
    a process that has not looked for longer compares every page once.
    """

    page_id = models.BigIntegerField()  # not a foreign key: a deleted page's removal is a change too
    logged_at = models.DateTimeField(auto_now_add=True, db_index=True)


class SimilarPin(Orderable):
    """An article an editor wants shown first in this article's box."""

    article = ParentalKey("publishing.ArticlePage", on_delete=models.CASCADE, related_name="similar_pins")
    target = models.ForeignKey(
        "publishing.ArticlePage", verbose_name=_("article"), on_delete=models.CASCADE, related_name="+"
    )
    panels = [FieldPanel("target")]

    class Meta(Orderable.Meta):
        verbose_name = _("pinned similar article")


class SimilarExclusion(models.Model):
    """An article an editor never wants in this article's box."""

    article = ParentalKey("publishing.ArticlePage", on_delete=models.CASCADE, related_name="similar_exclusions")
    target = models.ForeignKey(
        "publishing.ArticlePage", verbose_name=_("article"), on_delete=models.CASCADE, related_name="+"
    )
    panels = [FieldPanel("target")]

    class Meta:
        verbose_name = _("excluded similar article")


class TextSketch(models.Model):
    """A short summary of a published page's text (the engine's `text_sketch`), kept by the background
    tasks: the box tells near-duplicates apart by comparing two sketches, without the texts."""

    page = models.OneToOneField("publishing.ArticlePage", on_delete=models.CASCADE, primary_key=True, related_name="+")
    sketch = models.JSONField()
    # The page's live revision the sketch was made from: a process that fits its index anew
    # makes again the sketches of pages edited since (while no process was watching).
    live_revision = models.IntegerField(null=True)  # None for a page published without revisions


@dataclass(slots=True)
class BoxEntry:
    """A stored neighbour's place in a box: its score, and (for editors and the API) its row and the
    engine's reasons."""

    pk: int | None
    score: float
    reasons: dict | None = None


def similar_articles_for(article, size=None, preview=False, with_reasons=True):
    """The similar box of `article` for a reader of its language: [(page, entry-or-None)], the really
    similar first, then the places left filled by trend (see `similar_box_for`)."""
    similar, more = similar_box_for(article, size, preview, with_reasons)
    return similar + more


def similar_box_for(article, size=None, preview=False, with_reasons=True):
    """(similar, more on the trend) for a reader of the article's language, each [(page, entry-or-None)].

    Similar: pins, then the stored neighbours scoring at least SIMILAR_MIN_SCORE (of the article and
    of its translations, mapped to the reader's language). The places left go to the same trend's
    articles closest in time, in the reader's language and then in any: shown apart, never as similar.
    The entry carries score and reasons for editors; it is None for pins and for the trend's articles.
    """
    size = size or settings.SIMILAR_BOX_SIZE
    language = article.language
    # A preview shows the pins and exclusions of the edit form, saved or not.
    chosen_by_editors = preview or article.pk in articles_with_editors_choices()
    box = SimilarBox(article, size, chosen_by_editors)

    pins = list(article.similar_pins.all()) if chosen_by_editors else []
    if pins:  # most articles have none: no query for their pages then
        for page in _pinned_pages([pin.target_id for pin in pins], language):
            box.offer(page, None)

    # The groups in the stored lists of the article and its translations, as pages in the reader's
    # language ranked by the group's best score in any language: the first few usually fill the box;
    # where they do not (groups without a version in this language are absent), all of them.
    offered = 0
    for limit in (2 * size, None):
        ranked = RANKED_NEIGHBOURS(language, limit, group=article.translation_key)
        for page in ranked[offered:]:
            if page.best_score < settings.SIMILAR_MIN_SCORE:
                break
            box.offer(page, BoxEntry(None, page.best_score))
        if box.full or limit is None or len(ranked) < limit or ranked[-1].best_score < settings.SIMILAR_MIN_SCORE:
            break
        offered = limit
    similar_count = len(box.items)

    if not box.full:
        box.fill_closest_in_time(box_candidates(language).filter(trend_id=article.trend_id))
    if not box.full:
        box.fill_closest_in_time(box_candidates().filter(trend_id=article.trend_id))
    if with_reasons:
        _attach_rows(article, box.items[:similar_count])
    return box.items[:similar_count], box.items[similar_count:]


def _pinned_pages(targets, language):
    """The published pages of the pinned articles in the reader's language, where an article has a
    version in it, else as pinned; in the editors' order."""
    keys = dict(ArticlePage.objects.filter(pk__in=targets).values_list("pk", "translation_key"))
    in_language = {page.translation_key: page for page in box_candidates(language).filter(translation_key__in=keys.values())}
    as_pinned = {page.pk: page for page in box_candidates().filter(pk__in=targets)}
    pages = (in_language.get(keys.get(target)) or as_pinned.get(target) for target in targets)
    return [page for page in pages if page is not None]


# The page fields a similar box reads (headline, date, lead, link, and the box's rules).
BOX_PAGE_FIELDS = (
    "title", "lead", "published_at", "translation_key", "exclude_from_similar", "url_path", "path", "depth", "live",
    "locale_id",
)


def box_candidates(language=None):
    """Published articles with what the box shows of them and their text sketches: no body, trend,
    image or week."""
    sketch = TextSketch.objects.filter(page=OuterRef("pk")).values("sketch")
    return (
        published_articles(language)
        .select_related(None)
        .only(*BOX_PAGE_FIELDS)
        .annotate(text_sketch=Subquery(sketch, output_field=models.JSONField()))
    )


def _ranked_neighbours(language, limit):
    lists = Neighbour.objects.filter(group=Param("group", output_field=models.UUIDField()))
    best_score = lists.filter(neighbour_group=OuterRef("translation_key")).order_by("-score").values("score")[:1]
    pages = (
        box_candidates(language)
        .filter(translation_key__in=lists.values("neighbour_group"), exclude_from_similar=False)
        .annotate(best_score=Subquery(best_score))
        .order_by("-best_score", "pk")
    )
    return pages[:limit] if limit else pages


# The box's query on every view, compiled once (see pagecache.compiled).
RANKED_NEIGHBOURS = CompiledQuery("similar box pages", _ranked_neighbours)


def _attach_rows(article, items):
    """Give the shown neighbours their stored row (editors read its reasons, the API its score):
    the reader's own article's row where that pair was scored, so terms are in the page's language,
    else the group's best row."""
    entries = {page.translation_key: entry for page, entry in items if entry is not None}
    rows = (
        Neighbour.objects.filter(group=article.translation_key, neighbour_group__in=entries)
        .order_by("-score", "neighbour_id")
        .values_list("pk", "article_id", "neighbour_group", "score", "reasons")
    )
    chosen = {}
    for pk, article_id, key, score, reasons in rows:
        if key not in chosen or (article_id == article.pk and chosen[key][1] != article.pk):
            chosen[key] = (pk, article_id, score, reasons)
    for key, entry in entries.items():
        if key in chosen:  # else its list changed since the box was read
            entry.pk, _article_id, entry.score, entry.reasons = chosen[key]
        else:
            entry.reasons = {}
    _name_entities([entry.reasons for entry in entries.values()], article.language)


def _name_entities(reasons, language):
    """Shared names that are known entities are stored as their ids ("19"): editors read their names."""
    ids = {name for found in reasons for name in found.get("shared_names", ()) if name.isdigit()}
    if not ids:
        return
    names = {str(entity.pk): entity.localized("name", language) for entity in Entity.objects.filter(pk__in=ids)}
    for found in reasons:
        if "shared_names" in found:
            found["shared_names"] = list(dict.fromkeys(names.get(name, name) for name in found["shared_names"]))


def articles_with_editors_choices():
    """Ids of the articles with pins or exclusions: few, so the other articles' boxes skip both queries."""

    def compute():
        return frozenset(SimilarPin.objects.values_list("article_id", flat=True)) | frozenset(
            SimilarExclusion.objects.values_list("article_id", flat=True)
        )

    return memoised("articles with editors' choices", compute)


class SimilarBox:
    """Collects up to `size` distinct articles, honouring the editors' and readers' rules."""

    def __init__(self, article, size, chosen_by_editors=True):
        self.article = article
        self.size = size
        self.items = []
        self.refused_groups = {article.translation_key}
        if chosen_by_editors:
            self.refused_groups.update(
                article.similar_exclusions.values_list("target__translation_key", flat=True)
            )
        self.seen_titles = {_normalised(article.title)}
        self.seen_leads = {_normalised(article.lead)}
        # A lightly edited copy of the article itself is a near-duplicate too.
        own = TextSketch.objects.filter(page_id=article.pk).values_list("sketch", flat=True).first() if article.pk else None
        self.sketches = [own] if own else []

    @property
    def full(self):
        return len(self.items) >= self.size

    def offer(self, page, entry):
        if self.full or page.translation_key in self.refused_groups or page.exclude_from_similar:
            return
        title, lead = _normalised(page.title), _normalised(page.lead)
        if title in self.seen_titles or (lead and lead in self.seen_leads):
            return
        # So are two whose texts are nearly the same, as their sketches tell.
        sketch = page.text_sketch
        if sketch and any(sketches_are_near_duplicates(sketch, shown) for shown in self.sketches):
            return
        self.refused_groups.add(page.translation_key)
        self.seen_titles.add(title)
        self.seen_leads.add(lead)
        if sketch:
            self.sketches.append(sketch)
        # The page's language (for its address) from the content memo rather than a join in every query.
        self.items.append((with_memoised(page, "locale", locales_by_id()), entry))

    def fill_closest_in_time(self, candidates):
        """Offer the candidates nearest to the article's date, reading a few on each side of it at
        first and more while those were refused and there are more."""
        moment = self.article.published_at
        needed = self.size * 3
        while not self.full:
            if moment is None:
                nearest = list(candidates[:needed])
                for page in nearest:
                    self.offer(page, None)
                if len(nearest) < needed:
                    return
            else:
                before = list(candidates.filter(published_at__lte=moment)[:needed])
                after = list(candidates.filter(published_at__gt=moment).order_by("published_at", "pk")[:needed])
                # Beyond the nearer end of a side read in part, the other side may hold pages
                # closer than some not yet read: those wait for the next, longer read.
                ends = [abs(side[-1].published_at - moment) for side in (before, after) if len(side) == needed]
                for page in sorted(before + after, key=lambda page: (abs(page.published_at - moment), page.pk)):
                    if ends and abs(page.published_at - moment) > min(ends):
                        break
                    self.offer(page, None)
                if not ends:
                    return
            needed *= 4


def _normalised(text):
    """Two articles with the same headline or the same lead are near-duplicates in one box."""
    return " ".join(text.lower().split())
