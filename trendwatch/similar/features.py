"""From a ``Document`` to the counts the signals are computed from: field-weighted terms and names."""

from __future__ import annotations

import itertools
import math
from collections import Counter
from collections.abc import Iterable
from dataclasses import dataclass
from functools import lru_cache

import numpy as np

from . import counting, kernels
from .config import Config
from .document import Document
from .text import OTHER_APOSTROPHES, base_language, plain_apostrophes, scan_counts, strip_html, terms_of

# Words of a text as ``scan_counts`` gives them: (surface, term, sentence_start) -> count.
Counted = dict[tuple[str, str, bool], int]

ENTITY_PREFIX = "entity:"

# A title with at least this share of capitalised words is in Title Case, where
# capitals say nothing about names.
_TITLE_CASE_SHARE = 0.6


@dataclass(slots=True)
class DocumentFeatures:
    """Term and name counts of one document, with the form to show for each.

    ``terms`` maps a stem to its field-weighted frequency (a title word counts
    ``title_boost`` times), ``length`` is the sum of those frequencies, ``names`` maps a
    name key (a stem, or ``"entity:" + id``) to its weight before idf: ``1 + ln(count)``
    for a name, ``entity_boost`` for an entity id.
    """

    terms: dict[str, float]
    term_surfaces: dict[str, str]
    length: float
    names: dict[str, float]
    name_surfaces: dict[str, str]


def _display_form(surface: str, sentence_start: bool, language: str) -> tuple[str, bool]:
    """How to show a word, and whether its capitalisation can be trusted (mid-sentence)."""
    if language == "en" and surface.endswith("'s"):
        surface = surface[:-2]
    if sentence_start and not surface.isupper():
        return surface.lower(), False
    return surface, True


def _is_title_case(title: Counted) -> bool:
    words = capitalised = 0
    for (surface, term, _), count in title.items():
        if not term.isdigit():
            words += count
            capitalised += count * surface[0].isupper()
    return bool(words) and capitalised >= _TITLE_CASE_SHARE * words


def _names(fields: list[Counted], language: str) -> Counter[tuple[str, str]]:
    """Capitalised words that are names: not opening a sentence, or also capitalised mid-sentence."""
    mid_sentence = {
        term
        for words in fields
        for surface, term, start in words
        if not start and surface[0].isupper() and not term.isdigit()
    }
    possessive = language == "en"
    names: Counter[tuple[str, str]] = Counter()
    for words in fields:
        for (surface, term, _), count in words.items():
            if term in mid_sentence and surface[0].isupper():
                names[term, surface[:-2] if possessive and surface.endswith("'s") else surface] += count
    return names


def _most_common_forms(forms: Counter[tuple]) -> dict[str, str]:
    """Per key, the form seen most often, preferring forms written mid-sentence.

    ``forms`` counts ``(key, form, trusted)`` triples.
    """
    best: dict[str, tuple[bool, int, str]] = {}
    for (key, form, trusted), count in forms.items():
        candidate = (trusted, count, form)
        if key not in best or candidate > best[key]:
            best[key] = candidate
    return {key: form for key, (_, _, form) in best.items()}


# Words, keys and forms the shared counter of ``document_features`` remembers before it starts over.
_SHARED_COUNTER_SIZE = 1_000_000
_shared_counter: "FeatureCounter | None" = None


def shared_counter() -> "FeatureCounter":
    """A counter kept between calls (the words of one document after another recur); a
    new one once it remembers too much."""
    global _shared_counter
    if _shared_counter is None or _shared_counter.size > _SHARED_COUNTER_SIZE:
        _shared_counter = FeatureCounter()
    return _shared_counter


def adopt_counter(counter: "FeatureCounter") -> None:
    """Keep ``counter`` (one that has counted an archive) as the shared counter."""
    global _shared_counter
    if counter.size <= _SHARED_COUNTER_SIZE:
        _shared_counter = counter


def document_features(document: Document, config: Config) -> DocumentFeatures:
    """Count the terms and names of ``document`` as the lexical and names signals see them."""
    counter = shared_counter()
    return counter.features(counter.count([document], config), 0)


