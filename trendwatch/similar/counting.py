"""Compiled loop of ``FeatureCounter``: from the word numbers of a batch to each document's
terms and names, one document at a time (numba; see ``kernels.jit`` for how it is compiled).

A document's words are few, so grouping them by term with a table indexed by term number,
and settling display forms with counts indexed by form, costs a pass or two over its words,
where sorting the words of a whole batch cost several passes over large arrays.
"""

from __future__ import annotations

import numpy as np

from .kernels.jit import compiled

_TITLE = 1  # fields are numbered body 0, title 1, lead 2
_END = 0  # the word number of a sentence end


@compiled
def _greater_form(form_chars, form_starts, one, other):
    """Whether form ``one`` comes after form ``other`` in string order (code point by code point)."""
    a, a_end = form_starts[one], form_starts[one + 1]
    b, b_end = form_starts[other], form_starts[other + 1]
    while a < a_end and b < b_end:
        if form_chars[a] != form_chars[b]:
            return form_chars[a] > form_chars[b]
        a += 1
        b += 1
    return a < a_end


@compiled
def _best_code(first_word, next_word, word_codes, counted, code_counts, form_chars, form_starts):
    """Of the words of one group (a list from ``first_word`` through ``next_word``; those with
    ``counted`` set), the display code seen most often, a trusted code (odd) before any
    untrusted one, a tie to the greatest form. ``code_counts`` is all zeros before and after."""
    word = first_word
    while word >= 0:
        if counted[word]:
            code_counts[word_codes[word]] += 1
        word = next_word[word]
    best, best_trusted, best_count = -1, -1, -1
    word = first_word
    while word >= 0:
        code = word_codes[word]
        count = code_counts[code]
        if counted[word] and count:
            code_counts[code] = 0
            trusted = code & 1
            if (trusted > best_trusted or (trusted == best_trusted and count > best_count)
                    or (trusted == best_trusted and count == best_count
                        and _greater_form(form_chars, form_starts, code >> 1, best >> 1))):
                best, best_trusted, best_count = code, trusted, count
        word = next_word[word]
    return best


@compiled
def _read_per_word(numbers, word_term, mid_codes, start_codes):
    """The term and display codes of each word of the batch, read in loops of their own, where
    many reads are in flight at once (in the loop over documents they waited one after another)."""
    number_terms = np.empty(len(numbers), np.int64)
    number_mid_codes = np.empty(len(numbers), np.int64)
    number_start_codes = np.empty(len(numbers), np.int64)
    for place in range(len(numbers)):
        number_terms[place] = word_term[numbers[place]]
    for place in range(len(numbers)):
        number_mid_codes[place] = mid_codes[numbers[place]]
        number_start_codes[place] = start_codes[numbers[place]]
    return number_terms, number_mid_codes, number_start_codes


@compiled
def _group_words(numbers, number_terms, number_mid_codes, number_start_codes, place, field_lengths, boosts,
                 group_of_term, key_counts, word_number, word_group, word_code, word_mid_code, word_start,
                 word_counted, next_word, group_term, first_word, last_word, group_frequency, key_words, named,
                 name_count, field_bounds):
    """Read the fields of one document, from ``place`` in the batch: keep its words that have a
    term, in text order, and group them by term (groups numbered in order of first sight, with
    their field-weighted frequencies). Returns ``(place after the document, kept words, groups)``."""
    kept = groups = 0
    for field in range(3):
        keys = 0
        opens_sentence = True  # the first word of a field opens a sentence
        for _ in range(field_lengths[field]):
            number = numbers[place]
            term = number_terms[place]
            mid_code, start_code = number_mid_codes[place], number_start_codes[place]
            place += 1
            start = opens_sentence
            opens_sentence = number == _END
            if term < 0:
                continue
            group = group_of_term[term]
            if group < 0:
                group = groups
                groups += 1
                group_of_term[term] = group
                group_term[group] = term
                first_word[group] = kept
                group_frequency[group] = 0.0
                named[group] = False
                name_count[group] = 0
            else:
                next_word[last_word[group]] = kept
            last_word[group] = kept
            next_word[kept] = -1
            key = 2 * number + start
            if key_counts[key] == 0:
                key_words[keys] = kept
                keys += 1
            key_counts[key] += 1
            word_number[kept] = number
            word_group[kept] = group
            word_start[kept] = start
            word_code[kept] = start_code if start else mid_code
            word_mid_code[kept] = mid_code
            word_counted[kept] = True
            kept += 1
        field_bounds[field + 1] = kept
        # Frequencies are summed as the definition sums them (field by field, a word's
        # count at a time), so that they round alike.
        for key_word in key_words[:keys]:
            key = 2 * word_number[key_word] + word_start[key_word]
            group_frequency[word_group[key_word]] += key_counts[key] * boosts[field]
            key_counts[key] = 0
    return place, kept, groups


