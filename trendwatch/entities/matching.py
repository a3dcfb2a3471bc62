"""Which entities each published article mentions, kept in step by background tasks.

Extraction (finding names in an article's text) is stored per article as `ArticleName` rows, so
that an editor's change to the entities only needs the cheaper matching step over the stored
names, never a new reading of every article. Nothing here runs in a page request except
`spellings_in_query`, which only compares a query's words with the entities' names.
"""

import re
from functools import partial

from django.db import transaction

from trendwatch.pagecache.compiled import from_json_rows, json_rows
from trendwatch.pagecache.memo import memoised
from trendwatch.publishing.models import published_articles
from trendwatch.publishing.plain_sql import insert_rows
from trendwatch.similar.mentions import AliasIndex, Mention, extract_mentions, group_suggestions, match_mentions, sort_mentions
from trendwatch.similar.names import name_key, surname_keys
from trendwatch.similar.forks import fork_workers, in_forks
from trendwatch.similar.text import NAME_WORD, strip_html

from .models import ArticleMention, ArticleName, Entity, NameKey, Suggestion

# A name becomes a suggestion once this many published articles use it.
SUGGESTION_MIN_ARTICLES = 2
# Ids per query, well under every database's limit on query parameters.
ID_BATCH = 500
# Query words shorter than this are never read as names (initials, prepositions).
QUERY_NAME_MIN_LETTERS = 3

_QUERY_WORD = re.compile(NAME_WORD)

NAME_FIELDS = ("article_id", "surface", "count", "kind_guess", "unknown")
MENTION_FIELDS = ("article_id", "entity_id", "surfaces", "count")
ARTICLE_TEXT_FIELDS = ("pk", "title", "lead", "body", "locale__language_code")
SURFACE_LENGTH = ArticleName._meta.get_field("surface").max_length
# Articles read per batch of `refresh_articles`, `rematch` and `rebuild`.
REFRESH_BATCH = 200
# Above this many articles, grouping every stored name at once is cheaper than following keys.
INCREMENTAL_SUGGESTIONS_MAX_ARTICLES = 1000


def known_spellings():
    """Entity id (a string) -> every name editors gave it, as the engine's matching takes them."""
    return {str(entity.pk): entity.spellings() for entity in Entity.objects.prefetch_related("aliases")}


def entity_ids_by_article(page_ids=None):
    """{article id: ids (strings, sorted) of the known entities it mentions} for the given articles
    (default None: every article with a mention), as the similarity engine's Documents take them."""
    rows = ArticleMention.objects.order_by("article_id", "entity_id").values_list("article_id", "entity_id")
    found = {}
    if page_ids is None:
        chunks = [rows]
    else:
        page_ids = list(page_ids)
        chunks = [rows.filter(article_id__in=page_ids[start : start + ID_BATCH]) for start in range(0, len(page_ids), ID_BATCH)]
    for chunk in chunks:
        for article_id, entity_id in chunk.iterator(chunk_size=5000):
            found.setdefault(article_id, []).append(str(entity_id))
    return {article_id: tuple(sorted(ids)) for article_id, ids in found.items()}


def _stored_mentions(names):
    """Stored names of one article ((surface, count, kind guess) each) as the engine's mentions."""
    return [Mention(surface, position, position + 1, kind_guess, name_key(surface))
            for position, (surface, _count, kind_guess) in enumerate(names)]


def _extract(text, language):
    """(surface, count, kind guess) of each name the text writes, in the order first written."""
    counts, kinds = {}, {}
    for mention in extract_mentions(text, language):
        surface = mention.surface[:SURFACE_LENGTH]
        counts[surface] = counts.get(surface, 0) + 1
        kinds.setdefault(surface, mention.kind_guess)
    return [(surface, count, kinds[surface]) for surface, count in counts.items()]


