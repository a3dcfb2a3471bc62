"""The two mails a subscribe form can cause: a confirmation link, or a note that the address is already subscribed."""

from django.conf import settings
from django.core.mail import EmailMessage
from django.template.loader import render_to_string
from django.urls import reverse
from django.utils import translation
from django.utils.translation import gettext as _

from .letters import absolute
from .models import Subscriber
from .tokens import confirmation_token, management_token


def subscription_mail(email, language, trend_slugs, site_url=None):
    """The mail answering a subscribe request for `email`, in `language`, with links to `site_url`
    (default SITE_URL)."""
    subscriber = Subscriber.objects.filter(email=email, status=Subscriber.Status.SUBSCRIBED).first()
    with translation.override(language):
        if subscriber is None:
            template = "newsletter/mail/confirm.txt"
            subject = _("Confirm your subscription to %(site)s") % {"site": settings.SITE_NAME}
            link = absolute(reverse("newsletter_confirm", args=[confirmation_token(email, language, trend_slugs)]), site_url)
        else:
            template = "newsletter/mail/already_subscribed.txt"
            subject = _("You are already subscribed to %(site)s") % {"site": settings.SITE_NAME}
            link = absolute(reverse("newsletter_preferences", args=[management_token(subscriber)]), site_url)
        body = render_to_string(
            template,
            {"site_name": settings.SITE_NAME, "link": link, "days": settings.NEWSLETTER_CONFIRMATION_DAYS},
        )
    return EmailMessage(subject, body, settings.DEFAULT_FROM_EMAIL, [email], headers={"Auto-Submitted": "auto-generated"})
