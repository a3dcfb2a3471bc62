"""Public entity pages: the index of people, organisations and places, and one entity's timeline."""

from itertools import groupby

from django.db.models import Count, Q
from django.shortcuts import get_object_or_404, render
from django.utils import timezone
from django.utils.translation import get_language

from trendwatch.pagecache.memo import memoised
from trendwatch.publishing.models import ArticlePage, paginate, published_articles
from trendwatch.publishing.listing import ListedIds
from trendwatch.publishing.stories import published_stories

from .models import Entity, Kind


def _entities_in_articles():
    published = published_articles().values("pk")
    return list(
        Entity.objects.annotate(article_count=Count("mentions", filter=Q(mentions__article__in=published), distinct=True))
        .filter(article_count__gt=0)
        .order_by("name_en")
    )


def entity_index(request):
    # Counting reads every mention of the archive: once per content version, not per request.
    entities = memoised("entities in articles", _entities_in_articles)
    language = get_language()
    sections = [
        (label, sorted((e for e in entities if e.kind == kind), key=lambda e: e.localized("name", language).lower()))
        for kind, label in [(Kind.PERSON, Kind.PERSON.label), (Kind.ORGANISATION, Kind.ORGANISATION.label), (Kind.PLACE, Kind.PLACE.label)]
    ]
    return render(request, "entities/entity_index.html", {"sections": [s for s in sections if s[1]]})


def _story_ids(entity, language):
    mentioning = ArticlePage.objects.filter(entity_mentions__entity=entity).values("translation_key")
    return list(published_stories(language).filter(translation_key__in=mentioning).values_list("article_id", flat=True))


def entity_page(request, slug):
    """The commentaries that mention the entity, once each (in the reader's language where translated),
    a page of them at a time. Their ids are read in one query per content version: the head of
    state's 17,000 of a 50,000-article archive took two 150 ms queries (count and page) per request."""
    entity = get_object_or_404(Entity, slug=slug)
    language = get_language()
    ids = memoised(("entity stories", entity.pk, language), lambda: _story_ids(entity, language))
    articles = paginate(request, ListedIds(ids, published_articles()))
    months = [
        (month, list(items))
        for month, items in groupby(articles, key=lambda page: timezone.localdate(page.published_at).replace(day=1))
    ]
    return render(request, "entities/entity_page.html", {"entity": entity, "months": months, "articles": articles})