def _match(article_id, names, index):
    """(mention rows of the known entities, the surfaces that match no entity) of one article's
    stored names; a mention row holds MENTION_FIELDS."""
    counts = {surface: count for surface, count, _kind in names}
    matched, unknown = sort_mentions(_stored_mentions(names), index)
    mentions = [
        (article_id, int(entity_id), [m.surface for m in found], sum(counts[m.surface] for m in found))
        for entity_id, found in matched.items()
    ]
    return mentions, {m.surface for m in unknown}


def _names_in(articles, index):
    """(name rows, mention rows) of ``articles``, each (id, title, lead, body, language): the
    extraction, run in forked workers during a rebuild (see `_read_articles`)."""
    name_rows, mention_rows = [], []
    for article_id, title, lead, body, language in articles:
        names = _extract("\n".join([title, lead, strip_html(body or "")]), language)
        mentions, unknown = _match(article_id, names, index)
        name_rows.extend((article_id, surface, count, kind, surface in unknown) for surface, count, kind in names)
        mention_rows.extend(mentions)
    return name_rows, mention_rows


def refresh_articles(page_ids, progress=None):
    """Read again the given articles (published, edited, unpublished or deleted), then the
    suggestions their names, old and new, can be part of.

    progress: a `callable(done, total)` called after each batch of articles (default None).
    """
    page_ids = [int(pk) for pk in page_ids]
    index = AliasIndex(known_spellings())
    touched = set()
    with transaction.atomic():
        for start in range(0, len(page_ids), REFRESH_BATCH):
            batch = page_ids[start : start + REFRESH_BATCH]
            old_names = ArticleName.objects.filter(article_id__in=batch)
            touched.update(old_names.values_list("surface", flat=True))
            old_names.delete()
            ArticleMention.objects.filter(article_id__in=batch).delete()
        for done, surfaces in _read_articles(page_ids, index):
            touched.update(surfaces)
            if progress:
                progress(done, len(page_ids))
    refresh_suggestions(None if len(page_ids) > INCREMENTAL_SUGGESTIONS_MAX_ARTICLES else touched)


def _read_articles(page_ids, index):
    """Store the names and entity mentions of the published articles among ``page_ids``, which
    have none stored; yields (ids read so far, the batch's names) after each batch. Many
    articles are read on every core."""
    batches = [page_ids[start : start + REFRESH_BATCH] for start in range(0, len(page_ids), REFRESH_BATCH)]
    texts = (published_articles().filter(pk__in=batch).values_list(*ARTICLE_TEXT_FIELDS) for batch in batches)
    read = in_forks(partial(_names_in, index=index), (list(rows) for rows in texts), fork_workers(len(page_ids)))
    done = 0
    for (names, mentions), batch in zip(read, batches):  # `read` first: it ends its workers
        # Plain rows: a rebuild writes some 40 of them per article, and the ORM's INSERTs of
        # model instances took a fifth of it.
        insert_rows(ArticleName, NAME_FIELDS, names)
        insert_rows(ArticleMention, MENTION_FIELDS, mentions)
        surfaces = {row[1] for row in names}
        _store_name_keys(surfaces)
        done += len(batch)
        yield done, surfaces


def _keys(surface):
    """Every surname key of a stored name, read as a name on its own or as a form in a sentence."""
    try:
        keys = surname_keys(surface) | surname_keys(surface, running_text=True)
    except ValueError:  # no reading of it is a name: it joins no other
        return []
    return sorted({key[: NameKey._meta.get_field("key").max_length] for key in keys})


def _store_name_keys(surfaces):
    """Store the keys of the names not stored yet: most names of an article are known already."""
    surfaces = sorted(surfaces)
    known = set()
    for chunk in _chunks(surfaces):
        known.update(NameKey.objects.filter(surface__in=chunk).values_list("surface", flat=True))
    rows = [NameKey(surface=surface, key=key) for surface in surfaces if surface not in known for key in _keys(surface)]
    NameKey.objects.bulk_create(rows, batch_size=1000, ignore_conflicts=True)


