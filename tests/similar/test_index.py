import dataclasses
import datetime
import subprocess
import sys

import numpy as np
import pytest

from trendwatch.similar import Config, Document, SimilarityIndex
from trendwatch.similar import incremental, neighbour_lists, parallel, weighted_rows
from trendwatch.similar.bench import SyntheticArchive
from trendwatch.similar.features import document_features


def _ids(neighbours):
    return [n.id for n in neighbours]


def test_defence_piece_ranks_security_pieces_above_currency_rules(archive):
    index = SimilarityIndex().fit(archive)
    ranked = _ids(index.neighbours("latvia-defence", k=7))
    security = ["nato-dialogue", "joint-exercises", "army-reform"]
    assert set(ranked[:3]) == set(security)
    if "currency-rules" in ranked:
        assert ranked.index("currency-rules") > max(ranked.index(i) for i in security)


def test_reasons_say_why(archive):
    index = SimilarityIndex().fit(archive)
    best = {n.id: n for n in index.neighbours("latvia-defence")}["army-reform"]
    assert best.score > 0
    assert "Raukou" in best.reasons.shared_names
    assert "defence" in [term.lower() for term in best.reasons.shared_terms]
    assert best.reasons.same_trend is True
    assert best.reasons.days_apart == 140
    assert set(best.reasons.contributions) == {"lexical", "names", "trend", "time"}
    assert sum(best.reasons.contributions.values()) == pytest.approx(1, abs=1e-3)
    assert best.reasons.to_dict()["shared_names"] == list(best.reasons.shared_names)



def test_reason_terms_caps_the_terms_and_names_a_reason_shows(archive):
    shown = SimilarityIndex().fit(archive).neighbours("latvia-defence")
    capped = SimilarityIndex(Config(reason_terms=2)).fit(archive).neighbours("latvia-defence")
    assert any(len(n.reasons.shared_terms) > 2 for n in shown)
    assert [n.id for n in capped] == [n.id for n in shown]
    assert [n.reasons.shared_terms for n in capped] == [n.reasons.shared_terms[:2] for n in shown]
    assert [n.reasons.shared_names for n in capped] == [n.reasons.shared_names[:2] for n in shown]

def test_never_itself_nor_a_translation(archive):
    english = dataclasses.replace(archive[1], translation_group="nato")
    russian = Document(
        "nato-dialogue-ru", "ru", "Минск открывает диалог с НАТО по безопасности",
        body="Белорусские чиновники встретились с представителями NATO. Defence ministry, NATO, security.",
        translation_group="nato",
    )
    index = SimilarityIndex().fit([english, russian, *archive[2:]])
    assert "nato-dialogue-ru" not in _ids(index.neighbours("nato-dialogue", k=20))
    assert "nato-dialogue" not in _ids(index.neighbours("nato-dialogue-ru", k=20))
    for doc_id, neighbours in index.all_neighbours().items():
        assert doc_id not in _ids(neighbours)
    assert index.compare("nato-dialogue", "nato-dialogue-ru").score == 0


def test_same_input_same_output_whatever_the_order(archive):
    first = SimilarityIndex().fit(archive).all_neighbours(5)
    second = SimilarityIndex().fit(reversed(archive)).all_neighbours(5)
    assert first == second


def test_ties_are_broken_by_id():
    twin = "Potash exports to China grew as Belaruskali signed new contracts."
    documents = [Document(doc_id, "en", "Potash", body=twin) for doc_id in ("c", "b", "a")]
    index = SimilarityIndex().fit(documents)
    assert _ids(index.neighbours("c")) == ["a", "b"]


def test_longer_lists_than_stored_are_computed_on_demand(archive):
    index = SimilarityIndex(Config(list_length=2)).fit(archive)
    long = index.neighbours("latvia-defence", k=5)
    assert _ids(long)[:2] == _ids(index.neighbours("latvia-defence", k=2))
    assert len(long) > 2


def test_entities_are_a_signal(archive):
    plain = [dataclasses.replace(d, entities=()) for d in archive]
    tagged = [
        dataclasses.replace(d, entities=("person:raukou",)) if d.id in ("latvia-defence", "joint-exercises") else d
        for d in plain
    ]
    before = SimilarityIndex().fit(plain).compare("latvia-defence", "joint-exercises")
    after = SimilarityIndex().fit(tagged).compare("latvia-defence", "joint-exercises")
    assert after.score > before.score
    assert "person:raukou" in after.reasons.shared_names


