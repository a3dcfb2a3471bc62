"""Every address that accepts a write: who may write, and that every form carries a CSRF token.

The URL patterns are walked rather than listed by hand, so an address added later is checked too;
one the walk cannot fill in with sample values fails the test until `sample_path` learns it.
"""

import hashlib
import re

import pytest
from django.apps import apps
from django.db import connection
from django.test import Client
from django.urls import URLResolver, get_resolver, resolve
from lxml import html as lxml_html

from tests.conftest import make_article
from trendwatch.api.api import api_v1

pytestmark = pytest.mark.django_db

WRITE_METHODS = ["post", "put", "patch", "delete"]
# Anonymous writes that are meant to work: signing in, asking for a password reset, the newsletter's
# forms (a subscription is confirmed by mail; the other links carry a signed token), the language
# switch (a cookie), and the passwords of password-protected pages and documents.
PUBLIC_FORMS = {
    "/admin/login/": "the editors' sign-in",
    "/admin/password_reset/": "asks for a reset mail",
    "/admin/password_reset/confirm/<uidb64>/<token>/": "a signed reset link",
    "/i18n/setlang/": "sets the language cookie",
    "/documents/authenticate_with_password/<int:restriction_id>/": "password of a protected document",
    "/en/newsletter/": "subscribing (confirmed by mail)",
    "/en/newsletter/confirm/<str:token>/": "signed confirmation link",
    "/en/newsletter/preferences/<str:token>/": "signed management link",
    "/en/newsletter/unsubscribe/<str:token>/": "signed management link",
    "/en/newsletter/one-click/<str:token>/": "RFC 8058 one-click unsubscribe, signed link",
    "/en/_util/authenticate_with_password/<int:page_view_restriction_id>/<int:page_id>/": "password of a protected page",
    "/en/_util/login/": "sign-in for members-only pages",
}
# Admin addresses any visitor may read, whatever the method: checked like the public pages instead.
ADMIN_PUBLIC_READS = {"admin/sprite/": "the admin's icons"}
# Forms that mail clients post without cookies: RFC 8058 one-click unsubscribe (the signed link is the authority).
CSRF_EXEMPT = {"/en/newsletter/one-click/<str:token>/"}
# Values tried, in order, for each group of a regular-expression route; an optional group is left out.
REGEX_GROUP_SAMPLES = ["1", "sample", "csv", "2016-12-12", "2016", "live", "latest", ""]
_GROUP = re.compile(r"\((?:\?P<\w+>|\?:)?((?:[^()]|\([^()]*\))*)\)(\?)?")
CONVERTER_SAMPLES = {"int": "1", "str": "sample", "slug": "sample", "path": "sample/path", "uuid": "12345678-1234-5678-1234-567812345678"}


def routes(patterns=None, prefix=""):
    """(route as written, e.g. "en/newsletter/confirm/<str:token>/") of every URL pattern."""
    for pattern in get_resolver().url_patterns if patterns is None else patterns:
        if isinstance(pattern, URLResolver):
            yield from routes(pattern.url_patterns, prefix + str(pattern.pattern))
        else:
            yield prefix + str(pattern.pattern)


def sample_path(route):
    """A concrete address the route matches, with made-up ids and tokens."""
    path = route.replace("^", "").replace("$", "")
    while _GROUP.search(path):
        path = _GROUP.sub(_group_sample, path)
    path = re.sub(r"<(?:(\w+):)?\w+>", lambda match: CONVERTER_SAMPLES[match[1] or "str"], path)
    path = "/" + path.replace("\\.", ".")
    assert "(" not in path and "\\" not in path, f"sample_path cannot fill in {route!r}: teach it this pattern"
    resolve(path)
    return path


def _group_sample(group):
    body, optional = group[1], group[2]
    if optional:
        return ""
    for sample in REGEX_GROUP_SAMPLES:
        if re.fullmatch(body, sample):
            return sample
    raise AssertionError(f"no sample value fits the group ({body})")


def every_route():
    return sorted(set(routes()))


def test_the_lists_of_exceptions_name_real_addresses():
    known = {"/" + route for route in every_route()}
    assert set(PUBLIC_FORMS) - known == set()
    assert CSRF_EXEMPT - known == set()
    assert {"/" + route for route in ADMIN_PUBLIC_READS} - known == set()


def database_fingerprint():
    """A digest of every row of every table: any write shows."""
    digest = hashlib.sha256()
    with connection.cursor() as cursor:
        for model in apps.get_models():
            table = connection.ops.quote_name(model._meta.db_table)
            order = connection.ops.quote_name(model._meta.pk.column)
            cursor.execute(f"SELECT * FROM {table} ORDER BY {order}")  # nosec B608: table and column names of our models
            digest.update(table.encode())
            digest.update(repr(cursor.fetchall()).encode())
    return digest.hexdigest()


@pytest.fixture
def site_content():
    article = make_article()
    return ["/en/", "/en/articles/", article.url, "/en/trends/", "/en/trends/security/", "/en/weeks/2016-12-12/", "/en/archive/2016/12/"]


