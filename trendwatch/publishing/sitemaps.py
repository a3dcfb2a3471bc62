"""sitemap.xml and robots.txt, at the site root.

The sitemap lists only what a reader can open: live home pages and their routes, trend pages,
weekly issues and archive months that have published commentaries, and the published articles.
Each address carries its language versions as <xhtml:link rel="alternate" hreflang> links.

`/sitemap.xml` is an index of files of at most ENTRIES_PER_FILE entries (each entry one address
per language version, so under the protocol's 50,000 addresses a file); the articles' files are
read a page of translation groups at a time, so each file costs the same however large the
archive. The XML is written here rather than through Django's sitemap framework, which builds
every language's address of every entry of a section for each of its files.
"""

from dataclasses import dataclass
from urllib.parse import quote
from xml.sax.saxutils import escape, quoteattr

from django.db.models import Max
from django.http import Http404, HttpResponse
from django.urls import reverse
from django.utils import timezone
from django.views.decorators.http import require_GET

from trendwatch.pagecache.memo import memoised

from .dates import EARLIEST_DAY, LATEST_DAY
from .languages import LANGUAGE_CODES
from .models import URL_SAFE, ArticleIndexPage, HomePage, Trend, published_articles

# Entries per sitemap file: an entry gives one address per language version (three at most).
ENTRIES_PER_FILE = 10_000
# Routes of every home page that list the whole archive rather than one thing in it.
HOME_ROUTES = ["trends", "archive"]
# Addresses crawlers should leave alone: the editors' interface and the endless search results.
DISALLOWED_PATHS = ["/admin/", *(f"/{code}/search/" for code in LANGUAGE_CODES)]
XML_HEADER = '<?xml version="1.0" encoding="UTF-8"?>\n'


@dataclass(frozen=True)
class Address:
    """One language version of a sitemap entry."""

    path: str
    lastmod: object = None


def page_path(page):
    return page.get_url_parts()[2]


def route_path(home, name, *args):
    return page_path(home) + home.reverse_subpage(name, args=args or None)


def public_homes():
    """{language code: home page} for the homes a reader can open (live, not private)."""
    return {home.locale.language_code: home for home in HomePage.objects.live().public().select_related("locale")}


def latest_by_language(articles, key):
    """{(value of `key`, language code): newest publication moment} over the given articles."""
    return {
        (row[key], row["locale__language_code"]): row["newest"]
        for row in articles.values(key, "locale__language_code").order_by().annotate(newest=Max("published_at"))
    }


class ListedSection:
    """A section whose entries are few (at most a few thousand): read whole, cut into files."""

    changefreq = "monthly"
    priority = None

    def entries_at_most(self):
        """How many entries the section can have, for the index's count of files; cheaper than
        reading them (the sections' entries aggregate the whole archive)."""
        return len(self.all_entries())

    def entries(self, start, stop):
        return self.all_entries()[start:stop]

    def all_entries(self):
        # Read once per content version: the weeks' and months' entries aggregate the whole archive.
        return memoised(("sitemap entries", type(self).__name__), lambda: [versions for versions in self.read() if versions])


class HomeSection(ListedSection):
    changefreq = "daily"
    priority = "1.0"

    def entries_at_most(self):
        return 2 + len(HOME_ROUTES)  # the homes, the article indexes, the routes

    def read(self):
        homes = public_homes()
        indexes = {
            index.locale.language_code: index
            for index in ArticleIndexPage.objects.live().public().select_related("locale")
        }
        yield {code: Address(page_path(home)) for code, home in homes.items()}
        yield {code: Address(page_path(index)) for code, index in indexes.items() if code in homes}
        for name in HOME_ROUTES:
            yield {code: Address(route_path(home, name)) for code, home in homes.items()}


class TrendSection(ListedSection):
    changefreq = "weekly"

    def entries_at_most(self):
        return Trend.objects.count()

    def read(self):
        homes = public_homes()
        newest = latest_by_language(published_articles(), "trend_id")
        for trend in Trend.objects.all():
            yield {
                code: Address(route_path(home, "trend", trend.slug), newest[trend.pk, code])
                for code, home in homes.items()
                if (trend.pk, code) in newest
            }


class WeekSection(ListedSection):
    def entries_at_most(self):
        weeks = published_articles().filter(weekly_issue__isnull=False).values("weekly_issue").distinct()
        return memoised("sitemap weeks", weeks.count)

    def read(self):
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


