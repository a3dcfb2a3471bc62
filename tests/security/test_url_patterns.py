"""Every URL pattern the site has, crawled from its URLconf and its pages' routes, answers generated
path parameters and query strings with 2xx, 3xx or 4xx: never a server error."""

import datetime
import urllib.parse

import pytest
from django.urls import URLPattern, URLResolver, get_resolver
from django.urls.resolvers import LocalePrefixPattern, RegexPattern, RoutePattern
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from wagtail.contrib.routable_page.models import RoutablePageMixin

from tests.conftest import make_article
from trendwatch.publishing.languages import LANGUAGE_CODES
from trendwatch.publishing.models import HomePage

pytestmark = pytest.mark.django_db
# The admin's patterns answer an anonymous visitor with a redirect to its sign-in before reading a
# parameter: a few examples each. The public ones read them: more (enough to meet /en/archive/0000/).
ADMIN_EXAMPLES = 2
PUBLIC_EXAMPLES = 15
# Names the site's views and forms read, and values of the kinds they expect, around their edges.
PARAMETER_NAMES = ["page", "page_size", "q", "from", "to", "start", "end", "week", "trend", "language", "direction",
                   "author", "sort", "kind", "limit", "next", "return_url"]
DAYS = st.dates(datetime.date(1, 1, 1), datetime.date(9999, 12, 31)).map(str)
VALUES = st.one_of(
    st.integers(-(10**20), 10**20).map(str), DAYS, st.text(max_size=30),
    st.sampled_from(["", "0", "0000-00-00", "9999-12-31", "en", "security", "%00", "../", "-1"]),
)  # fmt: skip
QUERIES = st.dictionaries(st.sampled_from(PARAMETER_NAMES) | st.text(min_size=1, max_size=8), VALUES, max_size=4)


def url_patterns(patterns, prefix=()):
    """(patterns from the root, admin or not) of every pattern under `patterns`, including the
    routes of routable pages (a home page's trends, weeks and archive), which Wagtail resolves itself."""
    for pattern in patterns:
        pieces = (*prefix, pattern.pattern)
        if isinstance(pattern, URLResolver):
            yield from url_patterns(pattern.url_patterns, pieces)
        elif isinstance(pattern, URLPattern):
            yield pieces
    for page_class in ROUTABLE_HOME_PAGES:
        for route in page_class.get_subpage_urls():
            yield (LocalePrefixPattern(), route.pattern)


ROUTABLE_HOME_PAGES = [HomePage]
assert issubclass(HomePage, RoutablePageMixin)


def piece_text(piece):
    """A strategy for the text one pattern piece matches."""
    if isinstance(piece, LocalePrefixPattern):
        return st.sampled_from([f"{code}/" for code in LANGUAGE_CODES])
    if isinstance(piece, RoutePattern):
        # Route converters are regular expressions too ("[0-9]+" for int: any length of digits).
        return st.from_regex(piece.regex.pattern.removesuffix("\\Z"), fullmatch=True)
    if isinstance(piece, RegexPattern):
        return st.from_regex(piece.regex.pattern.removesuffix("$").removesuffix("\\Z"), fullmatch=True)
    raise TypeError(f"no strategy for a URL pattern of type {type(piece).__name__}")


def described(pieces):
    return "".join(str(piece) if not isinstance(piece, LocalePrefixPattern) else "<language>/" for piece in pieces)


def crawled_patterns(admin):
    """{description: pieces} of the admin's patterns, or of all the others."""
    crawled = {described(pieces): pieces for pieces in url_patterns(get_resolver().url_patterns)}
    return {name: pieces for name, pieces in crawled.items() if name.startswith("admin/") == admin}


PUBLIC_PATTERNS, ADMIN_PATTERNS = crawled_patterns(admin=False), crawled_patterns(admin=True)


def assert_no_server_error(client, pieces, examples):
    @settings(max_examples=examples, deadline=None, derandomize=True, suppress_health_check=list(HealthCheck))
    @given(path=st.tuples(*(piece_text(piece) for piece in pieces)).map("".join), query=QUERIES)
    def answers_without_a_server_error(path, query):
        address = "/" + urllib.parse.quote(path, safe="/")
        response = client.get(address, query)  # a server error raises here, from the view
        assert response.status_code < 500, (described(pieces), address, query)

    answers_without_a_server_error()


def test_no_public_pattern_answers_with_a_server_error(client):
    make_article()  # something for the patterns to find: an article, its trend and its week
    for pieces in PUBLIC_PATTERNS.values():
        assert_no_server_error(client, pieces, PUBLIC_EXAMPLES)


def test_no_admin_pattern_answers_an_anonymous_visitor_with_a_server_error(client):
    for pieces in ADMIN_PATTERNS.values():
        assert_no_server_error(client, pieces, ADMIN_EXAMPLES)
