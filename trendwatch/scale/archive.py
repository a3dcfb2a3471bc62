"""A seeded archive of an outlet's eighteen years, in the project's own jsonl format.

Stories run over weekly issues of five trends; each is told in one to three languages (a
translation group), by one or two of the outlet's authors, about one of a few thousand themes that
recur over the years with their own words and cast. The head of state is named in about a third
of the articles, hundreds of others at falling frequencies, spelt as `cast` spells them. Some
articles have a picture, a few have editors' pins and exclusions, links to earlier articles, or
are drafts, withdrawn, scheduled or members-only. The same arguments give the same file.
Plain Python, no Django.
"""

import datetime
import itertools
import json
import random
import uuid
from dataclasses import dataclass
from pathlib import Path

from trendwatch.publishing.pictures import draw_picture

from .cast import make_cast
from .texts import Language, demo_sentences

LANGUAGES = ("en", "ru", "be")
TRENDS = [
    ("ruling-elite", {"en": "The ruling elite", "ru": "Правящая элита", "be": "Кіруючая эліта"}),
    ("society-parties", {"en": "Society and political parties", "ru": "Общество и партии", "be": "Грамадства і партыі"}),
    ("security", {"en": "Security issues", "ru": "Вопросы безопасности", "be": "Пытанні бяспекі"}),
    ("belarus-west", {"en": "Belarus–West relations", "ru": "Беларусь и Запад", "be": "Беларусь і Захад"}),
    ("belarus-russia", {"en": "Belarus–Russia relations", "ru": "Беларусь и Россия", "be": "Беларусь і Расія"}),
]
# Which languages a story is told in, and how often: about 58% of articles come out in English,
# 26% in Russian and 16% in Belarusian.
STORY_LANGUAGES = [(("en",), 0.55), (("en", "ru"), 0.13), (("en", "ru", "be"), 0.08), (("ru",), 0.10),
                   (("ru", "be"), 0.04), (("be",), 0.06), (("en", "be"), 0.04)]
DIRECTIONS = [("improved", 0.25), ("worsened", 0.30), ("unchanged", 0.35), ("not_assessed", 0.10)]
YEARS = 18
LAST_WEEK = datetime.date(2026, 11, 23)  # a Monday; the archive ends in the week it starts
TIME_ZONE = datetime.timezone(datetime.timedelta(hours=3))  # Minsk
SHARE_WITH_PICTURE = 0.03
SHARE_HEAD_OF_STATE = 0.33
CURATED_PEOPLE = 200