def reference_features(document: Document, config: Config) -> DocumentFeatures:
    """``document_features`` written plainly, one word at a time: the definition the
    counter follows, kept to test it against."""
    language = base_language(document.language)
    title, lead, body = (scan_counts(text, language) for text in (document.title, document.lead, document.body))
    terms: dict[str, float] = {}
    for words, boost in ((body, 1), (title, config.title_boost), (lead, config.lead_boost)):
        for (_, term, _), count in words.items():
            terms[term] = terms.get(term, 0) + count * boost
    # Each distinct word is put in display form once (``_display_form``, written out).
    term_forms: dict[tuple[str, str, bool], int] = {}
    possessive = language == "en"
    for words in (title, lead, body):
        for (surface, term, start), count in words.items():
            if possessive and surface.endswith("'s"):
                surface = surface[:-2]
            key = (term, surface.lower(), False) if start and not surface.isupper() else (term, surface, True)
            term_forms[key] = term_forms.get(key, 0) + count

    text_fields = [lead, body]
    if not (lead or body) or not _is_title_case(title):
        text_fields.insert(0, title)
    name_forms = _names(text_fields, language)
    counts: Counter[str] = Counter()
    for (key, _), count in name_forms.items():
        counts[key] += count
    # Sub-linear in the count: a name mentioned ten times is not ten times as telling.
    names = {key: 1.0 + math.log(count) for key, count in counts.items()}
    name_surfaces = Counter({(key, form, True): count for (key, form), count in name_forms.items()})
    for entity in document.entities:
        key = ENTITY_PREFIX + entity
        names[key] = config.entity_boost
        name_surfaces[key, entity, True] = 1

    return DocumentFeatures(
        terms=dict(terms),
        term_surfaces=_most_common_forms(term_forms),
        length=float(sum(terms.values())),
        names=names,
        name_surfaces=_most_common_forms(name_surfaces),
    )


# -- counting many documents at once ----------------------------------------------------------


def number_strings(strings: Iterable[str], numbers: dict[str, int], listed: list[str]) -> list[int]:
    """The numbers of ``strings`` in ``numbers``; new ones are numbered in order of first sight
    and appended to ``listed`` (the strings by number)."""
    known = len(numbers)
    found = [numbers.setdefault(string, len(numbers)) for string in strings]
    if len(numbers) > known:
        # The new strings are the last ones in the dict, in the order they were numbered.
        listed.extend(reversed(list(itertools.islice(reversed(numbers), len(numbers) - known))))
    return found


class Growing:
    """A numpy array that grows at its end: appended values wait in a list until the
    array is read, so that appending one value costs no numpy call."""

    def __init__(self, dtype) -> None:
        self._data = np.zeros(16, dtype=dtype)
        self._flushed = 0
        self._pending: list = []

    @property
    def size(self) -> int:
        return self._flushed + len(self._pending)

    def append(self, value) -> None:
        self._pending.append(value)

    def extend(self, values) -> None:
        self._pending.extend(values)

    @property
    def array(self) -> np.ndarray:
        if self._pending:
            end = self.size
            if end > len(self._data):
                grown = np.zeros(max(end, 2 * len(self._data)), dtype=self._data.dtype)
                grown[: self._flushed] = self._data[: self._flushed]
                self._data = grown
            self._data[self._flushed : end] = self._pending
            self._flushed, self._pending = end, []
        return self._data[: self._flushed]


@lru_cache(maxsize=None)
def word_characters() -> np.ndarray:
    """Per code point, whether it can be part of a word (``str.isalnum``, as the pattern of
    ``text.words`` reads ``[^\\W_]``). Apostrophes are not, though "ʼ" (U+02BC, the
    Belarusian one) is a letter to ``isalnum``: ``text.words`` makes every apostrophe plain
    first, so one joins two runs of letters and is dropped at a word's edge."""
    characters = np.strings.isalnum(np.arange(0x110000, dtype=np.uint32).view("U1"))
    characters[[ord(apostrophe) for apostrophe in OTHER_APOSTROPHES]] = False
    return characters


