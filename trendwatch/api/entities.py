"""Entities in the JSON API: the known people, organisations and places, and one with its articles."""

from django.db.models import Count, Q
from django.http import Http404
from ninja import Field, Path, Query, Router, Schema

from trendwatch.entities.matching import articles_mentioning
from trendwatch.entities.models import Entity, Kind
from trendwatch.publishing.models import published_articles

from .representations import article_summary, localized_text, page_of
from .schemas import ArticleList, LocalizedText, Paging, error_responses

router = Router(tags=["entities"])

SLUG_PATTERN = r"^[-a-zA-Z0-9_]+$"


class EntitySummary(Schema):
    slug: str
    kind: str = Field(description="person, organisation or place.")
    name: LocalizedText
    description: LocalizedText
    article_count: int = Field(description="Published articles that mention it, in every language.")


class EntityDetail(EntitySummary):
    spellings: list[str] = Field(description="Every name editors gave it: per language and other spellings.")
    articles: ArticleList = Field(description="Published articles that mention it, newest first.")


class EntityFilters(Paging):
    kind: Kind | None = Field(None, description="Only people, organisations or places.")


def _summary(entity, article_count):
    return {
        "slug": entity.slug,
        "kind": entity.kind,
        "name": localized_text(entity, "name"),
        "description": localized_text(entity, "description"),
        "article_count": article_count,
    }


@router.get("", response={200: list[EntitySummary], **error_responses(422)}, summary="Known people, organisations and places")
def list_entities(request, filters: Query[EntityFilters]):
    entities = Entity.objects.annotate(
        article_count=Count("mentions", filter=Q(mentions__article__in=published_articles().values("pk")), distinct=True)
    ).order_by("name_en")
    if filters.kind:
        entities = entities.filter(kind=filters.kind)
    start = (filters.page - 1) * filters.page_size
    return [_summary(entity, entity.article_count) for entity in entities[start : start + filters.page_size]]


@router.get("/{slug}", response={200: EntityDetail, **error_responses(404, 422)}, summary="One entity and the articles that mention it")
def get_entity(
    request, slug: str = Path(..., max_length=80, pattern=SLUG_PATTERN), paging: Query[Paging] = None
):
    entity = Entity.objects.prefetch_related("aliases").filter(slug=slug).first()
    if entity is None:
        raise Http404(f"No entity has the slug {slug!r}.")
    articles = articles_mentioning(entity).prefetch_related("authors")
    count = articles.count()
    listing = page_of(request, articles, paging.page, paging.page_size, count)
    listing["results"] = [article_summary(request, article) for article in listing["results"]]
    return {**_summary(entity, count), "spellings": entity.spellings(), "articles": listing}
