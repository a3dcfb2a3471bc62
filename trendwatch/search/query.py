"""Finding and ranking articles for a query: BM25 over the stored postings, scored in arrays.

The database only looks up the postings of each of the query's stems (one indexed lookup each);
scoring the postings with numpy is quick whatever their number and the same on every database.
"""

from dataclasses import dataclass, field

import numpy as np
from django.db import connection
from django.db.models import Avg, Count
from django.db.models.functions import Length

from trendwatch.pagecache.memo import memoised
from trendwatch.publishing.models import ArticlePage, published_articles
from trendwatch.similar import bm25

from .index import terms
from .models import Posting, SearchDocument, SearchTerm

# More words than this add little to a query and a lot to its cost; the rest are left out.
MAX_QUERY_TERMS = 32
# A query word no article has stands for the known stems it begins when it has this many letters
# or more (and for at most MAX_COMPLETIONS of them, the most used first); shorter ones are not
# corrected either.
MIN_PREFIX = 4
MAX_COMPLETIONS = 20
# Up to this many found articles are checked against the reader's filters by their ids.
FILTER_BY_IDS = 500
# BM25's usual settings: how fast repeated words stop adding (k1), how much length matters (b).
K1 = 1.2
B = 0.75

# Functions `(text, language) -> {query word: [other spellings]}` that other apps register (in their
# AppConfig.ready) to widen a query: an article with any spelling counts as having the query word.
QUERY_EXPANSIONS = []


@dataclass
class SearchOutcome:
    """Ranked article ids and what the reader should be told about how they were found.

    `stems` maps each searched language to the query's stems in it; `every_word` is False when no
    article had all the words and the results are articles with some of them; `shortened` is True
    when the query had more than MAX_QUERY_TERMS words and only the first ones were used;
    `corrections` maps a query stem no article has to the known stem searched instead, and
    `completions` each (language, known stem) that a query stem began to that query stem.
    """

    ids: list = field(default_factory=list)
    stems: dict = field(default_factory=dict)
    every_word: bool = True
    shortened: bool = False
    corrections: dict = field(default_factory=dict)
    completions: dict = field(default_factory=dict)

    @property
    def has_words(self):
        return any(self.stems.values())

    def marked_stems(self, language):
        """The stems to mark in an article of `language`: the query's and those its prefixes stood for."""
        return [*self.stems.get(language, []), *(stem for lang, stem in self.completions if lang == language)]


def query_stems(text, languages):
    """The distinct stems of `text` in each language, in query order; and whether some were cut."""
    stems, shortened = {}, False
    for language in languages:
        distinct = list(dict.fromkeys(terms(text, language)))
        shortened |= len(distinct) > MAX_QUERY_TERMS
        stems[language] = distinct[:MAX_QUERY_TERMS]
    return stems, shortened


def search(text, languages, filters=None, order="relevance"):
    """Ids of published articles that contain the words of `text`, best first.

    `text` is analysed separately in each of `languages` and matched against the articles in that
    language. `filters` (default None) is a Q object on ArticlePage that narrows the results
    further. Only published articles are found, however stale the index is. `order` is
    "relevance" (default; ties go to the newer article) or "date" (newest first). Only articles
    with every word are returned; when there are none, articles with some of the words.
    """
    stems, shortened = query_stems(text, languages)
    outcome = SearchOutcome(stems=stems, shortened=shortened)
    if not outcome.has_words:
        return outcome
    stems, outcome.completions, outcome.corrections = forgiven(stems)
    outcome.stems = stems
    counts_as = {**_other_spellings(text, stems), **outcome.completions}
    # Every (language, stem) looked up, with the query word it counts as.
    looked_up = {(language, word): word for language, words in stems.items() for word in words}
    looked_up.update((key, word) for key, word in counts_as.items() if stems.get(key[0]) and key not in looked_up)
    words = sorted({word for word in looked_up.values()})
    found = _scored_postings(looked_up, words, stems)
    if found is None:
        return outcome
    ids, scores, every = found
    if filters:
        ids, scores, every = _filtered(ids, scores, every, filters)
    outcome.every_word = bool(every.any()) or not len(ids)
    if every.any():
        ids, scores = ids[every], scores[every]
    published_ids, published_times = memoised("published articles", _published_articles)
    times = published_times[np.searchsorted(published_ids, ids)]
    keys = (ids, times) if order == "date" else (ids, times, scores)
    outcome.ids = ids[np.lexsort(keys)[::-1]].tolist()
    return outcome