def rematch(progress=None):
    """Match every article's stored names again after the entities changed; returns the articles' ids."""
    index = AliasIndex(known_spellings())
    article_ids = list(ArticleName.objects.order_by("article_id").values_list("article_id", flat=True).distinct())
    with transaction.atomic():
        ArticleMention.objects.all().delete()
        for start in range(0, len(article_ids), REFRESH_BATCH):
            batch = article_ids[start : start + REFRESH_BATCH]
            names_by_article = {}
            for row in ArticleName.objects.filter(article_id__in=batch).order_by("article_id", "pk"):
                names_by_article.setdefault(row.article_id, []).append(row)
            mentions, changed = [], []
            for article_id, rows in names_by_article.items():
                found, unknown = _match(article_id, [(r.surface, r.count, r.kind_guess) for r in rows], index)
                mentions.extend(found)
                for row in rows:
                    if row.unknown != (row.surface in unknown):
                        row.unknown = not row.unknown
                        changed.append(row)
            insert_rows(ArticleMention, MENTION_FIELDS, mentions)
            # Only the names whose standing changed are written: most stay as they were.
            ArticleName.objects.bulk_update(changed, ["unknown"], batch_size=1000)
            if progress:
                progress(start + len(batch), len(article_ids))
    refresh_suggestions()
    return article_ids


def rebuild(progress=None):
    """Read every published article from scratch (the `rebuild_entities` command); returns the count."""
    index = AliasIndex(known_spellings())
    ids = list(published_articles().order_by("pk").values_list("pk", flat=True))
    with transaction.atomic():
        ArticleName.objects.all().delete()
        ArticleMention.objects.all().delete()
        NameKey.objects.all().delete()
        for done, _names in _read_articles(ids, index):
            if progress:
                progress(done, len(ids))
    refresh_suggestions()
    return len(ids)


def refresh_suggestions(surfaces=None):
    """Group the names no entity matches into suggestions; dismissed ones stay dismissed.

    surfaces: the names whose articles changed (default None: every stored name). Only the
    suggestions they can be part of are made again, from the stored names that share a surname key
    with them (directly or through one another), so the work follows what changed.
    """
    rows = ArticleName.objects.filter(unknown=True).values_list("article_id", "surface", "kind_guess", "count")
    if surfaces is None:
        unknown_names = list(rows.filter(article__in=published_articles().values("pk")).iterator(chunk_size=5000))
    else:
        surfaces = sorted(_sharing_keys(surfaces))
        found = [row for chunk in _chunks(surfaces) for row in rows.filter(surface__in=chunk)]
        # The published among the articles found, asked by id: joining the published articles to
        # each chunk of names cost a scan of the archive per chunk.
        article_ids = sorted({row[0] for row in found})
        published = set()
        for chunk in _chunks(article_ids):
            published.update(published_articles().filter(pk__in=chunk).order_by().values_list("pk", flat=True))
        unknown_names = [row for row in found if row[0] in published]
    dismissed = set()
    for variants in Suggestion.objects.filter(dismissed=True).values_list("variants", flat=True):
        dismissed.update(name_key(variant) for variant in variants)
    fresh = {}
    for found in group_suggestions(unknown_names, SUGGESTION_MIN_ARTICLES):
        key = name_key(found.name)
        if key in fresh or dismissed & {name_key(variant) for variant in found.variants}:
            continue
        fresh[key] = Suggestion(
            key=key, name=found.name, variants=list(found.variants), kind_guess=found.kind_guess,
            mentions=found.mentions, articles=found.texts,
        )
    with transaction.atomic():
        stale = Suggestion.objects.filter(dismissed=False)
        if surfaces is None:
            stale.delete()
        else:
            # A suggestion is keyed by one of its names, so its key is one of these names' keys.
            keys = sorted({name_key(surface) for surface in surfaces})
            for start in range(0, len(keys), ID_BATCH):
                stale.filter(key__in=keys[start : start + ID_BATCH]).delete()
        Suggestion.objects.bulk_create(fresh.values(), ignore_conflicts=True)


