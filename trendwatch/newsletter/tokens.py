"""Signed links in confirmation mails and letters: whoever holds one may act on that subscription.

Confirmation links carry the whole request (address, language, trends) and expire; links in
letters (preferences, unsubscribe) name the subscriber and do not expire, since a letter may be
read months later and unsubscribing must always work.
"""

import time

from django.conf import settings
from django.core import signing

CONFIRM_SALT = "trendwatch.newsletter.confirm"
MANAGE_SALT = "trendwatch.newsletter.manage"


class LinkExpired(Exception):
    pass


class LinkInvalid(Exception):
    pass


def confirmation_token(email, language, trend_slugs):
    return signing.dumps(
        {"email": email, "language": language, "trends": sorted(trend_slugs), "issued": int(time.time())},
        salt=CONFIRM_SALT,
        compress=True,
    )


def read_confirmation_token(token):
    """The request inside a confirmation link; LinkExpired or LinkInvalid otherwise.

    NEWSLETTER_CONFIRMATION_DAYS (default 7) is how long a link stays valid.
    """
    try:
        return signing.loads(token, salt=CONFIRM_SALT, max_age=settings.NEWSLETTER_CONFIRMATION_DAYS * 86400)
    except signing.SignatureExpired:
        raise LinkExpired
    except signing.BadSignature:
        raise LinkInvalid


def management_token(subscriber):
    return signing.dumps(subscriber.pk, salt=MANAGE_SALT)


def read_management_token(token):
    """The subscriber's primary key; LinkInvalid when the link was not made by this site."""
    try:
        pk = signing.loads(token, salt=MANAGE_SALT)
    except signing.BadSignature:
        raise LinkInvalid
    if not isinstance(pk, int):
        raise LinkInvalid
    return pk