@compiled
def _store_terms(groups, group_term, group_frequency, first_word, next_word, word_code, word_counted, code_counts,
                 form_chars, form_starts, terms, frequencies, term_forms, term_end):
    """Write the terms of one document's ``groups`` from ``term_end`` on, with their frequencies
    and best forms; returns the end of its terms and its length (its frequencies summed)."""
    length = 0.0
    for group in range(groups):
        frequency = group_frequency[group]
        terms[term_end] = group_term[group]
        frequencies[term_end] = frequency
        term_forms[term_end] = _best_code(first_word[group], next_word, word_code, word_counted, code_counts,
                                          form_chars, form_starts) >> 1
        term_end += 1
        length += frequency
    return term_end, length


@compiled
def _store_names(names, name_order, group_term, name_count, first_word, next_word, word_mid_code, word_counted,
                 code_counts, form_chars, form_starts, name_terms, occurrences, name_codes, name_end):
    """Write one document's ``names`` (groups, in ``name_order``) from ``name_end`` on, with their
    capitalised occurrences and best display codes; returns the end of its names."""
    for name in range(names):
        group = name_order[name]
        name_terms[name_end] = group_term[group]
        occurrences[name_end] = name_count[group]
        # A name is shown as written mid-sentence (a sentence start's form is lowercase).
        name_codes[name_end] = _best_code(first_word[group], next_word, word_mid_code, word_counted, code_counts,
                                          form_chars, form_starts)
        name_end += 1
    return name_end


@compiled
def _mark_names(kept, field_bounds, word_number, word_group, word_start, word_counted, word_capital, word_digits,
                title_case_share, named):
    """Mark the capitalised words that count (``word_counted``) and the groups that are names
    (``named``): terms capitalised somewhere mid-sentence, whose capitalised occurrences then
    all count. The title is read unless it is in Title Case and there is other text."""
    title_words = title_capitals = 0
    for kept_word in range(field_bounds[_TITLE], field_bounds[_TITLE + 1]):
        number = word_number[kept_word]
        if not word_digits[number]:
            title_words += 1
            title_capitals += word_capital[number]
    title_case = title_words > 0 and title_capitals >= title_case_share * title_words
    other_text = kept > field_bounds[_TITLE + 1] - field_bounds[_TITLE]
    read_title = not other_text or not title_case
    for kept_word in range(kept):
        number = word_number[kept_word]
        in_title = field_bounds[_TITLE] <= kept_word < field_bounds[_TITLE + 1]
        read = read_title or not in_title
        word_counted[kept_word] = read and word_capital[number]
        if word_counted[kept_word] and not word_start[kept_word] and not word_digits[number]:
            named[word_group[kept_word]] = True


@compiled
def _names_in_order(field_bounds, word_group, word_counted, named, name_count, name_order):
    """Count the capitalised occurrences of each name (``name_count``) and list the names in
    ``name_order`` in order of first sight reading title, lead, body; returns how many."""
    names = 0
    for field in (1, 2, 0):  # title, lead, body
        for kept_word in range(field_bounds[field], field_bounds[field + 1]):
            group = word_group[kept_word]
            if word_counted[kept_word] and named[group]:
                if name_count[group] == 0:
                    name_order[names] = group
                    names += 1
                name_count[group] += 1
    return names