def _sharing_keys(surfaces):
    """`surfaces` and every stored name that shares a surname key with them, directly or through others."""
    found, keys, frontier = set(surfaces), set(), set(surfaces)
    while frontier:
        new_keys = set()
        for chunk in _chunks(sorted(frontier)):
            new_keys.update(NameKey.objects.filter(surface__in=chunk).values_list("key", flat=True))
        new_keys -= keys
        keys |= new_keys
        frontier = set()
        for chunk in _chunks(sorted(new_keys)):
            frontier.update(NameKey.objects.filter(key__in=chunk).values_list("surface", flat=True))
        frontier -= found
        found |= frontier
    return found


def _chunks(values):
    return [values[start : start + ID_BATCH] for start in range(0, len(values), ID_BATCH)]


def _indexed_spellings():
    """The entities' spellings and their AliasIndex: read once per content version, not per query."""
    spellings = known_spellings()
    return spellings, AliasIndex(spellings)


def spellings_in_query(text, language):
    """Search's query expansion: query word -> the other spellings of the entity it names.

    "Raukou" gives the entity's own names and every way the archive wrote its surname (Ravkov,
    Равкова, Раўкоў), so that search finds articles that spell the name differently. language is
    unused (names are matched whatever the language), but kept for search's expansion signature.
    """
    words = [w for w in dict.fromkeys(_QUERY_WORD.findall(text)) if len(w) >= QUERY_NAME_MIN_LETTERS]
    if not words:
        return {}
    spellings, index = memoised("entity spellings", _indexed_spellings)
    matched = match_mentions(_as_mentions(words), index)
    if not matched:
        return {}
    forms = {int(pk): set(spellings[pk]) for pk in matched}
    # How the archive wrote them: the stored names that share a surname key with their spellings
    # (a look-up in the archive's vocabulary of names, however many articles use them).
    keys_of = {entity_id: {key for form in spellings for key in _keys(form)} for entity_id, spellings in forms.items()}
    written = {}
    for key, surface in NameKey.objects.filter(key__in=set().union(*keys_of.values())).values_list("key", "surface"):
        written.setdefault(key, set()).add(surface)
    for entity_id, keys in keys_of.items():
        forms[entity_id].update(surface for key in keys for surface in written.get(key, ()))
    alternatives = {}
    for entity_id, found in matched.items():
        candidates = _as_mentions(sorted({word for form in forms[int(entity_id)] for word in _QUERY_WORD.findall(form)}))
        for mention in found:
            # The words of the entity's forms that are this name (Равкова), not another part of it (Андрея).
            same_name = match_mentions(candidates, {"query": [mention.surface]}).get("query", [])
            alternatives[words[mention.start]] = [c.surface for c in same_name if c.surface.lower() != mention.surface.lower()]
    return alternatives


def _as_mentions(words):
    mentions = []
    for position, word in enumerate(words):
        surface = word[:1].upper() + word[1:]
        mentions.append(Mention(surface, position, position + 1, "unknown", name_key(surface)))
    return mentions


def articles_mentioning(entity):
    """Published articles (every language) that mention the entity, newest first."""
    return published_articles().filter(pk__in=ArticleMention.objects.filter(entity=entity).values("article_id"))


# What an entity's link under an article reads.
ENTITY_LINK_FIELDS = ("id", "slug", "name_en", "name_ru", "name_be")


def mention_rows(article):
    """The column an article page's own query reads its entities from (`json_rows`); `article` is the
    article's id, or an `OuterRef` to it."""
    return json_rows(ArticleMention.objects.filter(article=article), "count", *(f"entity__{field}" for field in ENTITY_LINK_FIELDS))


def entities_of(page):
    """The entities a published article mentions, most mentioned first (their slugs and names)."""
    if hasattr(page, "mention_rows"):  # read with the page
        # [count, id, slug, name_en, ...]: most mentioned first, then by English name
        rows = sorted(page.mention_rows or (), key=lambda row: (-row[0], row[3]))
        return from_json_rows(Entity, ENTITY_LINK_FIELDS, [row[1:] for row in rows])
    entities = Entity.objects.filter(mentions__article_id=page.pk).order_by("-mentions__count", "name_en")
    return list(entities.only(*ENTITY_LINK_FIELDS))

