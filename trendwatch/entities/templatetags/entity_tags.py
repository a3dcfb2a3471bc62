from django import template

from trendwatch.entities.matching import entities_of

register = template.Library()


@register.inclusion_tag("entities/article_entities.html", takes_context=True)
def article_entities(context, page):
    """The "People, organisations and places" line under an article's body."""
    return {"entities": entities_of(page), "language": context.get("language")}
