from django import template
from django.urls import reverse
from django.utils import translation

from trendwatch.entities.matching import entities_of
from trendwatch.pagecache.memo import memoised

register = template.Library()


@register.inclusion_tag("entities/article_entities.html", takes_context=True)
def article_entities(context, page):
    """The "People, organisations and places" line under an article's body: (address, name) of each."""
    language = context.get("language")
    return {"links": [(entity_address(entity.slug), entity.localized("name", language)) for entity in entities_of(page)]}


def entity_address(slug):
    """An entity page's address in the active language (reversed once per content version)."""
    return memoised(("entity address", translation.get_language(), slug), lambda: reverse("entity", args=[slug]))
