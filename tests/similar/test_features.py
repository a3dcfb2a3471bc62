"""The batch counter (``FeatureCounter``) counts exactly what the word-by-word definition counts."""

import datetime

import pytest

from trendwatch.similar import Config, Document
from trendwatch.similar.bench import SyntheticArchive
from trendwatch.similar.features import FeatureCounter, document_features, reference_features
from trendwatch.similar.text import _term, terms_of, words

from .conftest import ARCHIVE

TRICKY = [
    Document("en-1", "en", "Minsk Talks Resume After Years", lead="Obama's envoy met Lukashenka's team.",
             body="<p>NATO and the EU. Nato said: Obama’s plan! Plans, planning, planned… 2020 and 1999.</p>"
                  "<script>hidden()</script> Election day. The election's result; ELECTION results.",
             entities=("obama", "nato", "obama")),
    Document("en-2", "en-GB", "A quiet week", body="Minsk minsk MINSK. Minsk? Riga & Vilnius &amp; Kaunas."),
    Document("be-1", "be", "Міністэрства абароны Беларусі",
             body="Сям’я Раўкова ў Мінску. Андрэй Раўкоў сказаў, што ўрад і Рада збіраюцца. Ўрад Раўкоў."),
    Document("ru-1", "ru", "Лукашенко и ёлка", lead="Ёлка в Минске.", body="Лукашенко заявил. ёлки, Ёлки! Елка"),
    Document("xx-1", "de", "Die Bundesregierung", body="Angela Merkel sagte in Berlin. Angela Merkel! 2020"),
    Document("xx-2", "", "", body=""),
    Document("xx-3", "fr", "", lead="", body="\n\n...!!"),
    Document("en-3", "en", "Only A Title In Title Case"),
    Document("en-4", "en", "Title", body="x's y's. I I I. A b c d."),
    # Word characters beyond ASCII and the plane of most scripts, underscores, apostrophes
    # at a word's edge or doubled, a lone surrogate.
    Document("xx-4", "en", "Rock'n'roll 'quoted' words'", lead="snake_case __init__ x_1 ٣٤ Ⅻ",
             body="𝐀𝐁 Ünïcödé 🙂 naïve café\ud800 "
                  "Zürich… Zürich! don''t l'État o'"),
]


def _plain(features):
    return (list(features.terms.items()), features.term_surfaces, features.length, list(features.names.items()),
            features.name_surfaces)


@pytest.mark.parametrize("document", TRICKY + ARCHIVE, ids=lambda d: d.id)
def test_one_document_counts_as_the_definition(document):
    config = Config(title_boost=2.5, lead_boost=1.25, entity_boost=1.5)
    assert _plain(document_features(document, config)) == _plain(reference_features(document, config))


def test_batches_count_as_one_document_at_a_time():
    documents = TRICKY + ARCHIVE + SyntheticArchive(seed=3).documents(150)
    config = Config()
    counter = FeatureCounter()
    for start in range(0, len(documents), 40):
        batch = documents[start : start + 40]
        counted = counter.count(batch, config)
        for position, document in enumerate(batch):
            assert _plain(counter.features(counted, position)) == _plain(reference_features(document, config))


# Batches that leave the counter's compiled loop little or nothing to group: empty
# documents, only stop words, one word, a language without stemmer or stop words, and
# forms seen equally often (the greater form wins).
EDGE_BATCHES = [
    [Document("empty-1", "en", ""), Document("empty-2", "ru", "", lead="", body="<p></p>")],
    [Document("stop-1", "en", "The", lead="and of", body="It is what it is. Or not!"),
     Document("stop-2", "ru", "И", body="и в на. Но!")],
    [Document("one-1", "en", "Minsk"), Document("one-2", "en", "", body="minsk"),
     Document("one-3", "en", "", lead="Minsk."), Document("one-4", "en", "", body="Said Minsk")],
    [Document("unknown-1", "xx-YY", "Grüße aus Minsk", body="Minsk grüßt Minsk. MINSK grüßt!"),
     Document("unknown-2", "", "Minsk", body="minsk MINSK Minsk")],
    [Document("ties-1", "en", "Talks", body="Say Plans and planning. Obama, OBAMA and Obama's team; obama met Plans."),
     Document("ties-2", "en", "Riga Riga", lead="Meet RIGA and Riga.", body="riga. Then Riga's RIGA.")],
]


def test_batches_with_little_to_count_count_as_the_definition():
    config = Config(title_boost=2.5, lead_boost=1.25)
    counter = FeatureCounter()
    for batch in EDGE_BATCHES:
        counted = counter.count(batch, config)
        for position, document in enumerate(batch):
            assert _plain(counter.features(counted, position)) == _plain(reference_features(document, config))


def test_field_weights_add_up_as_in_the_definition():
    # Weights with no exact binary form, and a term seen more than eight times, where a
    # sum in another order (numpy's pairwise one) rounds differently.
    config = Config(title_boost=2.7, lead_boost=1.3)
    documents = [Document(f"anthem-{count}", "en", "Anthem " * titles, lead="anthem " * leads, body="anthem " * count)
                 for count in (7, 10, 12, 20) for titles in (1, 2, 3) for leads in (0, 1, 3)]
    counter = FeatureCounter()
    counted = counter.count(documents, config)
    for position, document in enumerate(documents):
        assert _plain(counter.features(counted, position)) == _plain(reference_features(document, config))


def test_a_batch_sends_only_keys_new_to_its_counter():
    counter = FeatureCounter()
    first = counter.count(ARCHIVE[:3], Config())
    second = counter.count(ARCHIVE[:3], Config())
    assert first.term_keys and second.term_keys == [] and second.surfaces == [] and second.name_keys == []
    assert (first.term_local == second.term_local).all()


def test_terms_of_a_list_equal_terms_one_at_a_time():
    surfaces = [w for d in TRICKY for text in (d.title, d.lead, d.body) for w in words(text) if w]
    surfaces += ["Obama’s", "ΑΣ", "Σ", "ß", "X's's", "ўрад", "Ўрад"]
    for language in ("en", "ru", "be", "de", ""):
        assert terms_of(surfaces, language) == [_term(surface, language) for surface in surfaces]


def test_undated_document_features_do_not_depend_on_dates():
    dated = Document("d", "en", "Talks in Minsk", body="Talks resume.", published=datetime.date(2020, 1, 1))
    undated = Document("u", "en", "Talks in Minsk", body="Talks resume.")
    assert _plain(document_features(dated, Config())) == _plain(document_features(undated, Config()))


def test_an_apostrophe_at_a_words_edge_is_dropped_as_search_drops_it_whatever_its_kind():
    from trendwatch.similar import SimilarityIndex
    from trendwatch.similar.text import OTHER_APOSTROPHES, analyse

    config = Config()
    for apostrophe in OTHER_APOSTROPHES + "'":
        body = f"Міністр сказаў: {apostrophe}Мінск рыхтуецца{apostrophe}. Сям{apostrophe}я."
        document = Document("a", "be", "", body=body)
        assert list(document_features(document, config).terms) == list(dict.fromkeys(analyse(body, "be")))
        assert _plain(document_features(document, config)) == _plain(reference_features(document, config))
    index = SimilarityIndex().fit([
        Document("quoted", "be", "", body="Урад абмяркоўвае ʼбюджэтʼ і ʼпадаткіʼ"),
        Document("curly", "be", "", body="Урад абмяркоўвае ’бюджэт’ і ’падаткі’"),
        Document("plain", "be", "", body="Бюджэт і падаткі"),
    ])
    assert index.compare("plain", "quoted").score == index.compare("plain", "curly").score > 0