def test_every_admin_write_is_refused_to_an_anonymous_visitor(client):
    checked, answered = 0, []
    for route in every_route():
        path = sample_path(route)
        if not path.startswith("/admin/") or "/" + route in PUBLIC_FORMS or route in ADMIN_PUBLIC_READS:
            continue
        for method in WRITE_METHODS:
            response = getattr(client, method)(path)
            refused = response.status_code in {401, 403, 405} or (
                response.status_code == 302 and response["Location"].startswith("/admin/login/")
            )
            if not refused:
                answered.append(f"{method.upper()} {path} ({route}): {response.status_code}")
            checked += 1
    assert answered == []
    assert checked > 500  # the walk really covered the admin


def test_anonymous_writes_outside_the_admin_change_nothing_unless_they_are_public_forms(client, site_content):
    paths = [
        sample_path(route)
        for route in every_route()
        if (not route.startswith("admin/") or route in ADMIN_PUBLIC_READS) and "/" + route not in PUBLIC_FORMS
    ]
    for path in paths + site_content:
        before = database_fingerprint()
        for method in WRITE_METHODS:
            response = getattr(client, method)(path)
            assert response.status_code < 500, f"{method.upper()} {path} failed with {response.status_code}"
        assert database_fingerprint() == before, f"an anonymous write to {path} changed the database"
    # The fingerprint does see a write: a public form's.
    before = database_fingerprint()
    assert client.post("/en/newsletter/", {"email": "reader@example.org", "language": "en"}).status_code == 302
    assert database_fingerprint() != before


def test_the_api_has_no_write_operations_and_refuses_writes(client, site_content):
    operations = [
        (path, method)
        for router_prefix, router in api_v1._routers
        for path, path_view in router.path_operations.items()
        for operation in path_view.operations
        for method in operation.methods
    ]
    assert operations and {method for _path, method in operations} == {"GET"}
    for path in ["/api/v1/articles", "/api/v1/articles/1", "/api/v1/trends", "/api/v1/issues", "/api/v1/entities"]:
        for method in WRITE_METHODS:
            response = getattr(client, method)(path, content_type="application/json", data="{}")
            assert response.status_code == 405, (method, path)
            assert response.json()["error"]["code"] == "method_not_allowed"


@pytest.fixture
def csrf_client(django_user_model):
    """A signed-in administrator whose browser sends no CSRF token, as a forged cross-site form would."""
    client = Client(enforce_csrf_checks=True)
    client.force_login(django_user_model.objects.create_superuser("chief", password="a-long-test-password"))
    return client


def test_every_write_address_refuses_a_post_without_the_csrf_token(csrf_client, site_content):
    unprotected = []
    for route in every_route():
        if route.startswith("api/") or "/" + route in CSRF_EXEMPT:
            continue
        path = sample_path(route)
        response = csrf_client.post(path, {"title": "forged"})
        if response.status_code != 403 or b"CSRF" not in response.content:
            unprotected.append(f"{path} ({response.status_code})")
    assert unprotected == []


def test_the_one_click_unsubscribe_is_the_only_form_without_csrf_and_needs_a_signed_link():
    client = Client(enforce_csrf_checks=True)
    response = client.post("/en/newsletter/one-click/forged-token/", {"List-Unsubscribe": "One-Click"})
    assert response.status_code == 400
    assert b"not made by this site" in response.content


def post_forms(markup):
    document = lxml_html.document_fromstring(markup)
    return [form for form in document.xpath("//form") if (form.get("method") or "get").lower() == "post"]


def test_every_form_that_posts_carries_a_token_and_works_with_it(csrf_client, site_content):
    from trendwatch.publishing.models import ArticlePage

    forms = 0
    for path in site_content + ["/en/newsletter/"]:
        response = csrf_client.get(path)
        assert response.status_code == 200, path
        for form in post_forms(response.content.decode()):
            assert form.xpath(".//input[@name='csrfmiddlewaretoken']/@value"), f"a form on {path} posts without a CSRF token"
            forms += 1
    assert forms >= len(site_content) + 1  # the footer's subscribe form on every reader page
    # The admin's editing forms (its script-driven forms send the token in a header instead).
    article = ArticlePage.objects.get()
    for path in [f"/admin/pages/{article.pk}/edit/", "/admin/snippets/publishing/trend/add/"]:
        document = lxml_html.document_fromstring(csrf_client.get(path).content.decode())
        assert document.xpath("//form[@data-edit-form]//input[@name='csrfmiddlewaretoken']/@value"), path

    reader = Client(enforce_csrf_checks=True)
    form = post_forms(reader.get("/en/newsletter/").content.decode())[0]
    token = form.xpath(".//input[@name='csrfmiddlewaretoken']/@value")[0]
    response = reader.post("/en/newsletter/", {"csrfmiddlewaretoken": token, "email": "reader@example.org", "language": "en"})
    assert response.status_code == 302
    forged = Client(enforce_csrf_checks=True).post("/en/newsletter/", {"email": "victim@example.org", "language": "en"})
    assert forged.status_code == 403
