from django import template
from django.utils.html import format_html

from trendwatch.pagecache.memo import memoised
from trendwatch.publishing import dates, metadata
from trendwatch.publishing.languages import LANGUAGE_NAMES
from trendwatch.publishing.models import ArticlePage, Direction
from trendwatch.publishing.routes import context_homes, context_language, route_url
from trendwatch.publishing.stories import LANGUAGE_NAMES_IN

register = template.Library()


@register.simple_tag(takes_context=True)
def date_label(context, moment):
    """A publication moment as the outlet prints it: 'December 12, 2016 10:22'."""
    return dates.format_datetime(moment, context_language(context)) if moment else ""


@register.simple_tag(takes_context=True)
def week_label(context, issue):
    """A weekly issue's range: 'December 5 – December 11, 2016'."""
    return issue.label(context_language(context)) if issue else ""


@register.simple_tag(takes_context=True)
def month_label(context, year, month):
    return dates.format_month(year, month, context_language(context))


@register.simple_tag(takes_context=True)
def localized(context, obj, field):
    """A trend's, author's or issue's text in the page language, English when it has none."""
    return obj.localized(field, context_language(context)) if obj else ""


@register.simple_tag(takes_context=True)
def is_fallback(context, obj, field):
    return obj.is_fallback(field, context_language(context)) if obj else False


@register.inclusion_tag("publishing/includes/direction.html")
def direction_badge(direction):
    """A marker that says its direction in words as well as colour."""
    return {"direction": direction, "label": Direction(direction).label if direction else ""}


@register.simple_tag(takes_context=True)
def home_url(context, language=None):
    language = language or context_language(context)
    home = context_homes(context).get(language)
    return memoised(("page address", home.pk), lambda: home.url) if home else f"/{language}/"


@register.simple_tag(takes_context=True)
def articles_url(context):
    return home_url(context) + "articles/"


register.simple_tag(route_url, takes_context=True)


@register.simple_tag(takes_context=True)
def language_links(context):
    """For each site language: where the switcher goes, and whether that is the same content.

    An article links to its published translation; where it has none, to itself under that
    language's interface (not the same content: no hreflang alternate). Every other public page (home routes, the article index, search, feeds) exists in each
    language at the same path after the language prefix.
    """
    request = context.get("request")
    page = context.get("page") or context.get("self")
    current = context_language(context)
    links = []
    for code, name in LANGUAGE_NAMES.items():
        if isinstance(page, ArticlePage):
            target = page.address_in(code)
            same_content = code == page.language or any(other.language == code for other in page.published_translations)
        else:
            target = _same_path(request.get_full_path(), current, code) if request is not None else None
            same_content = target is not None
        links.append(
            {
                "code": code,
                "name": name,
                "url": target or home_url(context, code),
                "current": code == current,
                "same_content": same_content,
            }
        )
    return links


def _same_path(path, current, code):
    prefix = f"/{current}/"
    return f"/{code}/" + path[len(prefix):] if path.startswith(prefix) else None


@register.simple_tag(takes_context=True)
def in_original_language(context, article):
    """'in English' beside a commentary shown to a reader of another language (it has no translation), else ''."""
    if article is None or article.language == context_language(context):
        return ""
    return format_html(' <span class="language-note">{}</span>', LANGUAGE_NAMES_IN.get(article.language, article.language))


@register.simple_tag(takes_context=True)
def page_metadata(context):
    """What link previews and search engines read of the page: see `publishing.metadata`."""
    return metadata.describe(context)


@register.simple_tag(takes_context=True)
def story_url(context, article):
    """Where a reader of the page's language reads `article`, one of the stories chosen for them (its
    version in their language, else one in another language, as it has none in theirs): itself, or
    the same article under the reader's interface."""
    return article.address_under(context_language(context))
