"""Serve anonymous readers' GET requests for public pages from the page cache, and fill it.

Never cached: anything but GET; requests carrying a session or messages cookie (signed-in editors,
previews); paths under settings.PAGE_CACHE_EXEMPT (admin, API, documents, media, newsletter forms
with their tokens); answers other than 200, streamed ones, ones that set any cookie but the CSRF one
(a session, messages), say private/no-store/no-cache, or vary on anything but language and cookies.

Addresses with a query string are kept in a cache of their own (`page_queries`): made-up query
strings, which anyone can send without end, then only push out other such pages.

The footer's subscribe form carries a CSRF token, which is per visitor: a page is stored with the
token cut out, and every answer from the cache gets the visitor's own token and cookie through
Django's CsrfViewMiddleware. A page whose token cannot be found is not stored.
"""

import hashlib
import re

from django.conf import settings
from django.contrib.messages.storage.cookie import CookieStorage
from django.core.cache import caches
from django.http import HttpResponse
from django.middleware.csrf import CsrfViewMiddleware, get_token
from django.utils import translation

from .version import current_version

CACHE_STATUS_HEADER = "X-Page-Cache"
# The value of the hidden field that {% csrf_token %} renders: a masked token of 64 letters and digits.
CSRF_FIELD_VALUE = re.compile(rb'(?<=name="csrfmiddlewaretoken" value=")[A-Za-z0-9]{64}(?=")')
VARY_ALLOWED = {"accept-language", "cookie"}
# Set again for every answer from the cache.
PER_ANSWER_HEADERS = {"content-length", CACHE_STATUS_HEADER.lower()}
UNCACHEABLE_DIRECTIVES = ("private", "no-store", "no-cache", "max-age=0")


class StoredPage:
    """A response as it can be given to any anonymous reader: status, headers, and body around its CSRF tokens."""

    def __init__(self, status, headers, chunks):
        self.status = status
        self.headers = headers
        self.chunks = chunks

    @classmethod
    def from_response(cls, response):
        """The response ready for storing, or None when it must not be shared."""
        if response.status_code != 200 or response.streaming:
            return None
        if set(response.cookies) - {settings.CSRF_COOKIE_NAME}:
            return None  # a session or messages: this answer belongs to one visitor
        cache_control = response.get("Cache-Control", "").lower()
        if any(directive in cache_control for directive in UNCACHEABLE_DIRECTIVES):
            return None
        vary = {value.strip().lower() for value in response.get("Vary", "").split(",") if value.strip()}
        if vary - VARY_ALLOWED:
            return None
        content = response.content
        tokens = set(CSRF_FIELD_VALUE.findall(content))
        csrf_cookie = response.cookies.get(settings.CSRF_COOKIE_NAME)
        if csrf_cookie is not None and not tokens:
            return None  # the page used a token and put it where this cannot see
        chunks = CSRF_FIELD_VALUE.split(content)
        leaked = tokens | ({csrf_cookie.value.encode()} if csrf_cookie is not None and csrf_cookie.value else set())
        if any(value in chunk for chunk in chunks for value in leaked):
            return None
        headers = [(name, value) for name, value in response.items() if name.lower() not in PER_ANSWER_HEADERS]
        return cls(response.status_code, headers, chunks)

    def response_for(self, request):
        body = self.chunks[0] if len(self.chunks) == 1 else get_token(request).encode().join(self.chunks)
        response = HttpResponse(body, status=self.status)
        for name, value in self.headers:
            response[name] = value
        response["Content-Length"] = str(len(body))
        return response


class PageCacheMiddleware:
    """Placed right after WhiteNoiseMiddleware: a page from the cache skips the rest of the stack.

    Stored pages carry the headers the whole stack gave them (language, Vary, frame options); the
    middleware before this one (security headers, the Content-Security-Policy) add theirs to every answer.
    """

    def __init__(self, get_response):
        self.get_response = get_response
        self.cache = caches["pages"]
        self.query_cache = caches["page_queries"]
        self.exempt_prefixes = tuple(settings.PAGE_CACHE_EXEMPT)
        # Django's own CSRF cookie handling, for the visitor's token in pages from the cache.
        self.csrf = CsrfViewMiddleware(get_response)

    def __call__(self, request):
        if not settings.PAGE_CACHE or not self.is_cacheable(request):
            return self.get_response(request)
        # Read before the page is made: a change committed meanwhile gets a newer version than the page.
        key = self.key(request, current_version())
        cache = self.query_cache if request.META.get("QUERY_STRING") else self.cache
        stored = cache.get(key)
        if stored is not None:
            self.csrf.process_request(request)
            response = stored.response_for(request)
            self.csrf.process_response(request, response)
            response[CACHE_STATUS_HEADER] = "hit"
            return response
        response = self.get_response(request)
        page = StoredPage.from_response(response)
        if page is not None:
            cache.set(key, page, settings.PAGE_CACHE_SECONDS)
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
        # The language LocaleMiddleware will choose: from the path, else the cookie or Accept-Language.
        language = translation.get_language_from_request(request, check_path=True)
        address = f"{version}|{language}|{request.scheme}://{request.get_host()}{request.get_full_path()}"
        return "page:" + hashlib.sha256(address.encode()).hexdigest()
