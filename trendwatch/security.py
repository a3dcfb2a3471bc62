"""The site's own security measures: a Content-Security-Policy header, the HTTP methods pages answer,
rate-limited sign-in and page passwords, the client's address behind proxies, and a rich-text widget
that refuses content it cannot read."""

import datetime
import secrets

from django.conf import settings
from django.contrib.auth.forms import AuthenticationForm
from django.core import signing
from django.core.exceptions import ValidationError
from django.http import HttpResponse, HttpResponseNotAllowed
from django.shortcuts import render
from django.utils.translation import gettext_lazy as _
from wagtail import views as wagtail_views
from wagtail.admin.forms.auth import LoginForm
from wagtail.admin.rich_text import DraftailRichTextArea

from trendwatch.newsletter.ratelimit import allow, client_address

HOUR = datetime.timedelta(hours=1)


class ContentSecurityPolicyMiddleware:
    """Send settings.CONTENT_SECURITY_POLICY with every response outside CONTENT_SECURITY_POLICY_EXEMPT (path prefixes).

    The Wagtail admin runs inline scripts and styles of its own, so it is exempt by default; the public
    pages load only the site's stylesheet and images and get the strict policy.
    """

    def __init__(self, get_response):
        self.get_response = get_response
        self.policy = settings.CONTENT_SECURITY_POLICY
        self.exempt_prefixes = tuple(settings.CONTENT_SECURITY_POLICY_EXEMPT)

    def __call__(self, request):
        response = self.get_response(request)
        if self.policy and not request.path.startswith(self.exempt_prefixes):
            response.headers.setdefault("Content-Security-Policy", self.policy)
        return response


# Pages are read with GET and HEAD and take their forms with POST.
PAGE_METHODS = ("GET", "HEAD", "POST")
ANSWERED_METHODS = ", ".join([*PAGE_METHODS, "OPTIONS"])


class HttpMethodMiddleware:
    """Answer methods that pages have no use for before a view or the CSRF check sees them.

    OPTIONS says which methods the site takes instead of rendering the page; TRACE, PUT, DELETE and
    the rest are 405 (the CSRF check would otherwise call them forbidden). Paths under
    HTTP_METHODS_EXEMPT (the API, with its own OPTIONS for CORS, and the admin) decide for themselves.
    """

    def __init__(self, get_response):
        self.get_response = get_response
        self.exempt_prefixes = tuple(settings.HTTP_METHODS_EXEMPT)

    def __call__(self, request):
        if request.method in PAGE_METHODS or request.path_info.startswith(self.exempt_prefixes):
            return self.get_response(request)
        if request.method == "OPTIONS":
            response = HttpResponse(status=204)
            response["Allow"] = ANSWERED_METHODS
            return response
        return HttpResponseNotAllowed(ANSWERED_METHODS.split(", "))


class RateLimitedSignIn:
    """A sign-in form that refuses to check passwords once a client or an account has tried too often.

    Attempts from a client unknown to the account count per client address
    (ADMIN_LOGINS_PER_CLIENT_PER_HOUR) and per user name (ADMIN_LOGINS_PER_ACCOUNT_PER_HOUR), in the
    database so the limits hold across app servers. A browser the account has signed in from before
    carries a signed known-client cookie: its attempts count apart, against that browser alone, so
    that guessing from elsewhere never locks the owner out of their own account.
    """

    def clean(self):
        username = (self.data.get("username") or "").strip().lower()
        known_client = known_client_of(self.request, username) if self.request else None
        if known_client:
            allowed = allow(f"admin-login-known:{known_client}", settings.ADMIN_LOGINS_PER_ACCOUNT_PER_HOUR, HOUR)
        else:
            client = client_address(self.request) if self.request else ""
            # Both counters advance on every attempt, so neither limit can be dodged by tripping the other first.
            client_ok = allow(f"admin-login-client:{client}", settings.ADMIN_LOGINS_PER_CLIENT_PER_HOUR, HOUR)
            account_ok = allow(f"admin-login-account:{username}", settings.ADMIN_LOGINS_PER_ACCOUNT_PER_HOUR, HOUR)
            allowed = client_ok and account_ok
        if not allowed:
            raise ValidationError(
                _("Too many sign-in attempts. Please wait an hour and try again."), code="rate_limited"
            )
        cleaned = super().clean()
        if self.request:
            self.request.signed_in_username = username
        return cleaned


class RateLimitedLoginForm(RateLimitedSignIn, LoginForm):
    """The admin's sign-in form."""


class RateLimitedFrontendLoginForm(RateLimitedSignIn, AuthenticationForm):
    """The sign-in form of pages restricted to signed-in readers, sharing the admin's limits."""


KNOWN_CLIENT_COOKIE = "trendwatch_known_client"
KNOWN_CLIENT_SALT = "trendwatch.security.known-client"


def known_client_of(request, username):
    """The id of the request's known-client cookie when it was given to this account, else None."""
    try:
        issued = signing.loads(
            request.COOKIES.get(KNOWN_CLIENT_COOKIE, ""), salt=KNOWN_CLIENT_SALT,
            max_age=datetime.timedelta(days=settings.KNOWN_CLIENT_DAYS),
        )
    except signing.BadSignature:
        return None
    return issued["client"] if issued.get("account") == username else None


def remembering_known_clients(login_view):
    """`login_view` giving the browser a known-client cookie when it signs in (see RateLimitedSignIn)."""

    def view(request, *args, **kwargs):
        response = login_view(request, *args, **kwargs)
        username = getattr(request, "signed_in_username", None)
        if username and request.user.is_authenticated:
            issued = {"account": username, "client": secrets.token_urlsafe(16)}
            response.set_cookie(
                KNOWN_CLIENT_COOKIE, signing.dumps(issued, salt=KNOWN_CLIENT_SALT),
                max_age=settings.KNOWN_CLIENT_DAYS * 86400, secure=settings.SESSION_COOKIE_SECURE,
                httponly=True, samesite="Lax",
            )
        return response

    return view


def rate_limited_page_password(request, page_view_restriction_id, page_id):
    """Wagtail's password form for a protected page, refusing a client that tried too many passwords."""
    if request.method == "POST":
        subject = f"page-password:{client_address(request)}"
        if not allow(subject, settings.PAGE_PASSWORDS_PER_CLIENT_PER_HOUR, HOUR):
            response = render(request, "too_many_attempts.html", status=429)
            response["Retry-After"] = str(int(HOUR.total_seconds()))
            return response
    return wagtail_views.authenticate_with_password(request, page_view_restriction_id, page_id)


class CheckedRichTextArea(DraftailRichTextArea):
    """Wagtail's rich-text editor widget, answering a posted body it cannot read with a form error.

    The editor posts its content as JSON; anything else (a hand-made request, a broken client) made
    the stock widget fail with a server error. Unreadable content counts as no content, so the form
    says the field needs a value and nothing is saved.
    """

    def value_from_datadict(self, data, files, name):
        try:
            return super().value_from_datadict(data, files, name)
        except (ValueError, TypeError, KeyError, AttributeError, IndexError):
            return None
