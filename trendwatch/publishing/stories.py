"""What a reader of one language is shown of the archive: every commentary once, in their language
where it is translated, else in the original, so that every language tells the same story.

Each commentary is a translation group (one translation key); its version for a reader of language L
is the one in L, else the English one, else the first one published. The choice is made in SQL with
three `EXISTS` look-ups on the (translation key, locale) index per row read, so a list of twenty
reads twenty rows and their look-ups whatever the size of the archive.
"""

from django.conf import settings
from django.db.models import Exists, OuterRef, Q
from django.utils.translation import gettext_lazy as _

from .models import ArticlePage, WeeklyIssue, all_trends, locale_ids_by_language, public, published_articles

# Said beside a commentary shown in a language other than the page's.
LANGUAGE_NAMES_IN = {"en": _("in English"), "ru": _("in Russian"), "be": _("in Belarusian")}


def published_stories(language):
    """Published articles, one version per commentary for a reader of `language`, newest first."""
    locale_ids = locale_ids_by_language()
    reader, english = locale_ids.get(language), locale_ids.get(settings.LANGUAGE_CODE)
    versions = public(ArticlePage.objects.live()).filter(
        published_at__isnull=False, translation_key=OuterRef("translation_key")
    )
    in_reader = Exists(versions.filter(locale_id=reader))
    in_english = Exists(versions.filter(locale_id=english))
    earlier = Exists(versions.filter(pk__lt=OuterRef("pk")))
    return published_articles().filter(
        Q(locale_id=reader)
        | Q(locale_id=english) & ~in_reader
        | ~Q(locale_id__in=[reader, english]) & ~in_reader & ~in_english & ~earlier
    )


def issue_rows(stories):
    """One row per trend, in trend order, with that trend's newest commentary of the week (or None)."""
    by_trend = {}
    for article in stories:
        by_trend.setdefault(article.trend_id, article)
    return [(trend, by_trend.get(trend.pk)) for trend in all_trends()]


def released_issue():
    """The newest weekly issue the editors have released, or None."""
    return WeeklyIssue.objects.filter(released_at__isnull=False).order_by("-week_start").first()


def issue_summary(issue, language):
    """A weekly issue with its rows for a reader of `language`."""
    if issue is None:
        return None
    return {"issue": issue, "rows": issue_rows(published_stories(language).filter(weekly_issue=issue))}


def neighbour_issues(issue):
    """(previous, next) weekly issues with published commentaries, each None at the archive's ends."""
    with_articles = WeeklyIssue.objects.filter(Exists(published_articles().filter(weekly_issue=OuterRef("pk"))))
    previous = with_articles.filter(week_start__lt=issue.week_start).order_by("-week_start").first()
    following = with_articles.filter(week_start__gt=issue.week_start).order_by("week_start").first()
    return previous, following