@compiled
def count_documents(numbers, field_lengths, word_term, word_capital, word_digits, mid_codes, start_codes,
                    boosts, title_case_share, group_of_term, code_counts, key_counts, form_chars, form_starts):
    """Terms and names of each document of a batch, as ``FeatureCounter`` defines them.

    ``numbers``: the word numbers of the batch (per document: body, title, lead, with
    ``field_lengths[d]`` words each); ``word_*``: per word number, its term (-1 for none),
    whether it is capitalised, whether its term is a number, and its display codes
    (``2 * form + trusted``) mid-sentence and at a sentence start. ``group_of_term`` (all -1),
    ``code_counts`` and ``key_counts`` (all zeros) are room indexed by term, display code and
    ``2 * word number + sentence start``, left as found.

    Gives ``(term_offsets, terms, frequencies, term_forms, lengths, name_offsets, name_terms,
    occurrences, name_codes)``: per document, its terms in order of first sight with their
    field-weighted frequencies and best forms; its names (terms capitalised mid-sentence
    somewhere) in order of first sight reading title, lead, body, with their capitalised
    occurrences and best display codes.
    """
    documents = len(field_lengths)
    longest = 0
    for document in range(documents):
        longest = max(longest, field_lengths[document, 0] + field_lengths[document, 1] + field_lengths[document, 2])
    term_offsets = np.zeros(documents + 1, np.int64)
    terms = np.empty(len(numbers), np.int64)
    frequencies = np.empty(len(numbers), np.float64)
    term_forms = np.empty(len(numbers), np.int64)
    lengths = np.zeros(documents, np.float64)
    name_offsets = np.zeros(documents + 1, np.int64)
    name_terms = np.empty(len(numbers), np.int64)
    occurrences = np.empty(len(numbers), np.int64)
    name_codes = np.empty(len(numbers), np.int64)
    # Per kept word of the document (stop words and sentence ends dropped), in text order.
    word_number = np.empty(longest, np.int64)
    word_group = np.empty(longest, np.int64)
    word_code = np.empty(longest, np.int64)
    word_mid_code = np.empty(longest, np.int64)
    word_start = np.empty(longest, np.bool_)
    word_counted = np.empty(longest, np.bool_)
    next_word = np.empty(longest, np.int64)
    # Per group (a term of the document), numbered in order of first sight.
    group_term = np.empty(longest, np.int64)
    first_word = np.empty(longest, np.int64)
    last_word = np.empty(longest, np.int64)
    group_frequency = np.empty(longest, np.float64)
    # Per field, its distinct (word, sentence start) keys in order of first sight, by a kept word.
    key_words = np.empty(longest, np.int64)
    named = np.empty(longest, np.bool_)
    name_count = np.empty(longest, np.int64)
    name_order = np.empty(longest, np.int64)
    field_bounds = np.zeros(4, np.int64)  # kept words of field f: field_bounds[f]:field_bounds[f + 1]

    number_terms, number_mid_codes, number_start_codes = _read_per_word(numbers, word_term, mid_codes, start_codes)
    place = 0
    term_end = name_end = 0
    for document in range(documents):
        place, kept, groups = _group_words(
            numbers, number_terms, number_mid_codes, number_start_codes, place, field_lengths[document], boosts,
            group_of_term, key_counts, word_number, word_group, word_code, word_mid_code, word_start, word_counted,
            next_word, group_term, first_word, last_word, group_frequency, key_words, named, name_count, field_bounds,
        )
        term_end, lengths[document] = _store_terms(
            groups, group_term, group_frequency, first_word, next_word, word_code, word_counted, code_counts,
            form_chars, form_starts, terms, frequencies, term_forms, term_end,
        )
        term_offsets[document + 1] = term_end

        _mark_names(kept, field_bounds, word_number, word_group, word_start, word_counted, word_capital, word_digits,
                    title_case_share, named)
        names = _names_in_order(field_bounds, word_group, word_counted, named, name_count, name_order)
        name_end = _store_names(names, name_order, group_term, name_count, first_word, next_word, word_mid_code,
                                word_counted, code_counts, form_chars, form_starts, name_terms, occurrences,
                                name_codes, name_end)
        name_offsets[document + 1] = name_end

        for group in range(groups):
            group_of_term[group_term[group]] = -1
    return (term_offsets, terms[:term_end].copy(), frequencies[:term_end].copy(), term_forms[:term_end].copy(),
            lengths, name_offsets, name_terms[:name_end].copy(), occurrences[:name_end].copy(),
            name_codes[:name_end].copy())
