"""What a page tells link previews (Open Graph, Twitter cards) and search engines (canonical address,
schema.org NewsArticle), read from the page's own context so that every public page has it."""

import json

from django.conf import settings
from django.templatetags.static import static
from django.utils.translation import gettext as _

from .models import ArticlePage
from .routes import route_url

OPEN_GRAPH_LOCALES = {"en": "en_GB", "ru": "ru_RU", "be": "be_BY"}
# Inside <script>, these must not end the element or open markup; JSON allows their escapes.
SCRIPT_SAFE = {ord("<"): "\\u003C", ord(">"): "\\u003E", ord("&"): "\\u0026"}


def describe(context):
    request = context.get("request")
    page = context.get("page") or context.get("self")
    language = context.get("language") or settings.LANGUAGE_CODE
    site_name = context.get("site_name", settings.SITE_NAME)
    title = context.get("meta_title") or getattr(page, "title", "") or site_name
    meta = {
        "title": title if title == site_name else f"{title} · {site_name}",
        "description": getattr(page, "lead", "")
        or _("Weekly expert commentaries on how %(country_name)s is changing") % {"country_name": context.get("country_name", "")},
        "type": "website",
        "locale": OPEN_GRAPH_LOCALES.get(language, language),
        "canonical": canonical_address(request, page),
        "image": absolute(request, static("publishing/card.png")),
        "image_alt": site_name,
        "json_ld": "",
    }
    if isinstance(page, ArticlePage) and request is not None:
        meta.update(article_metadata(request, page, context, meta))
    return meta


def canonical_address(request, page):
    """The page's one address: an article shown under another language's interface points at itself
    in its own language, and a list's further pages keep their page number."""
    if request is None:
        return ""
    if isinstance(page, ArticlePage) and getattr(page, "shown_in", None):
        return absolute(request, page.url)
    number = request.GET.get("page", "")
    return request.build_absolute_uri(request.path) + (f"?page={number}" if number.isdigit() and number != "1" else "")


def absolute(request, address):
    return request.build_absolute_uri(address) if request is not None else address


def article_metadata(request, page, context, meta):
    image = lead_image_address(request, page)
    authors = [
        {"@type": "Person", "name": author.localized("name", page.language), "url": absolute(request, author_address(context, author))}
        for author in context.get("authors", ())
    ]
    article = {
        "@context": "https://schema.org",
        "@type": "NewsArticle",
        "headline": page.title,
        "description": page.lead,
        "inLanguage": page.language,
        "datePublished": page.published_at.isoformat() if page.published_at else None,
        "dateModified": (page.last_published_at or page.published_at).isoformat() if page.published_at else None,
        "articleSection": page.trend.localized("name", page.language),
        "author": authors,
        "publisher": {"@type": "Organization", "name": context.get("site_name", settings.SITE_NAME)},
        "mainEntityOfPage": meta["canonical"],
    }
    if image:
        article["image"] = [image]
    found = {
        "type": "article",
        "json_ld": json.dumps({key: value for key, value in article.items() if value is not None}, ensure_ascii=False).translate(SCRIPT_SAFE),
        "published": article.get("datePublished"),
        "modified": article.get("dateModified"),
    }
    if image:
        found.update(image=image, image_alt=page.lead_image.description or page.title)
    return found


def lead_image_address(request, page):
    if page.lead_image is None:
        return ""
    return absolute(request, page.lead_image.get_rendition("fill-1200x630").url)


def author_address(context, author):
    return route_url(context, "author", author.slug)