def _with_room(array: np.ndarray, size: int, fill=0) -> np.ndarray:
    """``array``, or a copy twice as long (at least ``size``) when it is shorter than ``size``."""
    if size <= len(array):
        return array
    grown = np.full(max(size, 2 * len(array)), fill, dtype=array.dtype)
    grown[: len(array)] = array
    return grown


class _WordIndex:
    """The words a counter knows, by language and spelling, in arrays that the compiled
    word finder (``kernels.word_numbers``) looks them up in: their code points one after
    another and an open-addressing table of their numbers. Words are numbered as the
    counter numbers them; number 0, the sentence end, has no letters and no language."""

    def __init__(self) -> None:
        self.language_numbers: dict[str, int] = {}
        self.count = 1
        self.chars = np.zeros(1 << 14, dtype=np.uint32)
        self.starts = np.zeros(1 << 12, dtype=np.int64)
        self.languages = np.full(1 << 12, -1, dtype=np.int32)
        self.slots = np.full((1 << 13, 4), -1, dtype=np.int64)

    def language_number(self, language: str) -> int:
        return self.language_numbers.setdefault(language, len(self.language_numbers))

    def add(self, words: list[tuple[str, str]]) -> None:
        """Number the new words ``(language, surface)`` after the words known so far."""
        if not words:
            return
        surfaces = [surface for _, surface in words]
        codes = np.frombuffer("".join(surfaces).encode("utf-32-le", "surrogatepass"), dtype=np.uint32)
        first, last = self.count, self.count + len(words)
        begin = int(self.starts[first])
        self.chars = _with_room(self.chars, begin + len(codes))
        self.starts = _with_room(self.starts, last + 1)
        self.languages = _with_room(self.languages, last, fill=-1)
        self.chars[begin : begin + len(codes)] = codes
        self.starts[first + 1 : last + 1] = begin + np.cumsum([len(surface) for surface in surfaces])
        self.languages[first:last] = [self.language_number(language) for language, _ in words]
        self.count = last
        # At most half full, so that a look-up finds an empty slot soon.
        if 2 * last > len(self.slots):
            self.slots = np.full((1 << (2 * last).bit_length(), 4), -1, dtype=np.int64)
            first = 1
        kernels.index_words(self.slots, self.chars, self.starts, self.languages, first, last)


@dataclass(slots=True)
class CountedDocuments:
    """The features of consecutive documents as flat arrays, with keys (terms, names) and
    display forms numbered by the ``FeatureCounter`` that counted them. A batch lists only
    the keys and forms new to that counter, in order of first sight, so each is sent and
    numbered once; far cheaper to pass between processes than ``DocumentFeatures``.

    Per document ``d``, its terms are entries ``term_offsets[d]:term_offsets[d + 1]`` of the
    ``term_*`` arrays, in the order of ``DocumentFeatures.terms``; likewise its names.
    ``*_labels`` number the display forms.
    """

    process: int
    term_keys: list[str]
    name_keys: list[str]
    surfaces: list[str]
    lengths: np.ndarray
    term_offsets: np.ndarray
    term_local: np.ndarray
    term_frequencies: np.ndarray
    term_labels: np.ndarray
    name_offsets: np.ndarray
    name_local: np.ndarray
    name_weights: np.ndarray
    name_labels: np.ndarray


