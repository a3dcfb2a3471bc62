from django.conf import settings
from django.contrib.auth.views import LoginView
from django.conf.urls.i18n import i18n_patterns
from django.urls import include, path, re_path
from wagtail import urls as wagtail_urls
from wagtail.admin import urls as wagtailadmin_urls
from wagtail.admin.views.account import LoginView as AdminLoginView
from wagtail.documents import urls as wagtaildocs_urls
from django.views.static import serve as serve_media

from trendwatch.publishing.errors import favicon
from trendwatch.publishing.sitemaps import robots_txt, sitemap_index, sitemap_section
from trendwatch.publishing.views import serve_page
from trendwatch.security import RateLimitedFrontendLoginForm, rate_limited_page_password, remembering_known_clients

urlpatterns = [
    # Before the admin's own: the same sign-in, giving browsers that sign in a known-client cookie.
    path("admin/login/", remembering_known_clients(AdminLoginView.as_view())),
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
    # Embedded default: the app server serves uploaded and generated images itself.
    path(f"{settings.MEDIA_URL.strip('/')}/<path:path>", serve_media, {"document_root": settings.MEDIA_ROOT}),
]

# Wagtail's addresses, its page view replaced by one that reads the site and home pages from the memo,
# and its sign-in and page-password forms by rate-limited ones.
REPLACED_WAGTAIL_VIEWS = {"wagtail_serve", "wagtailcore_login", "wagtailcore_authenticate_with_password"}
wagtail_utilities = [pattern for pattern in wagtail_urls.urlpatterns if pattern.name not in REPLACED_WAGTAIL_VIEWS]
wagtail_utilities += [
    path(
        "_util/authenticate_with_password/<int:page_view_restriction_id>/<int:page_id>/",
        rate_limited_page_password,
        name="wagtailcore_authenticate_with_password",
    ),
    path(
        "_util/login/",
        remembering_known_clients(
            LoginView.as_view(
                template_name=wagtail_urls.WAGTAIL_FRONTEND_LOGIN_TEMPLATE, authentication_form=RateLimitedFrontendLoginForm
            )
        ),
        name="wagtailcore_login",
    ),
]

urlpatterns += i18n_patterns(
    # Before Wagtail's catch-all, which would otherwise look for a page called "search".
    path("search/", include("trendwatch.search.urls")),
    path("", include("trendwatch.dynamics.urls")),
    path("newsletter/", include("trendwatch.newsletter.urls")),
    path("", include("trendwatch.entities.urls")),
    path("", include("trendwatch.publishing.urls")),
    path("", include([*wagtail_utilities, re_path(wagtail_urls.serve_pattern, serve_page, name="wagtail_serve")])),
    prefix_default_language=True,
)

handler404 = "trendwatch.publishing.errors.page_not_found"
handler500 = "trendwatch.publishing.errors.server_error"