def test_missing_dates_are_neutral(archive):
    undated = [dataclasses.replace(d, published=None) for d in archive]
    neighbours = SimilarityIndex().fit(undated).neighbours("latvia-defence")
    assert all(n.reasons.days_apart is None and n.reasons.contributions["time"] == 0 for n in neighbours)


def _corpus(count, start=0):
    return SyntheticArchive(seed=7, vocabulary_size=3000).documents(count, start=start)


# Lists of candidates (few key terms each) instead of exact lists from 11 documents on.
CANDIDATE_LISTS = {"exact_lists_up_to": 10, "key_terms": 3, "key_postings": 6}


@pytest.mark.parametrize("options", [{}, CANDIDATE_LISTS], ids=["exact lists", "candidate lists"])
def test_incremental_changes_equal_a_fresh_fit(monkeypatch, options):
    monkeypatch.setattr(incremental, "_MIN_COMPACTION_ROWS", 8)  # exercise compaction too
    documents = _corpus(40)
    index = SimilarityIndex(Config(list_length=5, **options)).fit(documents[:25])
    current = {d.id: d for d in documents[:25]}
    before = index.all_neighbours(5)

    def apply(change, argument):
        nonlocal before
        affected = change(argument)
        after = index.all_neighbours(5)
        changed = {doc_id for doc_id in after if after[doc_id] != before.get(doc_id)}
        assert changed <= affected, "a list changed that add/remove did not report"
        before = after

    for document in documents[25:]:
        current[document.id] = document
        apply(index.add, document)
    for document in documents[3:9:2]:
        updated = dataclasses.replace(document, body=documents[30].body, trend="west")
        current[document.id] = updated
        apply(index.add, updated)
    for doc_id in ("article-000001", "article-000010", "article-000030", "article-000033"):
        del current[doc_id]
        apply(index.remove, doc_id)

    fresh = SimilarityIndex(Config(list_length=5, **options)).fit(current.values(), statistics=index.statistics)
    assert index.all_neighbours(5) == fresh.all_neighbours(5)
    assert len(index) == len(current) and "article-000010" not in index and "article-000002" in index
    assert index.statistics_age == 15 + 3 + 4


def test_remove_reports_the_lists_that_held_it(archive):
    index = SimilarityIndex().fit(archive)
    holders = {doc_id for doc_id, ns in index.all_neighbours().items() if "army-reform" in _ids(ns)}
    assert index.remove("army-reform") == holders
    assert all("army-reform" not in _ids(ns) for ns in index.all_neighbours().values())


def test_add_to_an_empty_index():
    index = SimilarityIndex()
    index.add(Document("a", "en", "Potash exports", body="Belaruskali potash exports grew."))
    assert index.add(Document("b", "en", "Potash prices", body="Potash prices fell; Belaruskali exports.")) == {"a", "b"}
    assert _ids(index.neighbours("a")) == ["b"]


def test_bad_input_is_named():
    with pytest.raises(ValueError, match="'x' appears more than once"):
        SimilarityIndex().fit([Document("x", "en", "A"), Document("x", "en", "B")])
    with pytest.raises(TypeError, match="item 0 is a dict"):
        SimilarityIndex().fit([{"id": "x"}])
    with pytest.raises(KeyError, match="missing"):
        SimilarityIndex().fit([Document("x", "en", "A")]).neighbours("missing")
    for bad_k in (0, 1.5, True):
        with pytest.raises(ValueError, match="k must be a positive integer"):
            SimilarityIndex().fit([Document("x", "en", "A")]).neighbours("x", k=bad_k)
    with pytest.raises(TypeError, match="published must be a date"):
        Document("x", "en", "A", published="2016-12-12")
    with pytest.raises(ValueError, match="time_half_life_days must be positive"):
        Config(time_half_life_days=0)


