"""The outlet's content: trends, weekly issues, authors and article pages.

Every model of the app is importable from here: credited images (`images.py`), the home and
information pages (`home.py`) and the reader lists' stories (`listed_stories.py`) have modules of
their own, imported here so that Django registers their models.
"""

import copy
import datetime
from urllib.parse import quote

from django import forms
from django.core.exceptions import ValidationError
from django.core.paginator import Paginator
from django.core.serializers.json import DjangoJSONEncoder
from django.db import models
from django.db.models import OuterRef
from django.http import Http404
from django.shortcuts import redirect
from django.utils import timezone
from django.utils.functional import cached_property
from django.utils.http import RFC3986_SUBDELIMS
from django.utils.translation import get_language
from django.utils.translation import gettext_lazy as _
from modelcluster.fields import ParentalManyToManyField
from wagtail.admin.panels import FieldPanel, FieldRowPanel, InlinePanel, MultiFieldPanel
from wagtail.fields import RichTextField
from wagtail.models import Locale, Page
from wagtail.search import index

from trendwatch.pagecache.compiled import CompiledQuery, Param, from_json_rows, json_rows
from trendwatch.pagecache.framework import ChoosesOwnSlug, free_slug, parent_is_known
from trendwatch.pagecache.memo import memoised

from .dates import check_date_fields, format_datetime, format_week, week_start, within_bounds
from .extensions import article_page_columns, similar_box
from .forms import ArticlePageForm
from .images import CreditedImage, CreditedRendition  # noqa: F401
from .languages import DEFAULT_LANGUAGE, LANGUAGE_CODES, LocalizedText
from .restrictions import MemoisedSiteData, public
from .slugs import headline_slug


class Direction(models.TextChoices):
    IMPROVED = "improved", _("Improved")
    WORSENED = "worsened", _("Worsened")
    UNCHANGED = "unchanged", _("Unchanged")
    NOT_ASSESSED = "not_assessed", _("Not assessed")


class Trend(LocalizedText, models.Model):
    """A monitored topic; every commentary belongs to one."""

    slug = models.SlugField(unique=True, max_length=80)
    name_en = models.CharField(_("name (English)"), max_length=120)
    name_ru = models.CharField(_("name (Russian)"), max_length=120, blank=True)
    name_be = models.CharField(_("name (Belarusian)"), max_length=120, blank=True)
    description_en = models.TextField(_("description (English)"), blank=True)
    description_ru = models.TextField(_("description (Russian)"), blank=True)
    description_be = models.TextField(_("description (Belarusian)"), blank=True)
    sort_order = models.PositiveIntegerField(_("order"), default=0)

    panels = [
        FieldRowPanel([FieldPanel("name_en"), FieldPanel("slug"), FieldPanel("sort_order")]),
        FieldRowPanel([FieldPanel("name_ru"), FieldPanel("name_be")]),
        FieldPanel("description_en"),
        FieldPanel("description_ru"),
        FieldPanel("description_be"),
    ]

    class Meta:
        ordering = ["sort_order", "name_en"]
        verbose_name = _("trend")

    def __str__(self):
        return self.name_en


class Author(LocalizedText, models.Model):
    slug = models.SlugField(unique=True, max_length=80)
    name_en = models.CharField(_("name (English)"), max_length=120)
    name_ru = models.CharField(_("name (Russian)"), max_length=120, blank=True)
    name_be = models.CharField(_("name (Belarusian)"), max_length=120, blank=True)

    panels = [FieldPanel("name_en"), FieldPanel("slug"), FieldPanel("name_ru"), FieldPanel("name_be")]

    class Meta:
        ordering = ["name_en"]
        verbose_name = _("author")

    def __str__(self):
        return self.name_en


