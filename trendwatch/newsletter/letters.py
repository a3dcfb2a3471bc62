"""The weekly letter: composed once per issue and language, rendered for each subscriber."""

from django.conf import settings
from django.core.mail import EmailMultiAlternatives
from django.template.loader import render_to_string
from django.urls import reverse
from django.utils import translation
from django.utils.translation import gettext as _

from trendwatch.publishing.models import Direction, live_homes
from trendwatch.publishing.stories import LANGUAGE_NAMES_IN, articles_of, published_stories

from .tokens import management_token

DIRECTION_MARKS = {
    Direction.IMPROVED: "▲",
    Direction.WORSENED: "▼",
    Direction.UNCHANGED: "●",
    Direction.NOT_ASSESSED: "○",
}


def absolute(url, site_url=None):
    """A site URL as a link that works from a mailbox: `site_url` (default SITE_URL) in front of
    site-relative paths."""
    return url if url.startswith(("http://", "https://")) else (site_url or settings.SITE_URL).rstrip("/") + url


def compose(issue, language):
    """What the letter of `issue` in `language` says, or None when the week has no published commentary there.

    Only published_articles() are read: drafts, scheduled and private pages never reach a letter.
    """
    articles = articles_of(
        published_stories(language).filter(weekly_issue=issue).order_by("trend__sort_order", "trend__name_en", "published_at")
    )
    if not articles:
        return None
    home = live_homes().get(language)
    home_url = home.get_url() if home else f"/{language}/"
    week_path = home.reverse_subpage("week", args=[issue.week_start.isoformat()]) if home else ""
    with translation.override(language):
        sections = [
            {
                "trend": article.trend.slug,
                "trend_name": article.trend.localized("name", language),
                "direction": article.direction,
                "direction_label": str(Direction(article.direction).label),
                "mark": DIRECTION_MARKS[article.direction],
                "title": article.title,
                "lead": article.lead,
                "url": absolute(article.address_under(language)),
                # A commentary not yet translated goes out in its original language, and says so.
                "language": article.language,
                "language_note": str(LANGUAGE_NAMES_IN[article.language]) if article.language != language else "",
            }
            for article in articles
        ]
        return {
            "subject": _("%(site)s weekly: %(week)s") % {"site": settings.SITE_NAME, "week": issue.label(language)},
            "week_label": issue.label(language),
            "overview": issue.localized("overview", language),
            "week_url": absolute(home_url + week_path),
            "site_url": absolute(home_url),
            "sections": sections,
        }


def sections_for(content, trend_slugs):
    """The sections a subscriber of `trend_slugs` reads (every section when they chose no trend)."""
    if not trend_slugs:
        return content["sections"]
    return [section for section in content["sections"] if section["trend"] in trend_slugs]


def management_urls(subscriber, language):
    """(preferences, unsubscribe page, one-click unsubscribe) for the subscriber, absolute."""
    if subscriber is None:  # an admin preview: links that lead nowhere
        return "#", "#", "#"
    token = management_token(subscriber)
    with translation.override(language):
        return tuple(
            absolute(reverse(name, args=[token]))
            for name in ("newsletter_preferences", "newsletter_unsubscribe", "newsletter_one_click")
        )


def render_letter(content, language, subscriber=None, trend_slugs=()):
    """(subject, plain text, HTML) of a letter as `subscriber` gets it; subscriber=None renders a preview."""
    preferences_url, unsubscribe_url, _one_click = management_urls(subscriber, language)
    context = {
        **content,
        "sections": sections_for(content, trend_slugs),
        "language": language,
        "site_name": settings.SITE_NAME,
        "preferences_url": preferences_url,
        "unsubscribe_url": unsubscribe_url,
    }
    with translation.override(language):
        text = render_to_string("newsletter/mail/letter.txt", context)
        html = render_to_string("newsletter/mail/letter.html", context)
    return content["subject"], text, html


def letter_message(row, connection=None):
    """The email for one outbox row, with its fixed Message-ID and RFC 8058 unsubscribe headers."""
    subscriber, letter = row.subscriber, row.letter
    trend_slugs = [trend.slug for trend in subscriber.trends.all()]
    subject, text, html = render_letter(letter.content, letter.language, subscriber, trend_slugs)
    _preferences, _page, one_click_url = management_urls(subscriber, letter.language)
    message = EmailMultiAlternatives(
        subject,
        text,
        settings.DEFAULT_FROM_EMAIL,
        [subscriber.email],
        connection=connection,
        headers={
            "Message-ID": row.message_id,
            "List-Unsubscribe": f"<{one_click_url}>",
            "List-Unsubscribe-Post": "List-Unsubscribe=One-Click",
            "List-Id": f"{settings.SITE_NAME} <weekly.{mail_domain()}>",
        },
    )
    message.attach_alternative(html, "text/html")
    return message


def mail_domain():
    """The host part of Message-IDs: the domain of DEFAULT_FROM_EMAIL."""
    return settings.DEFAULT_FROM_EMAIL.rpartition("@")[2].strip(">").strip() or "localhost"


def message_id(letter, subscriber_pk):
    """The same Message-ID every time this letter goes to this subscriber, so a resend can be recognised."""
    return f"<{letter.key}.{subscriber_pk}@{mail_domain()}>"
