"""Fixed-window counters in the database, shared by every app server."""

import datetime

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
