"""Showing readers why an article matched: its headline and best passage with the words marked.

Marking works on plain text (markup stripped, entities decoded) and builds its output with
format_html only, which escapes every piece of text it is given: a <mark> never lands inside a tag
and nothing from the article or the query reaches the page unescaped.
"""

import re
from bisect import bisect_left
from functools import lru_cache
from itertools import islice

from django.utils.html import format_html, format_html_join

from trendwatch.similar.text import WORD, stem, strip_html

# Words as the engine's tokeniser sees them.
_WORD = re.compile(WORD)


@lru_cache(maxsize=100_000)
def _stem(word, language):
    # Result pages stem the same common words again and again.
    return stem(word, language)


def _words(text, stems, language):
    """(start, end, stem or None) for every word of `text`; the stem only when it is searched for."""
    return [
        (match.start(), match.end(), found if (found := _stem(match.group(), language)) in stems else None)
        for match in _WORD.finditer(text)
    ]


def _marked(text, words):
    pieces, position = [], 0
    for start, end, found in words:
        if found is None:
            continue
        pieces.append(format_html("{}<mark>{}</mark>", text[position:start], text[start:end]))
        position = end
    pieces.append(format_html("{}", text[position:]))
    return format_html_join("", "{}", ((piece,) for piece in pieces))


def highlighted(text, stems, language):
    """`text` (plain), HTML-escaped, with every word whose stem is in `stems` inside <mark>."""
    return _marked(text, _words(text, set(stems), language))


def passage(html, stems, language, length=40, lead_in=8):
    """The stretch of `html`'s text with the most searched-for words, escaped and marked.

    `length` (default 40) is the passage's length in words; it starts `lead_in` (default 8) words
    before its first match so the match is read in context. Without a match, the text's opening.
    Cut ends are shown with "…".
    """
    text = " ".join(strip_html(html).split())
    words = _WORD.findall(text)
    if not words:
        return ""
    # Each distinct word is stemmed once, and only the words of the passage shown are located in
    # the text: stemming every word of twenty bodies took a fifth of a result page's time.
    stems = set(stems)
    searched = {word: found for word in set(words) if (found := _stem(word, language)) in stems}
    hits = [position for position, word in enumerate(words) if word in searched]
    best_start, best_rank = 0, (0, 0)
    for hit in hits:
        start = max(0, hit - lead_in)
        window = [searched[words[position]] for position in hits[bisect_left(hits, start) : bisect_left(hits, start + length)]]
        rank = (len(set(window)), len(window))
        if rank > best_rank:
            best_start, best_rank = start, rank
    shown = [(match.start(), match.end(), searched.get(match.group()))
             for match in islice(_WORD.finditer(text), best_start, best_start + length)]
    # A passage that reaches either end of the text keeps its punctuation there.
    first_char = shown[0][0] if best_start > 0 else 0
    last_char = shown[-1][1] if best_start + length < len(words) else len(text)
    cut = text[first_char:last_char]
    body = _marked(cut, [(start - first_char, end - first_char, found) for start, end, found in shown])
    return format_html("{}{}{}", "… " if best_start > 0 else "", body, " …" if last_char < len(text) else "")
