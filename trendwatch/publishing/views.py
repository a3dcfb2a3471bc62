"""Wagtail's page view, with the site and the language's home page taken from the content memo."""

import copy

from django.http import Http404
from django.utils.translation import get_language
from wagtail import views as wagtail_views

from trendwatch.pagecache.framework import find_site, give_route, give_site, request_host_and_port
from trendwatch.pagecache.memo import memoised


def serve_page(request, path):
    """Route as Wagtail does (`Page.route_for_request`), without the site and home-page queries on every request."""
    site = memoised(("site", *request_host_and_port(request)), lambda: find_site(request))
    give_site(request, site)
    if site is not None:
        language = get_language()
        root = memoised(("root", site.pk, language), lambda: site.root_page.localized.specific)
        try:
            # A copy per request: the memo's page is shared by every thread.
            give_route(request, copy.copy(root).route(request, [part for part in path.split("/") if part]))
        except Http404:
            give_route(request, None)
    return wagtail_views.serve(request, path)
