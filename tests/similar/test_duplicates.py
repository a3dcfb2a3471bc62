import dataclasses
import os
import subprocess
import sys

import pytest

from trendwatch.similar import Document, near_duplicates, sketches_are_near_duplicates, text_sketch
from trendwatch.similar.duplicates import _shingles, sketch_similarity


def _edited(document, **fields):
    return dataclasses.replace(document, id=f"{document.id}-copy", **fields)


def test_a_lightly_edited_copy_is_a_near_duplicate_by_text_and_by_sketch(archive):
    original = archive[0]
    edited = _edited(original, body=original.body.replace("in Riga", "in Riga on Monday"))
    assert near_duplicates(original, edited)
    assert sketches_are_near_duplicates(text_sketch(original), text_sketch(edited))


def test_different_articles_are_not_near_duplicates_by_text_or_by_sketch(archive):
    sketches = [text_sketch(document) for document in archive]
    for first in range(len(archive)):
        for second in range(first + 1, len(archive)):
            assert not near_duplicates(archive[first], archive[second])
            assert not sketches_are_near_duplicates(sketches[first], sketches[second])


def test_a_sketch_estimates_the_share_of_shared_word_sequences_and_is_exact_for_short_texts(archive):
    long_text = " ".join(document.body for document in archive)
    original = Document("long", "en", "Commentaries", body=long_text)
    for cut in (len(long_text) // 10, len(long_text) // 4, len(long_text) // 2):
        shortened = _edited(original, body=long_text[cut:])
        first, second = set(_shingles(original).tolist()), set(_shingles(shortened).tolist())
        exact = len(first & second) / len(first | second)
        assert len(first) > 64  # the sketches are cut short: an estimate
        assert sketch_similarity(text_sketch(original), text_sketch(shortened)) == pytest.approx(exact, abs=0.15)
    short = Document("short", "en", "Raukou visits Riga", body="The minister met his Latvian colleague.")
    other = _edited(short, body="The minister met his Lithuanian colleague.")
    first, second = set(_shingles(short).tolist()), set(_shingles(other).tolist())
    assert sketch_similarity(text_sketch(short), text_sketch(other)) == len(first & second) / len(first | second)


def test_a_sketch_is_the_same_in_another_process(archive):
    script = (
        "from trendwatch.similar import Document, text_sketch; "
        f"print(list(text_sketch(Document('a', 'en', {archive[0].title!r}, body={archive[0].body!r}))))"
    )
    env = {**os.environ, "PYTHONHASHSEED": "12345"}
    printed = subprocess.run([sys.executable, "-c", script], env=env, capture_output=True, text=True, check=True).stdout
    assert printed.strip() == str(list(text_sketch(archive[0])))


def test_bad_sizes_and_thresholds_are_refused(archive):
    with pytest.raises(ValueError, match="size must be a positive integer"):
        text_sketch(archive[0], size=0)
    with pytest.raises(ValueError, match=r"threshold must be in \(0, 1\]"):
        sketches_are_near_duplicates((1, 2), (1, 2), threshold=1.5)
