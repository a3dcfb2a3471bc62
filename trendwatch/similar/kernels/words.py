"""The compiled word finder: the words of texts, as numbers of known words."""

from __future__ import annotations

import numpy as np

from .jit import compiled

_APOSTROPHE = 39
# text.OTHER_APOSTROPHES as code points, read as "'" wherever they are; a copy, since numba takes
# globals as constants when it compiles (tests/similar/test_kernels.py holds the two together).
_OTHER_APOSTROPHES = (0x2019, 0x02BC, 0x60, 0x2018)
_SENTENCE_ENDS = (46, 33, 63, 0x2026, 10)  # . ! ? … and a line break
# A slot of the table of known words: the word's hash, number, first code point in
# ``chars``, and length * 2**32 + language; one look-up reads one slot and the letters.
_HASH, _WORD, _START, _SHAPE = 0, 1, 2, 3


@compiled
def _plain(code):
    for apostrophe in _OTHER_APOSTROPHES:
        if code == apostrophe:
            return _APOSTROPHE
    return code


@compiled
def _word_hash(codes, begin, end, language):
    hashed = np.uint64(14695981039346656037) ^ np.uint64(language)
    for place in range(begin, end):
        hashed = (hashed ^ np.uint64(_plain(codes[place]))) * np.uint64(1099511628211)
    return hashed


@compiled
def _find_word(codes, begin, end, language, hashed, slots, chars):
    """The number of the known word ``codes[begin:end]`` of ``language`` (hash ``hashed``), or -1."""
    mask = np.uint64(len(slots) - 1)
    key, shape = np.int64(hashed), ((end - begin) << 32) + language
    slot = hashed & mask
    while True:
        if slots[slot, _WORD] < 0:
            return -1
        if slots[slot, _HASH] == key and slots[slot, _SHAPE] == shape:
            first = slots[slot, _START]
            same = True
            for offset in range(end - begin):
                if chars[first + offset] != _plain(codes[begin + offset]):
                    same = False
                    break
            if same:
                return slots[slot, _WORD]
        slot = (slot + np.uint64(1)) & mask


@compiled
def _probe(begin, end, language, hashed, slots):
    """The number and first letter in ``chars`` of the first known word with the hash, length
    and language of ``codes[begin:end]``, or (-1, 0); its letters are not compared."""
    mask = np.uint64(len(slots) - 1)
    key, shape = np.int64(hashed), ((end - begin) << 32) + language
    slot = hashed & mask
    while slots[slot, _WORD] >= 0:
        if slots[slot, _HASH] == key and slots[slot, _SHAPE] == shape:
            return slots[slot, _WORD], slots[slot, _START]
        slot = (slot + np.uint64(1)) & mask
    return -1, 0


@compiled
def _same_letters(codes, begin, end, chars, first):
    """Whether ``codes[begin:end]`` is spelt as ``chars[first:first + end - begin]``."""
    differ = 0
    for offset in range(end - begin):
        differ |= chars[first + offset] ^ _plain(codes[begin + offset])
    return differ == 0


@compiled
def index_words(slots, chars, starts, languages, first, last):
    """Enter the words numbered ``first`` to ``last - 1`` (letters ``chars[starts[w]:starts[w + 1]]``)
    into the open-addressing table ``slots``."""
    mask = np.uint64(len(slots) - 1)
    for word in range(first, last):
        hashed = _word_hash(chars, starts[word], starts[word + 1], languages[word])
        slot = hashed & mask
        while slots[slot, _WORD] >= 0:
            slot = (slot + np.uint64(1)) & mask
        slots[slot, _HASH] = np.int64(hashed)
        slots[slot, _WORD] = word
        slots[slot, _START] = starts[word]
        slots[slot, _SHAPE] = ((starts[word + 1] - starts[word]) << 32) + languages[word]


@compiled
def word_numbers(codes, field_bounds, field_languages, word_character, slots, chars):
    """The words of each field ``codes[field_bounds[f]:field_bounds[f + 1]]`` (code points) in
    order, as ``text.words`` finds them (after markup is stripped): a run of word
    characters, with inner apostrophes of any kind, or a sentence end. Per word: its
    number among the known words of the field's language (0 for a sentence end, -1 for a
    word not known yet) and where it is in ``codes``: ``(numbers, word starts, word ends,
    words per field)``."""
    hashes = np.empty(len(codes), np.uint64)
    languages = np.empty(len(codes), np.int64)  # -1 for a sentence end
    word_starts = np.empty(len(codes), np.int64)
    word_ends = np.empty(len(codes), np.int64)
    field_counts = np.zeros(len(field_bounds) - 1, np.int64)
    size = 0
    for field in range(len(field_bounds) - 1):
        place, end = field_bounds[field], field_bounds[field + 1]
        language = field_languages[field]
        first_word = size
        while place < end:
            code = codes[place]
            if word_character[code]:
                begin = place
                place += 1
                while True:
                    while place < end and word_character[codes[place]]:
                        place += 1
                    if place + 1 < end and _plain(codes[place]) == _APOSTROPHE and word_character[codes[place + 1]]:
                        place += 2
                        continue
                    break
                hashes[size] = _word_hash(codes, begin, place, language)
                languages[size] = language
                word_starts[size], word_ends[size] = begin, place
                size += 1
                continue
            for sentence_end in _SENTENCE_ENDS:
                if code == sentence_end:
                    languages[size] = -1
                    word_starts[size], word_ends[size] = place, place
                    size += 1
                    break
            place += 1
        field_counts[field] = size - first_word
    # Looked up after the scan, in loops of their own, so that the table reads of many
    # words are in flight at once: first by hash, length and language, then the letters of
    # each word found are compared (reading them in the first loop stalled it on every word).
    numbers = np.zeros(size, np.int64)
    letters = np.zeros(size, np.int64)
    for word in range(size):
        if languages[word] >= 0:
            numbers[word], letters[word] = _probe(word_starts[word], word_ends[word], languages[word], hashes[word],
                                                  slots)
    for word in range(size):
        if numbers[word] > 0 and not _same_letters(codes, word_starts[word], word_ends[word], chars, letters[word]):
            # Another word of the same hash, length and language.
            numbers[word] = _find_word(codes, word_starts[word], word_ends[word], languages[word], hashes[word],
                                       slots, chars)
    return numbers, word_starts[:size].copy(), word_ends[:size].copy(), field_counts