class WeeklyIssue(LocalizedText, models.Model):
    """A Monday-to-Sunday week of commentaries, with the editors' overview of the situation."""

    week_start = models.DateField(_("week starting (Monday)"), unique=True)
    overview_en = models.TextField(_("overview (English)"), blank=True)
    overview_ru = models.TextField(_("overview (Russian)"), blank=True)
    overview_be = models.TextField(_("overview (Belarusian)"), blank=True)
    # Set by an editor's "Release": the home page shows the newest released issue, and only a
    # released issue's letter goes out; commentaries of a week not yet released are listed as latest.
    released_at = models.DateTimeField(_("released"), null=True, blank=True, editable=False)

    panels = [FieldPanel("week_start"), FieldPanel("overview_en"), FieldPanel("overview_ru"), FieldPanel("overview_be")]

    class Meta:
        ordering = ["-week_start"]
        verbose_name = _("weekly issue")

    def __str__(self):
        return format_week(self.week_start, self.week_end)

    def clean(self):
        check_date_fields(self, ["week_start"])
        if self.week_start and self.week_start.weekday() != 0:
            raise ValidationError({"week_start": _("A weekly issue starts on a Monday.")})

    @property
    def week_end(self):
        return self.week_start + datetime.timedelta(days=6)

    def contains(self, day):
        return self.week_start <= day <= self.week_end

    def label(self, language):
        return format_week(self.week_start, self.week_end, language)

    @property
    def released(self):
        return self.released_at is not None

    def release(self):
        """Make this the issue the home page shows (when it is the newest released) and let its letter go."""
        if self.released_at is None:
            self.released_at = timezone.now()
            self.save(update_fields=["released_at"])

    @classmethod
    def for_date(cls, day):
        issue, _created = cls.objects.get_or_create(week_start=week_start(day))
        return issue


def published_articles(language=None):
    """Live, public article pages, newest first: the only articles a reader may see."""
    articles = public(ArticlePage.objects.live()).filter(published_at__isnull=False)
    if language:
        articles = articles.filter(locale_id=locale_ids_by_language().get(language))
    return articles.select_related("trend", "locale", "lead_image", "weekly_issue").order_by("-published_at", "-pk")


def paginate(request, items, per_page=20):
    return Paginator(items, per_page).get_page(request.GET.get("page"))


class MemoisedChildren:
    """Routing through a page whose children are few and change rarely (a home page's article index)
    takes them from the content memo instead of a query and a `.specific` per request."""

    def route(self, request, path_components):
        if not path_components:
            return super().route(request, path_components)
        children = memoised(("children", self.pk), lambda: {child.slug: child for child in self.get_children().specific()})
        child = children.get(path_components[0])
        if child is None:
            raise Http404
        # A copy per request: the memo's page is shared by every thread.
        return copy.copy(child).route(request, path_components[1:])


def article_indexes():
    """{language code: (tree path, depth)} of each language's article index, English first."""

    def compute():
        indexes = ArticleIndexPage.objects.live().values_list("locale__language_code", "path", "depth")
        found = {code: (path, depth) for code, path, depth in indexes}
        return {code: found[code] for code in LANGUAGE_CODES if code in found}

    return memoised("article indexes", compute)


def article_index_urls():
    """{language code: address of the language's article index}."""
    return memoised(
        "article index urls", lambda: {page.locale.language_code: page.url for page in ArticleIndexPage.objects.live().select_related("locale")}
    )


def live_homes():
    """{language code: live home page}."""
    return memoised(
        "live homes", lambda: {home.locale.language_code: home for home in HomePage.objects.live().select_related("locale")}
    )


def all_trends():
    """Every trend in the outlet's order, for the navigation."""
    return memoised("trends", lambda: list(Trend.objects.all()))


def trends_by_id():
    return memoised("trends by id", lambda: {trend.pk: trend for trend in all_trends()})


def locales_by_id():
    return memoised("locales by id", lambda: {locale.pk: locale for locale in Locale.objects.all()})


def locale_ids_by_language():
    return {locale.language_code: pk for pk, locale in locales_by_id().items()}


def with_memoised(record, field, memoised_by_id):
    """Set `record`'s foreign key `field` to the memo's copy of what it points to, where the memo has it."""
    target = memoised_by_id.get(getattr(record, f"{field}_id"))
    if target is not None:
        setattr(record, field, target)
    return record


