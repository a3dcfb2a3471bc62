"""What every answer under /api/ shares: CORS for reading, cache headers, JSON error bodies."""

from django.http import HttpResponse
from django.utils.cache import get_conditional_response, patch_cache_control, set_response_etag

from .errors import as_error_response

API_PREFIX = "/api/"
# Published articles change a few times a day; five minutes of caching spares the server and
# keeps a correction or withdrawal from lingering long.
MAX_AGE_SECONDS = 300
READ_METHODS = "GET, HEAD, OPTIONS"
# Request headers a browser script may send: the CORS-safelisted ones plus revalidation.
ALLOWED_HEADERS = "Accept, Accept-Language, Content-Language, If-None-Match, If-Modified-Since"
PREFLIGHT_MAX_AGE_SECONDS = 86400


class ApiMiddleware:
    """Placed right after LocaleMiddleware in MIDDLEWARE."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        if not request.path_info.startswith(API_PREFIX):
            return self.get_response(request)
        if request.method == "OPTIONS":
            response = preflight_response() if "Access-Control-Request-Method" in request.headers else options_response()
        elif request.method == "HEAD":
            # The operations are declared for GET alone: HEAD answers what GET would, headers only.
            request.method = "GET"
            try:
                response = headers_only(self.answer(request))
            finally:
                request.method = "HEAD"
        else:
            response = self.answer(request)
        response["Access-Control-Allow-Origin"] = "*"
        response["Access-Control-Expose-Headers"] = "ETag"
        # LocaleMiddleware answers a 404 outside the language prefix with a redirect to
        # /<language>/<path>, where Wagtail's catch-all matches anything. API answers are final:
        # pointing it at the API's own URLconf (which has no language prefix) keeps them as they are.
        request.urlconf = "trendwatch.api.urls"
        return response

    def answer(self, request):
        response = self.get_response(request)
        if response.status_code == 405:
            response["Allow"] = READ_METHODS
        if response.status_code >= 400 and not response.get("Content-Type", "").startswith("application/json"):
            response = as_error_response(response)
        elif response.status_code == 200 and request.method == "GET":
            response = cacheable(request, response)
        return response


def preflight_response():
    response = HttpResponse(status=204)
    response["Access-Control-Allow-Methods"] = READ_METHODS
    response["Access-Control-Allow-Headers"] = ALLOWED_HEADERS
    response["Access-Control-Max-Age"] = str(PREFLIGHT_MAX_AGE_SECONDS)
    return response


def options_response():
    response = HttpResponse(status=204)
    response["Allow"] = READ_METHODS
    return response


def headers_only(response):
    response["Content-Length"] = str(len(response.content))
    response.content = b""
    return response


def cacheable(request, response):
    """Public caching for a while, then revalidation by ETag (a 304 when nothing changed)."""
    patch_cache_control(response, public=True, max_age=MAX_AGE_SECONDS)
    set_response_etag(response)
    return get_conditional_response(request, etag=response["ETag"], response=response)
