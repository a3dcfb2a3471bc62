"""Public pages: subscribe, confirm, preferences, unsubscribe (page and RFC 8058 one-click)."""

import datetime

from django.conf import settings
from django.db import transaction
from django.http import HttpResponse, HttpResponseBadRequest
from django.shortcuts import redirect, render
from django.utils import timezone, translation
from django.views.decorators.csrf import csrf_exempt
from django.views.decorators.http import require_http_methods

from trendwatch.publishing.languages import DEFAULT_LANGUAGE, LANGUAGE_CODES
from trendwatch.publishing.models import Trend

from .forms import PreferencesForm, SubscribeForm
from .models import Subscriber
from .ratelimit import allow, client_address
from .tasks import send_subscription_mail
from .tokens import LinkExpired, LinkInvalid, management_token, read_confirmation_token, read_management_token

HOUR = datetime.timedelta(hours=1)
DAY = datetime.timedelta(days=1)


@require_http_methods(["GET", "POST"])
def subscribe(request):
    """Answers every valid request the same way, whether the address is new, pending or subscribed."""
    if request.method == "GET":
        form = SubscribeForm(initial={"language": translation.get_language()})
        return render(request, "newsletter/subscribe.html", {"form": form})
    if not allow(f"client:{client_address(request)}", settings.NEWSLETTER_SUBSCRIBES_PER_HOUR, HOUR):
        return render(request, "newsletter/too_many.html", status=429)
    form = SubscribeForm(request.POST)
    if not form.is_valid():
        return render(request, "newsletter/subscribe.html", {"form": form}, status=400)
    email = form.cleaned_data["email"]
    # A stranger typing someone's address again and again must not flood that mailbox.
    if allow(f"address:{email}", settings.NEWSLETTER_MAILS_PER_ADDRESS_PER_DAY, DAY):
        slugs = [trend.slug for trend in form.cleaned_data["trends"]]
        # Links in the mail lead back to the address the reader used (its host is one ALLOWED_HOSTS accepts).
        site_url = request.build_absolute_uri("/")
        send_subscription_mail.enqueue(email, form.cleaned_data["language"], slugs, site_url)
    return redirect("newsletter_check_inbox")


def check_inbox(request):
    return render(request, "newsletter/check_inbox.html")


def link_problem(request, problem):
    return render(request, "newsletter/link_problem.html", {"problem": problem}, status=400)


@require_http_methods(["GET", "POST"])
def confirm(request, token):
    """GET shows a button (mail scanners open links); POST confirms."""
    try:
        request_data = read_confirmation_token(token)
    except LinkExpired:
        return link_problem(request, "expired")
    except LinkInvalid:
        return link_problem(request, "invalid")
    if request.method == "GET":
        return render(request, "newsletter/confirm.html", {"email": request_data["email"]})
    subscriber, outcome = confirm_subscription(request_data)
    return render(
        request,
        "newsletter/confirmed.html",
        {"outcome": outcome, "preferences_token": management_token(subscriber) if subscriber else None},
    )


@transaction.atomic
def confirm_subscription(request_data):
    """(subscriber, "subscribed" | "already" | "stale"): a link older than the last change changes nothing."""
    issued = datetime.datetime.fromtimestamp(request_data["issued"], tz=datetime.timezone.utc)
    subscriber = Subscriber.objects.select_for_update().filter(email=request_data["email"]).first()
    if subscriber is not None:
        if subscriber.is_subscribed:
            return subscriber, "already"
        if subscriber.unsubscribed_at and subscriber.unsubscribed_at > issued:
            return None, "stale"
    else:
        subscriber = Subscriber(email=request_data["email"])
    subscriber.language = request_data["language"] if request_data["language"] in LANGUAGE_CODES else DEFAULT_LANGUAGE
    subscriber.status = Subscriber.Status.SUBSCRIBED
    subscriber.confirmed_at = timezone.now()
    subscriber.unsubscribed_at = None
    subscriber.save()
    subscriber.trends.set(Trend.objects.filter(slug__in=request_data["trends"]))
    return subscriber, "subscribed"


def subscriber_for(token):
    """The subscriber a letter's link names; LinkInvalid for forged links."""
    pk = read_management_token(token)
    subscriber = Subscriber.objects.filter(pk=pk).first()
    if subscriber is None:
        raise LinkInvalid
    return subscriber


def unsubscribe_now(subscriber):
    Subscriber.objects.filter(pk=subscriber.pk, status=Subscriber.Status.SUBSCRIBED).update(
        status=Subscriber.Status.UNSUBSCRIBED, unsubscribed_at=timezone.now()
    )


@require_http_methods(["GET", "POST"])
def unsubscribe(request, token):
    """The page a reader reaches from the letter's link: one button, protected like every browser form."""
    try:
        subscriber = subscriber_for(token)
    except LinkInvalid:
        return link_problem(request, "invalid")
    if request.method == "POST":
        unsubscribe_now(subscriber)
        return render(request, "newsletter/unsubscribed.html", {"token": token})
    return render(request, "newsletter/unsubscribe.html", {"subscriber": subscriber, "token": token})


@csrf_exempt
@require_http_methods(["GET", "POST"])
def one_click_unsubscribe(request, token):
    """RFC 8058: mail clients POST `List-Unsubscribe=One-Click` here without cookies or a CSRF token.

    The signed token is the authority. A plain GET (a link scanner, an old client) changes nothing
    and leads to the browser page.
    """
    if request.method == "GET":
        return redirect("newsletter_unsubscribe", token=token)
    if request.POST.get("List-Unsubscribe") != "One-Click":
        return HttpResponseBadRequest("Expected the form field List-Unsubscribe=One-Click.\n", content_type="text/plain")
    try:
        subscriber = subscriber_for(token)
    except LinkInvalid:
        return HttpResponseBadRequest("This unsubscribe link was not made by this site.\n", content_type="text/plain")
    unsubscribe_now(subscriber)
    return HttpResponse("Unsubscribed.\n", content_type="text/plain")


@require_http_methods(["GET", "POST"])
def preferences(request, token):
    try:
        subscriber = subscriber_for(token)
    except LinkInvalid:
        return link_problem(request, "invalid")
    current = {"language": subscriber.language, "trends": list(subscriber.trends.all())}
    saved = False
    if request.method == "POST" and request.POST.get("action") == "resubscribe":
        Subscriber.objects.filter(pk=subscriber.pk).update(status=Subscriber.Status.SUBSCRIBED, unsubscribed_at=None)
        subscriber.refresh_from_db()
        form = PreferencesForm(initial=current)
        saved = True
    elif request.method == "POST":
        form = PreferencesForm(request.POST)
        if form.is_valid():
            subscriber.language = form.cleaned_data["language"]
            subscriber.save(update_fields=["language"])
            subscriber.trends.set(form.cleaned_data["trends"])
            saved = True
    else:
        form = PreferencesForm(initial=current)
    return render(
        request,
        "newsletter/preferences.html",
        {"form": form, "subscriber": subscriber, "token": token, "saved": saved},
        status=400 if form.is_bound and not form.is_valid() else 200,
    )
