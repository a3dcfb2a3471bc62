"""The addresses the scale benchmark requests, drawn over the whole archive of a site.

Run in the site's own settings (`python -m trendwatch.scale.paths COUNT SEED`, with DATABASE_URL
set); prints {kind: [path, ...]} as JSON. Articles old and new, every language, deep pages of long
lists, the most and least mentioned names, searches for common and rare words with filters.
"""

import json
import random
import sys
import urllib.parse


def sample(rng, items, count):
    items = list(items)
    return [rng.choice(items) for _ in range(count)] if items else []


def deep_pages(rng, base, total, per_page, count):
    """`base` and its ?page=N addresses, N drawn over every page of a list of `total` items."""
    last = max(1, -(-total // per_page))
    return [base if page == 1 else f"{base}?page={page}" for page in (rng.randint(1, last) for _ in range(count))]


def paths(count, seed):
    from django.db.models import Count

    from trendwatch.entities.models import ArticleMention, Entity
    from trendwatch.publishing.models import Author, HomePage, Trend, WeeklyIssue, published_articles

    rng = random.Random(seed)
    homes = {home.locale.language_code: home for home in HomePage.objects.live().select_related("locale")}
    languages = sorted(homes)
    ids = list(published_articles().values_list("pk", flat=True))
    articles = published_articles().filter(pk__in=sample(rng, ids, count)).select_related("locale")
    found = {"article": [page.get_url_parts()[2] for page in articles]}
    found["home"] = sample(rng, [f"/{language}/" for language in languages], count)
    trends = list(Trend.objects.all())
    found["trend"] = []
    for _ in range(count):
        trend, language = rng.choice(trends), rng.choice(languages)
        total = published_articles(language).filter(trend=trend).count()
        found["trend"] += deep_pages(rng, f"/{language}/trends/{trend.slug}/", total, 20, 1)
    weeks = list(WeeklyIssue.objects.filter(articles__isnull=False).distinct().values_list("week_start", flat=True))
    found["week"] = [f"/{rng.choice(languages)}/weeks/{week.isoformat()}/" for week in sample(rng, weeks, count)]
    found["dashboard"] = [f"/{rng.choice(languages)}/dashboard/" for _ in range(count)]
    found["forecasts"] = [f"/{rng.choice(languages)}/forecasts/" for _ in range(count)]
    months = list(published_articles().dates("published_at", "month"))
    found["archive"] = [f"/{rng.choice(languages)}/archive/" for _ in range(count // 4)]
    found["archive"] += [f"/{rng.choice(languages)}/archive/{month.year}/{month.month}/" for month in sample(rng, months, count - count // 4)]
    found["entity"] = entity_paths(rng, count, languages, Entity, ArticleMention, Count)
    found["author"] = [f"/{rng.choice(languages)}/authors/{slug}/" for slug in sample(rng, Author.objects.values_list("slug", flat=True), count)]
    found["search"] = search_paths(rng, count, languages, Entity, Trend)
    found["feed"] = sample(rng, [f"/{language}/feeds/{kind}/" for language in languages for kind in ("rss", "atom")]
                           + [f"/{language}/feeds/{trend.slug}/rss/" for language in languages for trend in trends], count)
    found["api_list"] = deep_pages(rng, "/api/v1/articles", len(ids), 20, count)
    found["api_similar"] = [f"/api/v1/articles/{pk}/similar" for pk in sample(rng, ids, count)]
    return found


def entity_paths(rng, count, languages, Entity, ArticleMention, Count):
    """The head of state's page (and its deep pages) a third of the time, the rest over every entity."""
    mentioned = dict(ArticleMention.objects.values("entity__slug").annotate(articles=Count("article")).values_list("entity__slug", "articles"))
    if not mentioned:
        return []
    most = max(mentioned, key=mentioned.get)
    chosen = [most if number % 3 == 0 else rng.choice(list(mentioned)) for number in range(count)]
    return [rng.choice(deep_pages(rng, f"/{rng.choice(languages)}/entities/{slug}/", mentioned[slug], 20, 3)) for slug in chosen]


def search_paths(rng, count, languages, Entity, Trend):
    """Common and rare names, two-word queries, with and without filters and across languages."""
    entities = list(Entity.objects.order_by("pk"))
    words = {
        "en": ["border", "elections", "sanctions", "army", "prices", "prisoners", "negotiations", "exercise"],
        "ru": ["граница", "выборы", "санкции", "армия", "цены", "переговоры", "учения"],
        "be": ["мяжа", "выбары", "санкцыі", "войска", "цэны", "перамовы", "вучэнні"],
    }
    trends = list(Trend.objects.values_list("slug", flat=True))
    searches = []
    for number in range(count):
        language = rng.choice(languages)
        name = entities[0] if number % 3 == 0 else rng.choice(entities)
        spelling = getattr(name, f"name_{language}") or name.name_en
        query = {"q": spelling.split()[-1]}
        if number % 4 == 1:
            query["q"] = f"{query['q']} {rng.choice(words.get(language, words['en']))}"
        if number % 5 == 2:
            query["trend"] = rng.choice(trends)
        if number % 7 == 3:
            query["sort"] = "date"
        if number % 6 == 4:
            query["from"], query["to"] = "2012-01-01", "2016-12-31"
        searches.append(f"/{language}/search/?{urllib.parse.urlencode(query)}")
    return searches


if __name__ == "__main__":
    import os

    import django

    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "trendwatch.settings")
    django.setup()
    print(json.dumps(paths(int(sys.argv[1]), int(sys.argv[2]))))
