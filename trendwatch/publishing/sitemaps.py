"""sitemap.xml and robots.txt, at the site root.

The sitemap lists only what a reader can open: live home pages and their routes, trend pages,
weekly issues and archive months that have published commentaries, and the published articles.
Each address carries its language versions as <xhtml:link rel="alternate" hreflang> links.
"""

from dataclasses import dataclass

from django.contrib.sitemaps import Sitemap
from django.contrib.sitemaps.views import sitemap as sitemap_view
from django.db.models import Max
from django.http import HttpResponse
from django.utils import translation
from django.views.decorators.http import require_GET

from .models import LANGUAGE_CODES, ArticleIndexPage, HomePage, Trend, published_articles

# Routes of every home page that list the whole archive rather than one thing in it.
HOME_ROUTES = ["trends", "archive"]
# Addresses crawlers should leave alone: the editors' interface and the endless search results.
DISALLOWED_PATHS = ["/admin/", *(f"/{code}/search/" for code in LANGUAGE_CODES)]


@dataclass(frozen=True)
class Address:
    """One language version of a sitemap entry."""

    path: str
    lastmod: object = None


def page_path(page):
    return page.get_url_parts()[2]


def route_path(home, name, *args):
    return page_path(home) + home.reverse_subpage(name, args=args or None)


class LanguageVersionsSitemap(Sitemap):
    """Entries are {language code: Address}; each language version is listed with the others as alternates."""

    i18n = True
    alternates = True

    def items(self):
        return [versions for versions in self.entries() if versions]

    def entries(self):
        raise NotImplementedError

    def get_languages_for_item(self, versions):
        return [code for code in LANGUAGE_CODES if code in versions]

    def location(self, versions):
        return versions[translation.get_language()].path

    def lastmod(self, versions):
        # An entry changes when any version does: a new translation adds an alternate to all of them.
        moments = [address.lastmod for address in versions.values() if address.lastmod]
        return max(moments) if moments else None


class HomeSitemap(LanguageVersionsSitemap):
    priority = 1.0
    changefreq = "daily"

    def entries(self):
        homes = public_homes()
        indexes = {
            index.locale.language_code: index
            for index in ArticleIndexPage.objects.live().public().select_related("locale")
        }
        yield {code: Address(page_path(home)) for code, home in homes.items()}
        yield {code: Address(page_path(index)) for code, index in indexes.items() if code in homes}
        for name in HOME_ROUTES:
            yield {code: Address(route_path(home, name)) for code, home in homes.items()}


class TrendSitemap(LanguageVersionsSitemap):
    changefreq = "weekly"

    def entries(self):
        homes = public_homes()
        newest = latest_by_language(published_articles(), "trend_id")
        for trend in Trend.objects.all():
            yield {
                code: Address(route_path(home, "trend", trend.slug), newest[trend.pk, code])
                for code, home in homes.items()
                if (trend.pk, code) in newest
            }


class WeekSitemap(LanguageVersionsSitemap):
    changefreq = "monthly"

    def entries(self):
        homes = public_homes()
        newest = latest_by_language(
            published_articles().filter(weekly_issue__isnull=False), "weekly_issue__week_start"
        )
        for week in sorted({week for week, _code in newest}, reverse=True):
            yield {
                code: Address(route_path(home, "week", week.isoformat()), newest[week, code])
                for code, home in homes.items()
                if (week, code) in newest
            }


class ArchiveMonthSitemap(LanguageVersionsSitemap):
    changefreq = "monthly"

    def entries(self):
        homes = public_homes()
        months = {}
        for code, home in homes.items():
            # The archive page's own month list, so the sitemap names exactly the months it links.
            for month in published_articles(code).dates("published_at", "month"):
                path = page_path(home) + home.reverse_subpage("archive_period", args=(month.year, month.month))
                months.setdefault((month.year, month.month), {})[code] = Address(path)
        for key in sorted(months, reverse=True):
            yield months[key]


class ArticleSitemap(LanguageVersionsSitemap):
    changefreq = "monthly"

    def entries(self):
        groups = {}
        for article in published_articles().select_related(None).select_related("locale"):
            groups.setdefault(article.translation_key, {})[article.language] = Address(
                page_path(article), article.last_published_at or article.published_at
            )
        return groups.values()


def public_homes():
    """{language code: home page} for the homes a reader can open (live, not private)."""
    return {home.locale.language_code: home for home in HomePage.objects.live().public().select_related("locale")}


def latest_by_language(articles, key):
    """{(value of `key`, language code): newest publication moment} over the given articles."""
    return {
        (row[key], row["locale__language_code"]): row["newest"]
        for row in articles.values(key, "locale__language_code").order_by().annotate(newest=Max("published_at"))
    }


SECTIONS = {
    "home": HomeSitemap,
    "trends": TrendSitemap,
    "weeks": WeekSitemap,
    "archive": ArchiveMonthSitemap,
    "articles": ArticleSitemap,
}


def sitemap_xml(request):
    return sitemap_view(request, sitemaps=SECTIONS)


@require_GET
def robots_txt(request):
    lines = ["User-agent: *", *(f"Disallow: {path}" for path in DISALLOWED_PATHS)]
    lines.append(f"Sitemap: {request.build_absolute_uri('/sitemap.xml')}")
    return HttpResponse("\n".join(lines) + "\n", content_type="text/plain; charset=utf-8")