class ArchiveMonthSection(ListedSection):
    def entries_at_most(self):
        return (LATEST_DAY.year - EARLIEST_DAY.year + 1) * 12  # publication dates lie within these bounds

    def read(self):
        homes = public_homes()
        months = {}
        for code, home in homes.items():
            # The archive page's own month list, so the sitemap names exactly the months it links.
            for month in published_articles(code).dates("published_at", "month"):
                path = page_path(home) + home.reverse_subpage("archive_period", args=(month.year, month.month))
                months.setdefault((month.year, month.month), {})[code] = Address(path)
        for key in sorted(months, reverse=True):
            yield months[key]


class ArticleSection:
    """Published articles, an entry per translation group, read a file's groups at a time."""

    changefreq = "monthly"
    priority = None

    def groups(self):
        return published_articles().order_by("translation_key").values_list("translation_key", flat=True).distinct()

    def entries_at_most(self):
        return memoised("sitemap article groups", self.groups().count)

    def entries(self, start, stop):
        keys = list(self.groups()[start:stop])
        indexes = index_addresses()
        versions = {key: {} for key in keys}
        rows = published_articles().filter(translation_key__in=keys).order_by().values_list(
            "translation_key", "locale_id", "url_path", "last_published_at", "published_at"
        )
        for key, locale_id, url_path, last_published_at, published_at in rows:
            index = indexes.get(locale_id)
            if index is None or not url_path.startswith(index[0]):
                continue
            language, path = index[2], index[1] + quote(url_path[len(index[0]) :], safe=URL_SAFE)
            versions[key][language] = Address(path, last_published_at or published_at)
        return [versions[key] for key in keys if versions[key]]


def index_addresses():
    """{locale id: (tree address, public path, language)} of the live, public article indexes."""
    indexes = ArticleIndexPage.objects.live().public().select_related("locale")
    return {index.locale_id: (index.url_path, page_path(index), index.locale.language_code) for index in indexes}


SECTIONS = {
    "home": HomeSection,
    "trends": TrendSection,
    "weeks": WeekSection,
    "archive": ArchiveMonthSection,
    "articles": ArticleSection,
}


def _files(section):
    return max(1, -(-section.entries_at_most() // ENTRIES_PER_FILE))


@require_GET
def sitemap_index(request):
    lines = [XML_HEADER, '<sitemapindex xmlns="http://www.sitemaps.org/schemas/sitemap/0.9">\n']
    for name, section_class in SECTIONS.items():
        for number in range(1, _files(section_class()) + 1):
            location = request.build_absolute_uri(reverse("sitemap_section", args=[name, number]))
            lines.append(f"<sitemap><loc>{escape(location)}</loc></sitemap>\n")
    lines.append("</sitemapindex>\n")
    return _xml(lines)


@require_GET
def sitemap_section(request, section, number):
    if section not in SECTIONS or number < 1:
        raise Http404("No such sitemap")
    listed = SECTIONS[section]()
    if number > _files(listed):
        raise Http404("No such sitemap file")
    start = (number - 1) * ENTRIES_PER_FILE
    root = request.build_absolute_uri("/")[:-1]
    lines = [XML_HEADER, '<urlset xmlns="http://www.sitemaps.org/schemas/sitemap/0.9" xmlns:xhtml="http://www.w3.org/1999/xhtml">\n']
    for versions in listed.entries(start, start + ENTRIES_PER_FILE):
        lines.extend(_entry(root, versions, listed))
    lines.append("</urlset>\n")
    return _xml(lines)


def _entry(root, versions, section):
    """One <url> per language version of an entry, each naming all versions as alternates."""
    ordered = [(code, versions[code]) for code in LANGUAGE_CODES if code in versions]
    # An entry changes when any version does: a new translation adds an alternate to all of them.
    moments = [address.lastmod for _code, address in ordered if address.lastmod]
    details = f"<lastmod>{timezone.localdate(max(moments)).isoformat()}</lastmod>" if moments else ""
    details += f"<changefreq>{section.changefreq}</changefreq>"
    if section.priority:
        details += f"<priority>{section.priority}</priority>"
    alternates = "".join(
        f'<xhtml:link rel="alternate" hreflang="{code}" href={quoteattr(root + address.path)}/>' for code, address in ordered
    )
    return [f"<url><loc>{escape(root + address.path)}</loc>{details}{alternates}</url>\n" for _code, address in ordered]


def _xml(lines):
    response = HttpResponse("".join(lines), content_type="application/xml; charset=utf-8")
    response.headers["X-Robots-Tag"] = "noindex, noodp, noarchive"
    return response


@require_GET
def robots_txt(request):
    lines = ["User-agent: *", *(f"Disallow: {path}" for path in DISALLOWED_PATHS)]
    lines.append(f"Sitemap: {request.build_absolute_uri('/sitemap.xml')}")
    return HttpResponse("\n".join(lines) + "\n", content_type="text/plain; charset=utf-8")
