"""Stored neighbour lists, editors' pins and exclusions, and the read path of the similar box.

Lists are computed by background tasks (see `tasks.py`) and only read here: a page view runs a few
indexed queries and no similarity work.
"""

from dataclasses import dataclass

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _
from modelcluster.fields import ParentalKey
from wagtail.admin.panels import FieldPanel
from wagtail.models import Orderable

from trendwatch.pagecache.compiled import CompiledQuery, Param
from trendwatch.pagecache.memo import memoised


class Neighbour(models.Model):
    """One entry of an article's ranked neighbour list, as the engine computed it."""

    article = models.ForeignKey("publishing.ArticlePage", on_delete=models.CASCADE, related_name="neighbours")
    neighbour = models.ForeignKey("publishing.ArticlePage", on_delete=models.CASCADE, related_name="+")
    rank = models.PositiveSmallIntegerField()
    score = models.FloatField()
    reasons = models.JSONField(default=dict)

    class Meta:
        ordering = ["article", "rank"]
        constraints = [models.UniqueConstraint(fields=["article", "rank"], name="one_neighbour_per_rank")]
        indexes = [models.Index(fields=["neighbour"])]


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


@dataclass(slots=True)
class BoxEntry:
    """A stored neighbour's place in a box: its row, its score and (for editors) the engine's reasons."""

    pk: int
    score: float
    reasons: dict | None = None


def similar_articles_for(article, size=None, preview=False, with_reasons=True):
    """The similar box of `article` for a reader of its language: [(page, entry-or-None)].

    Order: pins, then the stored neighbours (of the article and of its translations, mapped to the
    reader's language), then same-trend articles closest in time, then any article closest in time.
    The entry carries score and reasons for editors; it is None for pins and fallbacks.
    """
    size = size or settings.SIMILAR_BOX_SIZE
    language = article.language
    # A preview shows the pins and exclusions of the edit form, saved or not.
    chosen_by_editors = preview or article.pk in articles_with_editors_choices()
    box = SimilarBox(article, size, chosen_by_editors)

    pins = list(article.similar_pins.all()) if chosen_by_editors else []
    if pins:  # most articles have none: no query for their pages then
        pinned_by_pk = {page.pk: page for page in box_candidates().filter(pk__in=[pin.target_id for pin in pins])}
        for pin in pins:
            if pin.target_id in pinned_by_pk:
                box.offer(pinned_by_pk[pin.target_id], None, pinned=True)

    # Rows as plain tuples, with the neighbour's translation group rather than its page; entries are
    # made for the groups that reach the box, with their reasons only when someone will see them.
    rows = NEIGHBOUR_ROWS(group=article.translation_key)
    # A group ranks by its best score in any language (the rows come best first); its entry is the
    # reader's own article's row where that pair was scored, so editors read terms in the page's language.
    best_by_group = {}
    for row in rows:
        key, own = row[4], row[1] == article.pk
        if key not in best_by_group:
            best_by_group[key] = (row[3], row)
        elif own and best_by_group[key][1][1] != article.pk:
            best_by_group[key] = (best_by_group[key][0], row)
    ranked_groups = sorted(best_by_group, key=lambda key: (-best_by_group[key][0], best_by_group[key][1][2]))

    def entry(key):
        pk, _article_id, _neighbour_id, score, _group = best_by_group[key][1]
        return BoxEntry(pk, score)

    # Pages for a few more groups than the box holds: most boxes fill from these. Where they do not
    # (groups without a version in the reader's language), the rest are loaded at once.
    first = 2 * size
    for batch in (ranked_groups[:first], ranked_groups[first:]):
        if box.full or not batch:
            break
        in_language = {page.translation_key: page for page in BOX_PAGES(language, len(batch), groups=batch)}
        for key in batch:
            if key in in_language:
                box.offer(in_language[key], entry(key))

    if not box.full:
        box.fill_closest_in_time(box_candidates(language).filter(trend_id=article.trend_id))
    if not box.full:
        box.fill_closest_in_time(box_candidates(language))
    if not box.items:
        box.fill_closest_in_time(box_candidates())
    if with_reasons:
        shown = [shown_entry for _page, shown_entry in box.items if shown_entry is not None]
        reasons = dict(Neighbour.objects.filter(pk__in=[item.pk for item in shown]).values_list("pk", "reasons"))
        for item in shown:
            item.reasons = reasons[item.pk]
    return box.items


# The page fields a similar box reads (headline, date, lead, link, and the box's rules).
BOX_PAGE_FIELDS = (
    "title", "lead", "published_at", "translation_key", "exclude_from_similar", "url_path", "path", "depth", "live",
    "locale_id",
)


def box_candidates(language=None):
    """Published articles with what the box shows of them: no body, trend, image or week."""
    from trendwatch.publishing.models import published_articles

    return published_articles(language).select_related(None).only(*BOX_PAGE_FIELDS)


def _box_pages(language, count):
    return box_candidates(language).filter(translation_key__in=Param.many("groups", count, models.UUIDField()))


# The box's two queries on every view, compiled once (see pagecache.compiled).
NEIGHBOUR_ROWS = CompiledQuery(
    "neighbour rows",
    lambda: Neighbour.objects.filter(article__translation_key=Param("group", output_field=models.UUIDField()))
    .order_by("-score", "neighbour_id")
    .values_list("pk", "article_id", "neighbour_id", "score", "neighbour__translation_key"),
)
BOX_PAGES = CompiledQuery("similar box pages", _box_pages)


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

    @property
    def full(self):
        return len(self.items) >= self.size

    def offer(self, page, entry, pinned=False):
        if self.full or page.translation_key in self.refused_groups:
            return
        if page.exclude_from_similar and not pinned:
            return
        title, lead = _normalised(page.title), _normalised(page.lead)
        if title in self.seen_titles or (lead and lead in self.seen_leads):
            return
        self.refused_groups.add(page.translation_key)
        self.seen_titles.add(title)
        self.seen_leads.add(lead)
        from trendwatch.publishing.models import locales_by_id, with_memoised

        # The page's language (for its address) from the content memo rather than a join in every query.
        self.items.append((with_memoised(page, "locale", locales_by_id()), entry))

    def fill_closest_in_time(self, candidates):
        """Offer the candidates nearest to the article's date: a few before it and a few after."""
        moment = self.article.published_at
        if moment is None:
            for page in candidates[: self.size * 3]:
                self.offer(page, None)
            return
        needed = self.size * 3
        before = list(candidates.filter(published_at__lte=moment)[:needed])
        after = list(candidates.filter(published_at__gt=moment).order_by("published_at", "pk")[:needed])
        for page in sorted(before + after, key=lambda page: (abs(page.published_at - moment), page.pk)):
            self.offer(page, None)


def _normalised(text):
    """Two articles with the same headline or the same lead are near-duplicates in one box."""
    return " ".join(text.lower().split())