class FeatureCounter:
    """Counts documents as ``document_features`` does, a batch at a time, in compiled loops.

    Every distinct word of a language is learnt once per counter: its term (stem, or
    none for a stop word), capitalisation and display forms are kept in arrays indexed
    by a word number, which a compiled loop finds for each word of a batch; another
    (``counting.count_documents``) then groups each document's words by term, with no
    Python work per word. Keys and display forms are numbered in order of first sight
    (a document's terms in the order body, title, lead), as a sequential reading of the
    documents would number them.
    """

    def __init__(self, process: int = 0) -> None:
        self.process = process
        self.terms: dict[str, int] = {}
        self.term_list: list[str] = []
        self.names: dict[str, int] = {}
        self.name_list: list[str] = []
        self.forms: dict[str, int] = {}
        self.form_list: list[str] = []
        self._sent = (0, 0, 0)
        self._words = _WordIndex()
        # Per word number: its term (-1 for a stop word or a sentence end), whether it is
        # capitalised, whether its term is a number, and its display form as a code
        # ``2 * form + trusted`` written mid-sentence and at a sentence start.
        self._word_term = Growing(np.int64)
        self._word_capital = Growing(bool)
        self._word_digits = Growing(bool)
        self._word_form = (Growing(np.int64), Growing(np.int64))
        for column in (self._word_term, self._word_capital, self._word_digits, *self._word_form):
            column.append(-1 if column is self._word_term else 0)
        self._name_of_term = Growing(np.int64)
        self._log_weights = np.zeros(0)
        # The letters of the forms (code points one after another), for the compiled loop
        # to compare forms; and its room indexed by term, by display code and by word.
        self._form_chars = np.zeros(1 << 14, dtype=np.uint32)
        self._form_starts = np.zeros(1 << 12, dtype=np.int64)
        self._forms_spelt = 0
        self._group_of_term = np.full(0, -1, dtype=np.int64)
        self._code_counts = np.zeros(0, dtype=np.int64)
        self._key_counts = np.zeros(0, dtype=np.int64)

    @property
    def size(self) -> int:
        """Words, keys and forms remembered (a long-lived counter is replaced past a limit)."""
        return self._word_term.size + len(self.term_list) + len(self.form_list)

    # -- words ---------------------------------------------------------------------------

    def _form(self, form: str) -> int:
        return number_strings((form,), self.forms, self.form_list)[0]

    def _learn(self, words: list[tuple[str, str]]) -> None:
        """Number the new words ``(language, surface)`` (distinct, in order of first sight);
        their terms and forms are numbered in that order too."""
        places_by_language: dict[str, list[int]] = {}
        for place, (language, _) in enumerate(words):
            places_by_language.setdefault(language, []).append(place)
        terms_found: list[str | None] = [None] * len(words)
        for language, places in places_by_language.items():
            surfaces = [words[place][1] for place in places]
            for place, term in zip(places, terms_of(surfaces, language)):
                terms_found[place] = term
        self._words.add(words)
        # Stop words have no term, no capital and no forms.
        kept = [place for place, term in enumerate(terms_found) if term is not None]
        terms = [terms_found[place] for place in kept]
        surfaces = [words[place][1] for place in kept]
        shown = [surface[:-2] if words[place][0] == "en" and surface.endswith("'s") else surface
                 for place, surface in zip(kept, surfaces)]
        upper = [form.isupper() for form in shown]
        # Each word's forms as written, then lowercase (a sentence start) unless all capitals.
        forms = [variant for form, all_capitals in zip(shown, upper)
                 for variant in ((form,) if all_capitals else (form, form.lower()))]
        form_numbers = iter(number_strings(forms, self.forms, self.form_list))
        word_terms, capitals, digits = [-1] * len(words), [False] * len(words), [False] * len(words)
        mid_forms, start_forms = [0] * len(words), [0] * len(words)
        for place, term_id, surface, term, all_capitals in zip(
                kept, number_strings(terms, self.terms, self.term_list), surfaces, terms, upper):
            word_terms[place] = term_id
            capitals[place] = surface[:1].isupper()
            digits[place] = term.isdigit()
            mid_forms[place] = 2 * next(form_numbers) + 1
            start_forms[place] = mid_forms[place] if all_capitals else 2 * next(form_numbers)
        self._word_term.extend(word_terms)
        self._word_capital.extend(capitals)
        self._word_digits.extend(digits)
        self._word_form[0].extend(mid_forms)
        self._word_form[1].extend(start_forms)

    def count(self, documents: list[Document], config: Config) -> CountedDocuments:
        """The features of ``documents``, with the keys and forms new to this counter."""
        texts, languages = [], []
        for document in documents:
            languages.append(base_language(document.language))
            texts += (strip_html(document.body), strip_html(document.title), strip_html(document.lead))
        numbers, field_lengths = self._word_numbers(texts, languages)
        return self._counted(documents, numbers, field_lengths.reshape(-1, 3), config)

    def _word_numbers(self, texts: list[str], languages: list[str]) -> tuple[np.ndarray, np.ndarray]:
        """Word numbers of ``texts`` (markup stripped; three per document: body, title, lead,
        of the document's language) one after another, and the number of words of each
        text. Words are found and looked up by a compiled loop; only words new to this
        counter are learnt here, in order of first sight."""
        joined = "".join(texts)
        codes = np.frombuffer(joined.encode("utf-32-le", "surrogatepass"), dtype=np.uint32)
        bounds = np.concatenate(([0], np.cumsum([len(text) for text in texts])))
        words = self._words
        numbers, starts, ends, field_lengths = kernels.word_numbers(
            codes, bounds, np.repeat([words.language_number(language) for language in languages], 3),
            word_characters(), words.slots, words.chars,
        )
        unknown = np.flatnonzero(numbers < 0)
        if len(unknown):
            document_of = np.repeat(np.arange(len(languages)), field_lengths.reshape(-1, 3).sum(axis=1))[unknown]
            surfaces = [joined[start:end] for start, end in zip(starts[unknown].tolist(), ends[unknown].tolist())]
            # Apostrophes made plain in one pass (words hold no line breaks).
            surfaces = plain_apostrophes("\n".join(surfaces)).split("\n")
            found = [(languages[document], surface) for document, surface in zip(document_of.tolist(), surfaces)]
            # The compiled finder knows every word learnt so far, so all of these are new.
            first = self._word_term.size
            new_words = {word: first + place for place, word in enumerate(dict.fromkeys(found))}
            self._learn(list(new_words))
            numbers[unknown] = [new_words[word] for word in found]
        return numbers, field_lengths

    def _counted(self, documents: list[Document], numbers: np.ndarray, field_lengths: np.ndarray,
                 config: Config) -> CountedDocuments:
        self._spell_new_forms()
        self._group_of_term = _with_room(self._group_of_term, len(self.term_list), fill=-1)
        self._code_counts = _with_room(self._code_counts, 2 * len(self.form_list))
        self._key_counts = _with_room(self._key_counts, 2 * self._word_term.size)
        (term_offsets, term_local, term_frequencies, term_labels, lengths,
         name_offsets, name_terms, occurrences, name_codes) = counting.count_documents(
            numbers, np.ascontiguousarray(field_lengths), self._word_term.array, self._word_capital.array,
            self._word_digits.array, self._word_form[0].array, self._word_form[1].array,
            np.array([1.0, config.title_boost, config.lead_boost]), _TITLE_CASE_SHARE,
            self._group_of_term, self._code_counts, self._key_counts, self._form_chars, self._form_starts,
        )
        name_docs = np.repeat(np.arange(len(documents)), np.diff(name_offsets))
        name_local, name_weights, name_labels, name_offsets = self._with_entities(
            documents, (name_docs, name_terms, occurrences, name_codes), config)
        known_terms, known_names, known_forms = self._sent
        self._sent = (len(self.term_list), len(self.name_list), len(self.form_list))
        # Numbers of keys and forms fit in 32 bits: a third less to send from a worker.
        return CountedDocuments(
            process=self.process,
            term_keys=self.term_list[known_terms:], name_keys=self.name_list[known_names:],
            surfaces=self.form_list[known_forms:],
            lengths=lengths, term_offsets=term_offsets, term_local=term_local.astype(np.int32),
            term_frequencies=term_frequencies, term_labels=term_labels.astype(np.int32),
            name_offsets=name_offsets, name_local=name_local.astype(np.int32), name_weights=name_weights,
            name_labels=name_labels.astype(np.int32),
        )

    def _spell_new_forms(self) -> None:
        """Add the letters of the forms numbered since the last batch to ``_form_chars``."""
        first, last = self._forms_spelt, len(self.form_list)
        if first == last:
            return
        new_forms = self.form_list[first:]
        codes = np.frombuffer("".join(new_forms).encode("utf-32-le", "surrogatepass"), dtype=np.uint32)
        begin = int(self._form_starts[first])
        self._form_chars = _with_room(self._form_chars, begin + len(codes))
        self._form_starts = _with_room(self._form_starts, last + 1)
        self._form_chars[begin : begin + len(codes)] = codes
        self._form_starts[first + 1 : last + 1] = begin + np.cumsum([len(form) for form in new_forms])
        self._forms_spelt = last

    def _name_weight(self, occurrences: np.ndarray) -> np.ndarray:
        """``1 + ln(occurrences)``, with the same rounding as ``math.log``."""
        if len(occurrences) and occurrences.max() >= len(self._log_weights):
            self._log_weights = np.array([1.0 + math.log(c) if c else 0.0 for c in range(2 * int(occurrences.max()) + 1)])
        return self._log_weights[occurrences]

    def _name_number(self, key: str) -> int:
        number = self.names.get(key)
        if number is None:
            number = self.names[key] = len(self.name_list)
            self.name_list.append(key)
        return number

    def _with_entities(self, documents: list[Document], names: tuple[np.ndarray, ...],
                       config: Config) -> tuple[np.ndarray, ...]:
        """Name entries (local key, weight, form label) and offsets, entity ids after each
        document's names; keys new to this counter are numbered in that order."""
        name_docs, name_terms, occurrences, best = names
        weights = self._name_weight(occurrences)
        forms = best >> 1
        if self._name_of_term.size < len(self.term_list):
            self._name_of_term.extend([-1] * (len(self.term_list) - self._name_of_term.size))
        name_of_term = self._name_of_term.array
        local = name_of_term[name_terms]
        entities = [document.entities for document in documents]
        if not any(entities):
            for position in np.flatnonzero(local < 0).tolist():
                term = int(name_terms[position])
                if name_of_term[term] < 0:
                    name_of_term[term] = self._name_number(self.term_list[term])
                local[position] = name_of_term[term]
            offsets = np.concatenate(([0], np.cumsum(np.bincount(name_docs, minlength=len(documents)))))
            return local.astype(np.int64), weights, forms.astype(np.int64), offsets.astype(np.int64)
        bounds = np.searchsorted(name_docs, np.arange(len(documents) + 1)).tolist()
        local_list, weight_list, form_list, offsets = [], [], [], [0]
        terms, weight_values, form_values = name_terms.tolist(), weights.tolist(), forms.tolist()
        for position, document_entities in enumerate(entities):
            keys: dict[int, tuple[float, int]] = {}
            for entry in range(bounds[position], bounds[position + 1]):
                term = terms[entry]
                if name_of_term[term] < 0:
                    name_of_term[term] = self._name_number(self.term_list[term])
                keys[int(name_of_term[term])] = (weight_values[entry], form_values[entry])
            for entity in document_entities:
                keys[self._name_number(ENTITY_PREFIX + entity)] = (config.entity_boost, self._form(entity))
            local_list += keys
            weight_list += (weight for weight, _ in keys.values())
            form_list += (form for _, form in keys.values())
            offsets.append(len(local_list))
        return (np.array(local_list, dtype=np.int64), np.array(weight_list, dtype=np.float64),
                np.array(form_list, dtype=np.int64), np.array(offsets, dtype=np.int64))

    def features(self, counted: CountedDocuments, position: int) -> DocumentFeatures:
        """``DocumentFeatures`` of document ``position`` of a batch this counter made."""
        t0, t1 = counted.term_offsets[position], counted.term_offsets[position + 1]
        n0, n1 = counted.name_offsets[position], counted.name_offsets[position + 1]
        terms = [self.term_list[t] for t in counted.term_local[t0:t1].tolist()]
        names = [self.name_list[n] for n in counted.name_local[n0:n1].tolist()]
        return DocumentFeatures(
            terms=dict(zip(terms, counted.term_frequencies[t0:t1].tolist())),
            term_surfaces={t: self.form_list[f] for t, f in zip(terms, counted.term_labels[t0:t1].tolist())},
            length=float(counted.lengths[position]),
            names=dict(zip(names, counted.name_weights[n0:n1].tolist())),
            name_surfaces={n: self.form_list[f] for n, f in zip(names, counted.name_labels[n0:n1].tolist())},
        )
