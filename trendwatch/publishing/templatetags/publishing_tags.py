from django import template
from django.conf import settings
from django.utils import translation
from wagtail.models import Locale, Page

from trendwatch.publishing import dates
from trendwatch.publishing.models import ArticleIndexPage, ArticlePage, Direction, HomePage

register = template.Library()


def _language(context):
    return context.get("language") or translation.get_language() or settings.LANGUAGE_CODE


@register.simple_tag(takes_context=True)
def date_label(context, moment):
    """A publication moment as the outlet prints it: 'December 12, 2016 10:22'."""
    return dates.format_datetime(moment, _language(context)) if moment else ""


@register.simple_tag(takes_context=True)
def week_label(context, issue):
    """A weekly issue's range: 'December 5 – December 11, 2016'."""
    return issue.label(_language(context)) if issue else ""


@register.simple_tag(takes_context=True)
def month_label(context, year, month):
    return dates.format_month(year, month, _language(context))


@register.simple_tag(takes_context=True)
def localized(context, obj, field):
    """A trend's, author's or issue's text in the page language, English when it has none."""
    return obj.localized(field, _language(context)) if obj else ""


@register.simple_tag(takes_context=True)
def is_fallback(context, obj, field):
    return obj.is_fallback(field, _language(context)) if obj else False


@register.inclusion_tag("publishing/includes/direction.html")
def direction_badge(direction):
    """A marker that says its direction in words as well as colour."""
    return {"direction": direction, "label": Direction(direction).label if direction else ""}


@register.simple_tag(takes_context=True)
def home_url(context, language=None):
    home = home_for(language or _language(context))
    return home.url if home else f"/{language or _language(context)}/"


@register.simple_tag(takes_context=True)
def articles_url(context):
    index = ArticleIndexPage.objects.live().filter(locale__language_code=_language(context)).first()
    return index.url if index else home_url(context)


@register.simple_tag(takes_context=True)
def route_url(context, name, *args, **kwargs):
    """URL of one of the home page's routes (trends, weeks, archive) in the page language."""
    home = home_for(_language(context))
    if home is None:
        return "#"
    return home.url + home.reverse_subpage(name, args=args or None, kwargs=kwargs or None)


@register.simple_tag(takes_context=True)
def language_links(context):
    """For each site language: where the switcher goes, and whether that is the same content.

    An article links to its published translation, or to that language's home when it has none;
    the home routes (trends, weeks, archive) exist in every language at the same path.
    """
    request = context.get("request")
    page = context.get("page") or context.get("self")
    current = _language(context)
    links = []
    for code, name in settings.LANGUAGES:
        target, same_content = None, True
        if isinstance(page, ArticlePage):
            if code == page.language:
                target = page.url
            else:
                translation_page = next((t for t in page.published_translations if t.language == code), None)
                target = translation_page.url if translation_page else None
        elif isinstance(page, Page):
            localized_page = page.get_translation_or_none(Locale.objects.filter(language_code=code).first()) if code != current else page
            if localized_page is not None and localized_page.live:
                target = localized_page.url
                if isinstance(localized_page.specific, HomePage) and request is not None:
                    target = _same_route(request.path, current, code)
        if target is None:
            target, same_content = home_url(context, code), False
        links.append({"code": code, "name": name, "url": target, "current": code == current, "same_content": same_content})
    return links


def _same_route(path, current, code):
    prefix = f"/{current}/"
    return f"/{code}/" + path[len(prefix):] if path.startswith(prefix) else f"/{code}/"


def home_for(language):
    return HomePage.objects.live().filter(locale__language_code=language).first()
