from django.conf import settings
from django.conf.urls.i18n import i18n_patterns
from django.urls import include, path, re_path
from wagtail import urls as wagtail_urls
from wagtail.admin import urls as wagtailadmin_urls
from wagtail.documents import urls as wagtaildocs_urls
from django.views.static import serve as serve_media

from trendwatch.publishing.errors import favicon
from trendwatch.publishing.sitemaps import robots_txt, sitemap_index, sitemap_section
from trendwatch.publishing.views import serve_page

urlpatterns = [
    path("admin/", include(wagtailadmin_urls)),
    path("documents/", include(wagtaildocs_urls)),
    path("i18n/", include("django.conf.urls.i18n")),
    # Crawlers and API clients expect these at the root, the same for every language.
    path("sitemap.xml", sitemap_index, name="sitemap"),
    path("sitemap-<slug:section>-<int:number>.xml", sitemap_section, name="sitemap_section"),
    path("robots.txt", robots_txt, name="robots_txt"),
    # Browsers and feed readers ask for the icon here whatever the page says.
    path("favicon.ico", favicon),
    path("", include("trendwatch.api.urls")),
    # Embedded default: gunicorn serves uploaded and generated images itself.
    path(f"{settings.MEDIA_URL.strip('/')}/<path:path>", serve_media, {"document_root": settings.MEDIA_ROOT}),
]

wagtail_utilities = [pattern for pattern in wagtail_urls.urlpatterns if pattern.name != "wagtail_serve"]

urlpatterns += i18n_patterns(
    # Before Wagtail's catch-all, which would otherwise look for a page called "search".
    path("search/", include("trendwatch.search.urls")),
    path("", include("trendwatch.dynamics.urls")),
    path("newsletter/", include("trendwatch.newsletter.urls")),
    path("", include("trendwatch.entities.urls")),
    path("", include("trendwatch.publishing.urls")),
    # Wagtail's addresses, its page view replaced by one that reads the site and home pages from the memo.
    path("", include([*wagtail_utilities, re_path(wagtail_urls.serve_pattern, serve_page, name="wagtail_serve")])),
    prefix_default_language=True,
)

handler404 = "trendwatch.publishing.errors.page_not_found"
handler500 = "trendwatch.publishing.errors.server_error"