@dataclass(frozen=True)
class Sizes:
    """What the archive holds: `articles` pages (all languages); the rest scale from it."""

    articles: int
    authors: int = 60
    people: int = 600
    towns: int = 120

    @property
    def themes(self):
        return max(20, self.articles // 25)


def _weighted(rng, pairs):
    values, weights = zip(*pairs)
    return rng.choices(values, weights)[0]


class ArchiveWriter:
    def __init__(self, sizes, seed):
        self.sizes = sizes
        self.rng = random.Random(seed)
        self.people, self.places, self.organisations = make_cast(self.rng, sizes.people, sizes.towns)
        sentences = demo_sentences()
        self.languages = {code: Language(code, sentences[code], self.rng, sizes.themes, 60000) for code in LANGUAGES}
        # Themes: a trend, the words of the trend, the theme's own cast.
        self.theme_trends = [self.rng.randrange(len(TRENDS)) for _ in range(sizes.themes)]
        self.trend_words = {
            code: [self.rng.sample(language.tail[:3000], 60) for _ in TRENDS] for code, language in self.languages.items()
        }
        fame = list(itertools.accumulate(1.0 / (rank + 2) ** 1.1 for rank in range(1, len(self.people))))
        self.theme_casts = [
            (self.rng.choices(self.people[1:], cum_weights=fame, k=3), self.rng.sample(self.places, 2))
            for _ in range(sizes.themes)
        ]
        self.people_fame = fame
        self.keys_by_theme = {}
        self.written_keys = []

    def write(self, folder, progress=None):
        """Write folder/archive.jsonl (and folder/images/); returns the file's path."""
        folder = Path(folder)
        (folder / "images").mkdir(parents=True, exist_ok=True)
        path = folder / "archive.jsonl"
        weeks = [LAST_WEEK - datetime.timedelta(weeks=n) for n in range(YEARS * 52 - 1, -1, -1)]
        with path.open("w", encoding="utf-8") as out:
            line = lambda record: out.write(json.dumps(record, ensure_ascii=False, sort_keys=True) + "\n")
            line({"type": "archive", "format": "trendwatch-archive", "version": 1})
            for order, (slug, names) in enumerate(TRENDS):
                line({"type": "trend", "slug": slug, "name": names, "sort_order": order})
            self.authors = [self._author(number) for number in range(self.sizes.authors)]
            for author in self.authors:
                line(author)
            for week in weeks:
                line(self._week(week))
            for entity in self.curated_entities():
                line(entity)
            written = 0
            for week_number, week in enumerate(weeks):
                target = round(self.sizes.articles * (week_number + 1) / len(weeks))
                while written < target:
                    for record in self._story(week, folder):
                        line(record)
                        written += record["type"] == "article"
                if progress:
                    progress(written, self.sizes.articles)
        return path

    def curated_entities(self):
        """The names an outlet curates: the most famous people, every place and body."""
        for entity in [*self.people[:CURATED_PEOPLE], *self.places, *self.organisations]:
            yield {
                "type": "entity", "kind": entity.kind, "slug": entity.slug,
                "name": {"en": entity.en[0], "ru": entity.ru, "be": entity.be},
                "description": {"en": entity.description or f"A {entity.kind} in the news."},
                "aliases": list(entity.en[1:]),
            }

    def _author(self, number):
        person = self.people[-1 - number]  # the least famous people of the cast write, rarely named
        return {"type": "author", "slug": f"author-{number}", "name": {"en": person.en[0], "ru": person.ru, "be": person.be}}

    def _week(self, monday):
        overview = {}
        for code in LANGUAGES:
            if code == "en" or self.rng.random() < 0.5:
                overview[code] = " ".join(self._sentence(code, self.rng.randrange(self.sizes.themes), 2) for _ in range(3))
        return {"type": "week", "week_start": monday.isoformat(), "overview": overview}

    def _sentence(self, code, theme, trend, cast=None):
        people, places = cast or self.theme_casts[theme]
        mention = lambda rng: self._mention(rng, code, people, places)
        return self.languages[code].sentence(self.rng, theme, self.trend_words[code][trend], mention)

    def _mention(self, rng, code, people, places):
        roll = rng.random()
        if roll < 0.55:
            return rng.choice(people).surface(code, rng, full=rng.random() < 0.3)
        if roll < 0.8:
            return rng.choice(places).surface(code, rng)
        if roll < 0.9:
            return rng.choice(self.organisations).surface(code, rng)
        return rng.choices(self.people[1:], cum_weights=self.people_fame)[0].surface(code, rng)

    def _story(self, week, folder):
        rng = self.rng
        theme = rng.randrange(self.sizes.themes)
        trend = self.theme_trends[theme]
        people, places = self.theme_casts[theme]
        if rng.random() < SHARE_HEAD_OF_STATE:
            people = [self.people[0], *people]
        moment = datetime.datetime.combine(
            week + datetime.timedelta(days=rng.randrange(5)), datetime.time(rng.randint(8, 19), rng.randrange(60)), TIME_ZONE
        )
        group = str(uuid.UUID(int=rng.getrandbits(128), version=4))
        shared = {
            "trend": TRENDS[trend][0],
            "direction": _weighted(rng, DIRECTIONS),
            "authors": [author["slug"] for author in rng.sample(self.authors, 1 if rng.random() < 0.9 else 2)],
            "status": "published",
        }
        image = self._image(group, trend, folder) if rng.random() < SHARE_WITH_PICTURE else None
        if image:
            yield image
        story_number = len(self.written_keys)
        for code in _weighted(rng, STORY_LANGUAGES):
            key = f"scale:{story_number:06d}:{code}"
            yield self._article(key, group, code, theme, trend, (people, places), moment, shared, image)
        self.written_keys.append(key)
        self.keys_by_theme.setdefault(theme, []).append(key)

    def _article(self, key, group, code, theme, trend, cast, moment, shared, image):
        rng = self.rng
        sentence = lambda: self._sentence(code, theme, trend, cast)
        title = " ".join(sentence().split()[: rng.randint(6, 12)]).rstrip(",;:—–-")
        paragraphs = [" ".join(sentence() for _ in range(rng.randint(2, 5))) for _ in range(rng.randint(4, 7))]
        record = {
            "type": "article", "key": key, "group": group, "language": code, **shared,
            "title": title[:255], "lead": sentence(), "body": self._body(paragraphs, theme),
            "published_at": moment.isoformat(),
            "image": image["key"] if image else None,
        }
        earlier = self.keys_by_theme.get(theme, [])
        if earlier and rng.random() < 0.005:
            record["similar_pins"] = [{"key": earlier[-1]}]
        if self.written_keys and rng.random() < 0.003:
            record["similar_exclusions"] = [rng.choice(self.written_keys)]
        self._unusual_status(record)
        return record

    def _body(self, paragraphs, theme):
        earlier = self.keys_by_theme.get(theme, [])
        html = []
        for number, paragraph in enumerate(paragraphs):
            if number == 1 and earlier and self.rng.random() < 0.03:
                words = paragraph.split(" ")
                cut = len(words) // 2
                link = f'<a linktype="page" data-archive-key="{earlier[-1]}">{" ".join(words[cut:cut + 3])}</a>'
                paragraph = " ".join([*words[:cut], link, *words[cut + 3 :]])
            html.append(f"<p>{_escaped(paragraph) if '<a ' not in paragraph else paragraph}</p>")
        return "".join(html)

    def _unusual_status(self, record):
        roll = self.rng.random()
        if roll < 0.004:
            record["status"] = "draft"
        elif roll < 0.008:
            record["status"] = "withdrawn"
        elif roll < 0.010:
            record["status"] = "scheduled"
            record["go_live_at"] = "2030-01-07T09:00:00+03:00"
        elif roll < 0.011:
            record["privacy"] = {"type": "password", "password": "members"}

    def _image(self, group, trend, folder):
        key = f"scale-{group[:8]}"
        (folder / "images" / f"{key}.jpg").write_bytes(draw_picture(key, TRENDS[trend][0], size=(480, 270)))
        return {
            "type": "image", "key": key, "file": f"images/{key}.jpg", "title": key,
            "credit": "Press service", "alt": "An illustration of the week's events",
        }


def _escaped(text):
    return text.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;")