def with_locales(pages):
    """`pages` as a list, each with its locale from the content memo instead of a join per query."""
    locales = locales_by_id()
    return [with_memoised(page, "locale", locales) for page in pages]


class ArticleIndexPage(MemoisedSiteData, Page):
    """All commentaries of one language, newest first."""

    max_count_per_parent = 1
    parent_page_types = ["publishing.HomePage"]
    subpage_types = ["publishing.ArticlePage"]

    def route(self, request, path_components):
        # An article with the records its page shows, in one query instead of a child lookup and `.specific`.
        if len(path_components) == 1:
            article = next(iter(ARTICLE_BY_SLUG(self.path, self.depth, slug=path_components[0])), None)
            # A draft translation at the address leaves it to the published original.
            if article is not None and article.live:
                # Shared records from the content memo rather than two more joins (a record newer
                # than this process's memo is read as usual).
                with_memoised(article, "locale", locales_by_id())
                with_memoised(article, "trend", trends_by_id())
                return article.route(request, [])
            original = self._untranslated(path_components[0])
            if original is not None:
                return original.route(request, [])
        return super().route(request, path_components)

    def _untranslated(self, slug):
        """The article another language's index has at `slug`, shown to this language's readers when
        it has no version in their language (English first): every language tells the same story."""
        language = self.locale.language_code
        for code, (path, depth) in article_indexes().items():
            if code == language:
                continue
            article = next(iter(ARTICLE_BY_SLUG(path, depth, slug=slug)), None)
            if article is None or not article.live:
                continue
            with_memoised(article, "locale", locales_by_id())
            with_memoised(article, "trend", trends_by_id())
            translated = next((page for page in article.published_translations if page.language == language), None)
            if translated is not None:
                translated.redirects_here = True  # the address was the other language's slug
                return translated
            article.shown_in = language
            return article
        return None

    def get_context(self, request, *args, **kwargs):
        context = super().get_context(request, *args, **kwargs)
        context["articles"] = paginate(request, published_articles(self.locale.language_code))
        return context


# Republishing within this time of the first publication is a correction, not an update readers are told of.
UPDATE_NOTICE_AFTER = datetime.timedelta(hours=1)

# What Django's URL reversal leaves unquoted in a path.
URL_SAFE = RFC3986_SUBDELIMS + "/~:@"

# What a link to an article reads: its title and what its address is made of (the locale from the memo).
LINK_FIELDS = ("title", "url_path", "path", "depth", "live", "translation_key", "locale_id")

AUTHOR_FIELDS = ("id", "slug", "name_en", "name_ru", "name_be")
# A translation's link: LINK_FIELDS but its translation key (the article's own).
TRANSLATION_FIELDS = ("page_ptr_id", "title", "url_path", "path", "depth", "live", "locale_id")


def _article_by_slug(index_path, index_depth):
    """An index page's article by its slug, with the records its page shows: its authors, its live
    translations and the columns other apps add (`extensions`) come in the same row (see `json_rows`)."""
    article = OuterRef("pk")
    translations = public(ArticlePage.objects.live()).filter(translation_key=OuterRef("translation_key")).exclude(pk=article)
    return (
        ArticlePage.objects.filter(path__startswith=index_path, depth=index_depth + 1, slug=Param("slug"))
        .select_related("weekly_issue", "lead_image")
        .annotate(
            author_rows=json_rows(Author.objects.filter(articles=article), *AUTHOR_FIELDS),
            translation_rows=json_rows(translations, *TRANSLATION_FIELDS),
            **article_page_columns(article),
        )[:1]
    )


ARTICLE_BY_SLUG = CompiledQuery("article by slug", _article_by_slug)