def test_unknown_language_and_empty_documents_do_not_crash():
    documents = [
        Document("pl-1", "pl", "Eksport potażu rośnie", body="Eksport potażu do Chin rośnie."),
        Document("pl-2", "pl", "Eksport potażu spada", body="Eksport potażu do Indii spada."),
        Document("empty", "en", ""),
    ]
    index = SimilarityIndex().fit(documents)
    assert _ids(index.neighbours("pl-1")) == ["pl-2"]
    assert index.neighbours("empty") == []


def test_datetime_is_reduced_to_a_date():
    document = Document("a", "en", "A", published=datetime.datetime(2016, 12, 12, 10, 22))
    assert document.published == datetime.date(2016, 12, 12)


@pytest.mark.parametrize("options", [{}, CANDIDATE_LISTS], ids=["exact lists", "candidate lists"])
def test_analysis_in_several_processes_and_lists_in_several_threads_equal_one_process(monkeypatch, options):
    monkeypatch.setattr(parallel, "_PARALLEL_ROWS", 1)
    monkeypatch.setattr(neighbour_lists, "_BLOCK_ROWS", 4)
    monkeypatch.setattr(neighbour_lists, "_CANDIDATE_BLOCK_ROWS", 4)
    monkeypatch.setattr(weighted_rows, "_KEY_SLICE_ROWS", 7)
    monkeypatch.setattr(parallel, "_ANALYSIS_CHUNK", 3)  # two waves of chunks
    assert parallel.worker_count(Config(workers=2), 30) == 2, "the analysis would not be forked"
    documents = _corpus(30)
    single = SimilarityIndex(Config(workers=1, **options)).fit(documents)
    several = SimilarityIndex(Config(workers=2, **options)).fit(documents)
    assert several.statistics == single.statistics
    assert several.all_neighbours(5) == single.all_neighbours(5)
    assert several.all_neighbours(12) == single.all_neighbours(12)  # longer than the stored lists


def test_stored_lists_scoring_each_pair_once_equal_lists_scored_row_by_row(monkeypatch):
    # A rebuild scores each candidate pair once, from the side that comes first, in
    # several threads; lists longer than the stored ones are still scored row by row.
    monkeypatch.setattr(parallel, "_PARALLEL_ROWS", 1)
    monkeypatch.setattr(neighbour_lists, "_CANDIDATE_BLOCK_ROWS", 4)
    documents = _corpus(60)
    for first in range(0, 20, 2):  # translations, which never list each other
        group = f"group-{first}"
        documents[first] = dataclasses.replace(documents[first], translation_group=group)
        documents[first + 1] = dataclasses.replace(documents[first + 1], translation_group=group)
    index = SimilarityIndex(Config(list_length=5, workers=2, **CANDIDATE_LISTS)).fit(documents)
    stored = index.all_neighbours(5)
    assert stored == {doc_id: neighbours[:5] for doc_id, neighbours in index.all_neighbours(6).items()}
    assert sum(len(neighbours) for neighbours in stored.values()) >= 2 * len(documents)
    assert documents[1].id not in _ids(stored[documents[0].id])


def test_candidate_lists_equal_exact_lists_when_every_term_is_a_key():
    documents = _corpus(60)
    exact = SimilarityIndex().fit(documents).all_neighbours(10)
    everything = {"exact_lists_up_to": 10, "key_terms": 10_000, "key_postings": 10**9}
    assert SimilarityIndex(Config(**everything)).fit(documents).all_neighbours(10) == exact


def test_candidate_lists_keep_the_neighbours_that_share_key_terms():
    documents = _corpus(200)
    exact = SimilarityIndex().fit(documents)
    candidates = SimilarityIndex(Config(exact_lists_up_to=100)).fit(documents)
    assert candidates.statistics == exact.statistics
    exact_lists, candidate_lists = exact.all_neighbours(10), candidates.all_neighbours(10)
    kept = sum(len(set(_ids(exact_lists[d])) & set(_ids(candidate_lists[d]))) for d in exact_lists)
    assert kept >= 0.9 * sum(len(ns) for ns in exact_lists.values())
    for doc_id, neighbours in candidate_lists.items():
        # Whatever a candidate list holds is scored as an exact list scores it.
        for neighbour in neighbours[:3]:
            assert neighbour.score == pytest.approx(exact.compare(doc_id, neighbour.id).score, abs=1e-9)


