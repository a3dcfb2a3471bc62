"""Fixed-window counters in the database, shared by every app server, and the client address
per-client limits count by."""

import datetime

from django.conf import settings
from django.db import transaction
from django.utils import timezone
from django.utils.crypto import salted_hmac

from .models import RateCounter

# Counters older than this are gone: no window used here is longer.
LONGEST_WINDOW = datetime.timedelta(days=1)


def allow(subject, limit, window):
    """Count one attempt for `subject` (a client address, an email address…); False over `limit` per `window`.

    The subject is stored only as a keyed hash, so the table holds no addresses.
    """
    key = salted_hmac("trendwatch.newsletter.ratelimit", subject).hexdigest()
    now = timezone.now()
    with transaction.atomic():
        RateCounter.objects.filter(window_start__lt=now - LONGEST_WINDOW).delete()
        counter, created = RateCounter.objects.select_for_update().get_or_create(
            key=key, defaults={"window_start": now, "count": 1}
        )
        if not created:
            if counter.window_start <= now - window:
                counter.window_start, counter.count = now, 1
            else:
                counter.count += 1
            counter.save(update_fields=["window_start", "count"])
    return counter.count <= limit


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