class ArticlePage(ChoosesOwnSlug, MemoisedSiteData, Page):
    """One analyst's commentary on one trend in one week."""

    published_at = models.DateTimeField(
        _("publication date and time"), null=True, blank=True, help_text=_("Shown to readers as the article's date.")
    )
    lead = models.TextField(_("lead paragraph"), help_text=_("Shown in lists and in similar-article boxes."))
    body = RichTextField(_("body"), features=["h2", "h3", "bold", "italic", "link", "ol", "ul", "blockquote"])
    lead_image = models.ForeignKey(
        CreditedImage, verbose_name=_("lead image"), null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    trend = models.ForeignKey(Trend, verbose_name=_("trend"), on_delete=models.PROTECT, related_name="articles")
    direction = models.CharField(
        _("direction of change"), max_length=20, choices=Direction.choices, default=Direction.NOT_ASSESSED
    )
    week_override = models.ForeignKey(
        WeeklyIssue,
        verbose_name=_("weekly issue (override)"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
        help_text=_("Leave empty: the week follows from the publication date."),
    )
    # Derived on save from week_override or the publication date; never edited directly.
    weekly_issue = models.ForeignKey(
        WeeklyIssue, null=True, blank=True, editable=False, on_delete=models.SET_NULL, related_name="articles"
    )
    authors = ParentalManyToManyField(Author, verbose_name=_("authors"), blank=True, related_name="articles")
    exclude_from_similar = models.BooleanField(
        _("exclude from similar articles"),
        default=False,
        help_text=_("Never offer this article in another article's similar-articles box."),
    )

    base_form_class = ArticlePageForm
    parent_page_types = ["publishing.ArticleIndexPage"]
    subpage_types = []

    content_panels = Page.content_panels + [
        FieldPanel("published_at"),
        FieldPanel("lead"),
        FieldPanel("body"),
        FieldPanel("lead_image"),
        MultiFieldPanel(
            [
                FieldPanel("trend"),
                FieldPanel("direction"),
                FieldPanel("week_override"),
                FieldPanel("authors", widget=forms.CheckboxSelectMultiple),
            ],
            heading=_("Monitoring"),
        ),
        MultiFieldPanel(
            [
                FieldPanel("exclude_from_similar"),
                InlinePanel("similar_pins", label=_("Pinned (shown first)")),
                InlinePanel("similar_exclusions", label=_("Never shown in this article's box")),
            ],
            heading=_("Similar articles"),
        ),
        InlinePanel("forecasts", heading=_("Forecasts"), label=_("Forecast")),
    ]
    # A translation shares its original's forecasts instead of counting them twice.
    exclude_fields_in_copy = ["forecasts"]

    search_fields = Page.search_fields + [
        index.SearchField("lead"),
        index.SearchField("body"),
        index.FilterField("trend"),
        index.FilterField("direction"),
        index.FilterField("published_at"),
    ]

    class Meta:
        verbose_name = _("article")
        indexes = [models.Index(fields=["published_at"])]

    def clean(self):
        super().clean()
        self.check_dates()

    def check_dates(self):
        """Dates within the bounds, and an editor's week containing the publication date."""
        check_date_fields(self, ["published_at", "go_live_at", "expire_at"])
        if self.week_override_id and self.published_at:
            day = timezone.localdate(self.published_at)
            if not self.week_override.contains(day):
                raise ValidationError(
                    {
                        "week_override": _(
                            "The week %(week)s does not contain the publication date %(date)s."
                        )
                        % {"week": self.week_override.label(get_language() or DEFAULT_LANGUAGE), "date": day.isoformat()}
                    }
                )

    def choose_slug(self):
        # Cyrillic headlines get a romanised slug instead of an empty or percent-escaped one.
        if self.title and parent_is_known(self) and not (self.slug and self.slug.isascii()):
            language = self.locale.language_code if self.locale_id else DEFAULT_LANGUAGE
            self.slug = free_slug(self, headline_slug(self.title, language))

    def save(self, *args, **kwargs):
        # Publishing without the edit form (approval from the dashboard, bulk actions, scheduled
        # revisions) may find no date: the article is dated when it first went live instead of
        # going live where no list shows it, and the live revision is dated too for the next edit.
        dated_on_publishing = self.live and self.published_at is None
        if dated_on_publishing:
            self.published_at = self.first_published_at or timezone.now()
        self.weekly_issue = self.derived_week()
        saved = super().save(*args, **kwargs)
        if dated_on_publishing and self.live_revision is not None:
            self.live_revision.content["published_at"] = DjangoJSONEncoder().default(self.published_at)
            self.live_revision.save(update_fields=["content"])
        return saved

    def derived_week(self):
        if self.week_override_id:
            return self.week_override
        # A date outside the bounds has no week; cleaning refuses it with a message naming the field.
        if self.published_at and within_bounds(self.published_at):
            return WeeklyIssue.for_date(timezone.localdate(self.published_at))
        return None

    @property
    def language(self):
        return self.locale.language_code

    def date_label(self, language=None):
        return format_datetime(self.published_at, language or self.language) if self.published_at else ""

    def get_url_parts(self, request=None):
        # An article's address is its index page's address and its slug: the index's part comes from
        # the content memo instead of the site root lookup and URL reversal Wagtail does per page.
        # With a request (where several sites may claim a page) Wagtail decides as usual.
        if request is None and self.path and self.url_path:
            index = memoised(("index address", self.path[: -self.steplen], get_language()), self._index_address)
            if index is not None and self.url_path.startswith(index[1]):
                (site_id, root_url, index_address), index_url_path = index
                return site_id, root_url, index_address + quote(self.url_path[len(index_url_path) :], safe=URL_SAFE)
        return super().get_url_parts(request)

    def _index_address(self):
        index = Page.objects.filter(path=self.path[: -self.steplen]).first()
        parts = index.get_url_parts() if index is not None else None
        return (parts, index.url_path) if parts and parts[2] is not None else None

    @cached_property
    def published_translations(self):
        """Live public translations of this article, for the language links, in the site's language order."""
        if hasattr(self, "translation_rows"):  # read with the page
            pages = from_json_rows(ArticlePage, TRANSLATION_FIELDS, self.translation_rows)
            for page in pages:
                page.translation_key = self.translation_key
        else:
            pages = public(ArticlePage.objects.live()).filter(translation_key=self.translation_key).exclude(pk=self.pk)
            pages = pages.only(*LINK_FIELDS)
        return sorted(with_locales(pages), key=lambda page: LANGUAGE_CODES.index(page.language))

    @cached_property
    def authors_by_name(self):
        """A preview's are those of its edit form, saved or not."""
        if hasattr(self, "author_rows"):  # read with the page
            authors = from_json_rows(Author, AUTHOR_FIELDS, self.author_rows)
            return sorted(authors, key=lambda author: (author.name_en, author.pk))
        return list(self.authors.all())

    def serve(self, request, *args, **kwargs):
        if getattr(self, "redirects_here", False):
            return redirect(self.url)
        return super().serve(request, *args, **kwargs)

    def address_in(self, language):
        """Where a reader of `language` reads this article: its translation, else this article under
        that language's interface (see `ArticleIndexPage._untranslated`)."""
        if language == self.language:
            return self.url
        translated = next((page for page in self.published_translations if page.language == language), None)
        return translated.url if translated is not None else self.address_under(language)

    def address_under(self, language):
        """This article's address under `language`'s interface, for a reader of a language it has no
        version in (no look-up of translations)."""
        if language == self.language:
            return self.url
        index = article_index_urls().get(language)
        return index + self.url_path.rstrip("/").rpartition("/")[2] + "/" if index else self.url

    @property
    def was_updated(self):
        """Edited and published again after it first went live (a typo fixed at once does not count)."""
        first, last = self.first_published_at, self.last_published_at
        return bool(first and last and last - first > UPDATE_NOTICE_AFTER)

    def get_context(self, request, *args, **kwargs):
        context = super().get_context(request, *args, **kwargs)
        preview = getattr(request, "is_preview", False)
        context["similar_articles"], context["more_on_trend"] = similar_box(self, preview=preview, with_reasons=preview)
        context["show_reasons"] = preview
        context["authors"] = self.authors_by_name
        return context


# Imported last: both modules build on the models above.
from .home import HomePage, InformationPage  # noqa: E402, F401
from .listed_stories import ListedStory  # noqa: E402, F401
