"""Wagtail's page view, with the site and the language's home page taken from the content memo."""

import copy

from django.http import Http404
from django.utils.translation import get_language
from wagtail import views as wagtail_views
from wagtail.models import Site

from trendwatch.pagecache.memo import memoised


def serve_page(request, path):
    """Route as Wagtail does (`Page.route_for_request`), without the site and home-page queries on every request."""
    host, port = request._get_raw_host(), request.get_port()
    site = memoised(("site", host, port), lambda: Site._find_for_request(request))
    request._wagtail_site = site
    if site is not None:
        language = get_language()
        root = memoised(("root", site.pk, language), lambda: site.root_page.localized.specific)
        try:
            # A copy per request: the memo's page is shared by every thread.
            request._wagtail_route_for_request = copy.copy(root).route(request, [part for part in path.split("/") if part])
        except Http404:
            request._wagtail_route_for_request = None
    return wagtail_views.serve(request, path)