def test_bench_progress_bars_leave_the_rebuild_on_every_core():
    # tqdm's monitor thread kept the engine in one process (it never forks beside threads).
    code = (
        "from trendwatch.similar import Config, bench, parallel;"
        "bench._no_progress_thread(); bench.SyntheticArchive(vocabulary_size=500).documents(3);"
        "print(parallel.worker_count(Config(workers=2), 100_000))"
    )
    completed = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True)
    assert completed.stdout.strip() == "2"


def test_the_bench_archive_mentions_names_so_the_names_signal_is_measured_too():
    documents = SyntheticArchive(vocabulary_size=500).documents(20)
    named = [document_features(document, Config()).names for document in documents]
    assert sum(bool(names) for names in named) >= 18


@pytest.mark.parametrize("options", [{}, CANDIDATE_LISTS], ids=["exact lists", "candidate lists"])
def test_incremental_changes_equal_a_fresh_fit_with_the_semantic_signal(monkeypatch, options):
    def encoder(texts):  # a stand-in model: float32 unit vectors of the text, as sentence-transformers gives
        vectors = np.array([[1 + text.count(letter) for letter in "aeiounrstк"] for text in texts], dtype=np.float32)
        return (vectors / np.linalg.norm(vectors, axis=1, keepdims=True)).astype(np.float32)

    monkeypatch.setattr("trendwatch.similar.semantic.load_encoder", lambda model: encoder)
    config = Config(semantic_model="stand-in", list_length=5, **options)
    documents = _corpus(50)
    index = SimilarityIndex(config).fit(documents[:35])
    for document in documents[35:]:
        index.add(document)
    index.remove(documents[3].id)
    rest = [d for d in documents if d.id != documents[3].id]
    assert index.all_neighbours(5) == SimilarityIndex(config).fit(rest, statistics=index.statistics).all_neighbours(5)


def test_a_failed_add_or_fit_leaves_the_index_as_it_was(monkeypatch, archive):
    failing = False

    def encoder(texts):  # a stand-in model that fails when told to
        if failing:
            raise RuntimeError("the model ran out of memory")
        return np.array([[1.0 + text.count(letter) for letter in "aeiou"] for text in texts])

    monkeypatch.setattr("trendwatch.similar.semantic.load_encoder", lambda model: encoder)
    index = SimilarityIndex(Config(semantic_model="stand-in")).fit(archive)
    before = index.all_neighbours()
    failing = True
    for document in (Document("new", "en", "Defence reform", body="Defence and NATO."), dataclasses.replace(archive[1], body="Potash.")):
        with pytest.raises(RuntimeError, match="out of memory"):
            index.add(document)
        assert "new" not in index and index.all_neighbours() == before
    failing = False
    assert index.add(Document("new", "en", "Defence reform", body="Defence and NATO.")) >= {"new"}

    def interrupted(done, total):
        raise KeyboardInterrupt

    index = SimilarityIndex().fit(archive)
    before = index.all_neighbours()
    with pytest.raises(KeyboardInterrupt):
        index.fit(archive[:3], progress=interrupted)
    assert len(index) == len(archive) and index.all_neighbours() == before


def test_a_k_larger_than_the_archive_lists_every_related_document(archive):
    index = SimilarityIndex().fit(archive)
    assert index.neighbours("latvia-defence", k=np.int64(3)) == index.neighbours("latvia-defence", k=3)
    lists = index.all_neighbours(10**9)  # no room is made for a billion entries
    assert lists["latvia-defence"] == index.neighbours("latvia-defence", k=len(archive))


def test_settings_that_are_not_finite_numbers_or_changed_later_are_refused():
    for name in ("bm25_k1", "lexical_weight", "time_half_life_days", "trend_boost"):
        for value in (float("nan"), float("inf")):
            with pytest.raises(ValueError, match=f"Config.{name} must be a finite number"):
                Config(**{name: value})
    with pytest.raises(dataclasses.FrozenInstanceError):
        Config().list_length = 3


def test_entities_given_as_a_generator_are_kept_and_none_is_named():
    assert Document("a", "en", "A", entities=(e for e in ["person:raukou"])).entities == ("person:raukou",)
    with pytest.raises(TypeError, match="Document 'a': entities must be a sequence of entity id strings, got None"):
        Document("a", "en", "A", entities=None)