def _scored_postings(looked_up, words, stems):
    """(article ids, BM25 scores, whether each has every word of its language) of the published
    articles with any of the `looked_up` stems, or None when none has any.

    Each stem's postings come from their own index in one query and are scored in arrays: a
    common name has some 10,000 postings in a 50,000-article archive."""
    published_ids, _times = memoised("published articles", _published_articles)
    counts, average_length = _collection(tuple(sorted(stems)))
    word_number = {word: number for number, word in enumerate(words)}
    pieces = []
    for (language, stem), word in looked_up.items():
        rows = _postings_of(language, stem)
        if not len(rows) or language not in counts:
            continue
        idf = float(bm25.idf(len(rows), counts[language]))  # stale rows counted too
        ids = rows[:, 0].astype(np.int64)
        published = _among(ids, published_ids)
        ids, weight, length = ids[published], rows[published, 1], rows[published, 2]
        score = idf * weight * (K1 + 1) / (weight + K1 * (1 - B + B * length / average_length[language]))
        pieces.append((ids, score, word_number[word], len(stems[language])))
    if not pieces:
        return None
    all_ids = np.concatenate([piece[0] for piece in pieces])
    if not len(all_ids):
        return None
    ids, inverse = np.unique(all_ids, return_inverse=True)
    scores = np.bincount(inverse, weights=np.concatenate([piece[1] for piece in pieces]), minlength=len(ids))
    word_of = np.concatenate([np.full(len(piece[0]), piece[2]) for piece in pieces])
    needed = np.zeros(len(ids), dtype=np.int64)
    needed[inverse] = np.concatenate([np.full(len(piece[0]), piece[3]) for piece in pieces])
    distinct = np.unique(inverse * len(words) + word_of)
    found_words = np.bincount(distinct // len(words), minlength=len(ids))
    return ids, scores, found_words == needed


def _postings_of(language, stem):
    """(article id, weight, document length) rows of one stem, as a float array; the statement holds
    the model's quoted names and placeholders only (nosec as in `index._forget`)."""
    table = connection.ops.quote_name(Posting._meta.db_table)
    with connection.cursor() as cursor:
        cursor.execute(
            f"SELECT article_id, weight, document_length FROM {table} WHERE language = %s AND stem = %s",  # nosec B608
            [language, stem],
        )
        return np.array(cursor.fetchall(), dtype=np.float64).reshape(-1, 3)


def _among(ids, sorted_ids):
    """Which of `ids` are in the sorted array `sorted_ids`."""
    if not len(sorted_ids):
        return np.zeros(len(ids), dtype=bool)
    places = np.minimum(np.searchsorted(sorted_ids, ids), len(sorted_ids) - 1)
    return sorted_ids[places] == ids


def _filtered(ids, scores, every, filters):
    """Only the found articles that the reader's filters allow. Few are checked by their ids; more
    against every article the filters allow, read in one query: a common name's 10,000 ids in
    batches took 100-400 ms on PostgreSQL, the 10,000 articles of a trend 11 ms."""
    allowed = ArticlePage.objects.filter(filters).order_by()
    if len(ids) <= FILTER_BY_IDS:
        allowed = allowed.filter(pk__in=ids.tolist())
    keep = np.isin(ids, np.fromiter(allowed.values_list("pk", flat=True), dtype=np.int64))
    return ids[keep], scores[keep], every[keep]


def _published_articles():
    """The published articles' ids (sorted) and publication times (seconds), once per content version."""
    rows = sorted(published_articles().order_by().values_list("pk", "published_at"))
    ids = np.array([pk for pk, _moment in rows], dtype=np.int64)
    times = np.array([moment.timestamp() for _pk, moment in rows], dtype=np.float64)
    return ids, times


def _collection(languages):
    """Indexed articles and their average length per language, once per content version."""

    def read():
        per_language = (
            SearchDocument.objects.filter(language__in=languages)
            .values("language")
            .annotate(count=Count("pk"), average=Avg("length"))
        )
        counts = {row["language"]: row["count"] for row in per_language}
        average_length = {row["language"]: row["average"] or 1.0 for row in per_language}
        return counts, average_length

    return memoised(("search collection", languages), read)


def forgiven(stems):
    """The query's stems with those that no article has forgiven, in every searched language:
    a stem that begins known ones (at least MIN_PREFIX letters) stands for them, and any other
    is replaced by the most used known stem within a typo or two of it (same first two letters).

    Returns (stems, completions: {(language, known stem): query stem}, corrections: {query stem:
    known stem}).
    """
    searched = [language for language, words in stems.items() if words]
    words = {word for language in searched for word in stems[language]}
    known = set(SearchTerm.objects.filter(language__in=searched, stem__in=words).values_list("stem", flat=True))
    completions, corrections = {}, {}
    stems = {language: list(words) for language, words in stems.items()}
    for word in sorted(words - known):
        for language in searched:
            if word not in stems[language]:
                continue
            begun = _completions(language, word)
            if begun:
                completions.update(((language, stem), word) for stem in begun)
                continue
            correction = _correction(language, word)
            if correction:
                stems[language] = [correction if stem == word else stem for stem in stems[language]]
                corrections[word] = correction
    return stems, completions, corrections


def _starting_with(language, prefix):
    """Vocabulary rows of `language` whose stem starts with `prefix`: a range the unique index on
    (language, stem) serves, checked by the prefix itself as well."""
    following = prefix[:-1] + chr(ord(prefix[-1]) + 1)
    return SearchTerm.objects.filter(language=language, stem__gte=prefix, stem__lt=following, stem__startswith=prefix)


def _completions(language, prefix):
    if len(prefix) < MIN_PREFIX:
        return []
    return list(_starting_with(language, prefix).order_by("-documents", "stem").values_list("stem", flat=True)[:MAX_COMPLETIONS])


def _correction(language, word):
    if len(word) < MIN_PREFIX:
        return None
    most = 1 if len(word) <= 5 else 2
    candidates = (
        _starting_with(language, word[:2])
        .annotate(letters=Length("stem"))
        .filter(letters__gte=len(word) - most, letters__lte=len(word) + most)
        .values_list("stem", "documents")
    )
    best = None
    for stem, documents in candidates:
        distance = typo_distance(word, stem, most)
        if distance <= most and (best is None or (distance, -documents, stem) < best):
            best = (distance, -documents, stem)
    return best[2] if best else None


def typo_distance(a, b, most):
    """Letters to insert, delete, change or swap with a neighbour to turn `a` into `b` (the optimal
    string alignment distance), or `most` + 1 as soon as it must exceed `most`."""
    if abs(len(a) - len(b)) > most:
        return most + 1
    before, row = None, list(range(len(b) + 1))
    for i in range(1, len(a) + 1):
        current = [i] + [0] * len(b)
        for j in range(1, len(b) + 1):
            cost = a[i - 1] != b[j - 1]
            current[j] = min(row[j] + 1, current[j - 1] + 1, row[j - 1] + cost)
            if i > 1 and j > 1 and a[i - 1] == b[j - 2] and a[i - 2] == b[j - 1]:
                current[j] = min(current[j], before[j - 2] + 1)
        if min(current) > most:
            return most + 1
        before, row = row, current
    return row[-1]


def _other_spellings(text, stems):
    """(language, stem of another spelling) -> the query stem it stands for, from QUERY_EXPANSIONS."""
    counts_as = {}
    for expand in QUERY_EXPANSIONS:
        for language, words in stems.items():
            for word, spellings in expand(text, language).items():
                query_stem = next(iter(terms(word, language)), None)
                if query_stem not in words:
                    continue
                for spelling in spellings:
                    for stem in terms(spelling, language):
                        if stem not in words:
                            counts_as.setdefault((language, stem), query_stem)
    return counts_as
