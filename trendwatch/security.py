"""The site's own security measures: a Content-Security-Policy header, the HTTP methods pages answer,
a rate-limited admin login, the client's address behind proxies, and a rich-text widget that refuses
content it cannot read."""

import datetime

from django.conf import settings
from django.core.exceptions import ValidationError
from django.http import HttpResponse, HttpResponseNotAllowed
from django.utils.translation import gettext_lazy as _
from wagtail.admin.forms.auth import LoginForm
from wagtail.admin.rich_text import DraftailRichTextArea

from trendwatch.newsletter.ratelimit import allow

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


def client_address(request):
    """The address of the client, for per-client limits.

    Behind settings.TRUSTED_PROXIES proxies (each appending the address it was reached from to
    X-Forwarded-For, as nginx's $proxy_add_x_forwarded_for does) it is the entry that many from the
    end; entries before it come from the client and may be forged. Without proxies: REMOTE_ADDR.
    """
    proxies = settings.TRUSTED_PROXIES
    if proxies:
        forwarded = [part.strip() for part in request.META.get("HTTP_X_FORWARDED_FOR", "").split(",") if part.strip()]
        if len(forwarded) >= proxies:
            return forwarded[-proxies]
    return request.META.get("REMOTE_ADDR", "")


class RateLimitedLoginForm(LoginForm):
    """The admin's login form, refusing to check passwords once a client or an account has tried too often.

    Every attempt counts, per client address (ADMIN_LOGINS_PER_CLIENT_PER_HOUR) and per user name
    (ADMIN_LOGINS_PER_ACCOUNT_PER_HOUR), in the database so the limits hold across app servers.
    """

    def clean(self):
        client = client_address(self.request) if self.request else ""
        username = (self.data.get("username") or "").strip().lower()
        # Both counters advance on every attempt, so neither limit can be dodged by tripping the other first.
        client_ok = allow(f"admin-login-client:{client}", settings.ADMIN_LOGINS_PER_CLIENT_PER_HOUR, HOUR)
        account_ok = allow(f"admin-login-account:{username}", settings.ADMIN_LOGINS_PER_ACCOUNT_PER_HOUR, HOUR)
        if not (client_ok and account_ok):
            raise ValidationError(
                _("Too many sign-in attempts. Please wait an hour and try again."), code="rate_limited"
            )
        return super().clean()


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
