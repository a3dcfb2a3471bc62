"""Serve anonymous readers' GET requests for public pages from the page cache, and fill it.

Never cached: anything but GET; requests carrying a session or messages cookie (signed-in editors,
previews); paths under settings.PAGE_CACHE_EXEMPT (admin, API, documents, media, newsletter forms
with their tokens); answers other than 200, streamed ones, ones that set cookies, change the session,
say private/no-store/no-cache, or vary on anything but language and cookies.

The footer's subscribe form carries a CSRF token, which is per visitor: a page is stored with the
token cut out and every answer gets the visitor's own token put back (Django's CsrfViewMiddleware,
outside this one, then sets the cookie as usual). A page whose token cannot be found is not stored.
"""

import hashlib
import re

from django.conf import settings
from django.contrib.messages.storage.cookie import CookieStorage
from django.core.cache import caches
from django.http import HttpResponse
from django.middleware.csrf import get_token
from django.utils import translation

from .version import current_version

CACHE_STATUS_HEADER = "X-Page-Cache"
# The value of the hidden field that {% csrf_token %} renders: a masked token of 64 letters and digits.
CSRF_FIELD_VALUE = re.compile(rb'(?<=name="csrfmiddlewaretoken" value=")[A-Za-z0-9]{64}(?=")')
VARY_ALLOWED = {"accept-language", "cookie"}
UNCACHEABLE_DIRECTIVES = ("private", "no-store", "no-cache", "max-age=0")


class StoredPage:
    """A response as it can be given to any anonymous reader: status, headers, and body around its CSRF tokens."""

    def __init__(self, status, headers, chunks):
        self.status = status
        self.headers = headers
        self.chunks = chunks

    @classmethod
    def from_response(cls, request, response):
        """The response ready for storing, or None when it must not be shared."""
        if response.status_code != 200 or response.streaming or response.cookies:
            return None
        session = getattr(request, "session", None)
        if session is not None and session.modified:
            return None
        cache_control = response.get("Cache-Control", "").lower()
        if any(directive in cache_control for directive in UNCACHEABLE_DIRECTIVES):
            return None
        vary = {value.strip().lower() for value in response.get("Vary", "").split(",") if value.strip()}
        if vary - VARY_ALLOWED:
            return None
        content = response.content
        tokens = set(CSRF_FIELD_VALUE.findall(content))
        if request.META.get("CSRF_COOKIE_NEEDS_UPDATE") and not tokens:
            return None  # the token went somewhere this cannot see
        chunks = CSRF_FIELD_VALUE.split(content)
        secret = request.META.get("CSRF_COOKIE", "").encode()
        leaked = tokens | ({secret} if secret else set())
        if any(value in chunk for chunk in chunks for value in leaked):
            return None
        return cls(response.status_code, list(response.items()), chunks)

    def response_for(self, request):
        body = self.chunks[0] if len(self.chunks) == 1 else get_token(request).encode().join(self.chunks)
        response = HttpResponse(body, status=self.status)
        for name, value in self.headers:
            response[name] = value
        return response


class PageCacheMiddleware:
    """Last in MIDDLEWARE: the middleware before it still add their headers and cookies to cached pages."""

    def __init__(self, get_response):
        self.get_response = get_response
        self.cache = caches["pages"]
        self.exempt_prefixes = tuple(settings.PAGE_CACHE_EXEMPT)

    def __call__(self, request):
        if not settings.PAGE_CACHE or not self.is_cacheable(request):
            return self.get_response(request)
        # Read before the page is made: a change committed meanwhile gets a newer version than the page.
        key = self.key(request, current_version())
        stored = self.cache.get(key)
        if stored is not None:
            response = stored.response_for(request)
            response[CACHE_STATUS_HEADER] = "hit"
            return response
        response = self.get_response(request)
        page = StoredPage.from_response(request, response)
        if page is not None:
            self.cache.set(key, page, settings.PAGE_CACHE_SECONDS)
            response[CACHE_STATUS_HEADER] = "miss"
        return response

    def is_cacheable(self, request):
        return (
            request.method == "GET"
            and settings.SESSION_COOKIE_NAME not in request.COOKIES
            and CookieStorage.cookie_name not in request.COOKIES
            and not request.path.startswith(self.exempt_prefixes)
        )

    @staticmethod
    def key(request, version):
        address = f"{version}|{translation.get_language()}|{request.scheme}://{request.get_host()}{request.get_full_path()}"
        return "page:" + hashlib.sha256(address.encode()).hexdigest()
