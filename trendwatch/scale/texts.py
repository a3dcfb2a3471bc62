"""Commentary-like sentences in English, Russian and Belarusian for generated archives.

A word chain (the next word chosen by the two before it) learned from the demo archive gives the
sentences their shape; many of their content words are then swapped for words of the article's
theme and trend, or for rarer words made from the language's own word pieces, so that a large
archive has a vocabulary of realistic size (a long tail, not the demo's few thousand words) and
articles on one theme share words the way real ones do. Names are slots that the article's cast
fills. Plain Python, no Django.
"""

import itertools
import json
import re
from collections import Counter, defaultdict
from pathlib import Path

from trendwatch.similar.text import NAME_WORD

DEMO_WEEKS = Path(__file__).resolve().parents[1] / "publishing" / "demo_archive" / "weeks"

_SENTENCE_END = re.compile(r"(?<=[.!?])\s+(?=[A-ZА-ЯЁІЎ«\"“])")
# A word as names read it, a number, or a punctuation mark.
_TOKEN = re.compile(rf"{NAME_WORD}|\d+(?:[.,]\d+)?%?|[^\w\s]")
NAME = "\x00NAME"  # a slot for one of the article's names
START, END = "\x00START", "\x00END"
# Content words: long enough to carry meaning; function words are the language's most frequent.
CONTENT_MIN_LETTERS = 5
FUNCTION_WORDS_PER_LANGUAGE = 150


def demo_sentences():
    """{language: [sentence, ...]} of the demo archive's titles, leads and bodies."""
    sentences = defaultdict(list)
    for week_file in sorted(DEMO_WEEKS.glob("*.json")):
        for article in json.loads(week_file.read_text(encoding="utf-8"))["articles"]:
            for language, version in article["versions"].items():
                for paragraph in [version["lead"], *version["body"]]:
                    sentences[language].extend(_SENTENCE_END.split(paragraph.strip()))
    return sentences


def _capitalised(token):
    return token[:1].isupper() and token[1:2].islower()


def _tokens(sentence, names):
    """The sentence's words and marks, its runs of names collapsed to one slot.

    names: words seen capitalised inside sentences; such a word opening a sentence is a name too.
    """
    tokens = []
    for position, token in enumerate(_TOKEN.findall(sentence)):
        if _capitalised(token) and (position > 0 or token in names):
            if tokens and tokens[-1] == NAME:
                continue
            token = NAME
        tokens.append(token)
    return tokens


class Language:
    """The word chain and vocabularies of one language.

    rng: the generator's random source; theme_count: how many themes (story lines) the archive
    has, each with its own words; tail_size: how many rarer words to make.
    """

    def __init__(self, code, sentences, rng, theme_count, tail_size):
        self.code = code
        self.chain = defaultdict(list)
        counts = Counter()
        names = {token for sentence in sentences for token in _TOKEN.findall(sentence)[1:] if _capitalised(token)}
        for sentence in sentences:
            tokens = [START, START, *_tokens(sentence, names), END]
            counts.update(token.lower() for token in tokens if token.isalpha())
            for first, second, following in zip(tokens, tokens[1:], tokens[2:]):
                self.chain[first, second].append(following)
        frequent = {word for word, _count in counts.most_common(FUNCTION_WORDS_PER_LANGUAGE)}
        self.content = sorted(word for word in counts if len(word) >= CONTENT_MIN_LETTERS and word not in frequent)
        self.is_content = set(self.content)
        self.tail = _made_words(self.content, rng, tail_size)
        # Zipf-like weights: the tail's first words are common, its last ones rare.
        self.tail_cumulative = list(itertools.accumulate(1.0 / (rank + 10) for rank in range(len(self.tail))))
        self.themes = [rng.sample(self.tail[: tail_size // 4], 8) for _ in range(theme_count)]

    def sentence(self, rng, theme, trend_words, names, swap_share=0.35):
        """One sentence: the chain's words, some content words swapped, name slots filled."""
        first, second, words = START, START, []
        while len(words) < 60:
            following = rng.choice(self.chain[first, second])
            if following == END:
                break
            words.append(following)
            first, second = second, following
        out = []
        for word in words:
            if word == NAME:
                word = names(rng)
            elif word.lower() in self.is_content and rng.random() < swap_share:
                word = self._swap(rng, theme, trend_words)
            out.append(word)
        return _joined(out)

    def _swap(self, rng, theme, trend_words):
        roll = rng.random()
        if roll < 0.4:
            return rng.choice(self.themes[theme])
        if roll < 0.7:
            return rng.choice(trend_words)
        return rng.choices(self.tail, cum_weights=self.tail_cumulative)[0]


def _made_words(words, rng, count):
    """`count` new words, each the start of one known word and the end of another."""
    starts = sorted({word[: rng.randint(3, 5)] for word in words})
    ends = sorted({word[-rng.randint(2, 4) :] for word in words})
    made, known = [], set(words)
    while len(made) < count:
        word = rng.choice(starts) + rng.choice(ends)
        if word not in known:
            known.add(word)
            made.append(word)
    return made


def _joined(tokens):
    text = ""
    for token in tokens:
        if text and (token[:1].isalnum() or token[:1] in "«(\"“") and not text.endswith(("«", "(", "“")):
            text += " "
        text += token
    return text[:1].upper() + text[1:]
