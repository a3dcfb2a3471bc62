"""Mentions in commentaries: found, matched to known entities, and suggested when unknown."""

import pytest

from trendwatch.similar.mentions import extract_mentions, match_mentions, suggest_entities

SEED_LIKE = (
    "During his visit to Riga, Belarusian Defence Minister Andrei Raukou signed the cooperation agreement "
    "between the Defence Ministries of Latvia and Belarus.\n"
    "The Belarusian Defence Minister Ravkov’s visit to Latvia is a part of the general trend."
)

RUSSIAN = (
    "Министр обороны Беларуси Андрей Равков подписал соглашение в Риге. Визит Равкова в Латвию — часть "
    "тренда. Министерство обороны Латвии сообщило, что Равков встретился с коллегой."
)

BELARUSIAN = "Міністр абароны Андрэй Раўкоў наведаў Рыгу. Міністэрства абароны Беларусі паведаміла пра сустрэчу."


def surfaces(mentions):
    return [m.surface for m in mentions]


def test_mentions_carry_their_place_in_the_text():
    for text, language in ((SEED_LIKE, "en"), (RUSSIAN, "ru"), (BELARUSIAN, "be")):
        mentions = extract_mentions(text, language)
        assert mentions
        for mention in mentions:
            assert text[mention.start:mention.end] == mention.surface


def test_capitals_no_reading_knows_are_no_mention_and_no_error():
    # "Đĸ" (a capital D with stroke, then kra) spells nothing a transliteration reads.
    assert surfaces(extract_mentions("Talks with Đĸ and Lukashenko in Minsk.", "en")) == ["Lukashenko", "Minsk"]


def test_titles_and_adjectives_are_not_part_of_a_name():
    found = surfaces(extract_mentions(SEED_LIKE, "en"))
    assert "Andrei Raukou" in found
    assert "Ravkov’s" in found
    assert not any("Minister" in s or s.startswith("Belarusian") for s in found)


def test_sentence_initial_words_count_only_when_capitalised_elsewhere():
    text = "Yesterday the talks ended. Minsk hosted them. Delegates flew from Minsk."
    assert surfaces(extract_mentions(text, "en")) == ["Minsk", "Minsk"]


def test_kind_guesses():
    kinds = {m.surface: m.kind_guess for m in extract_mentions(SEED_LIKE, "en")}
    assert kinds["Andrei Raukou"] == "person"
    assert kinds["Defence Ministries of Latvia and Belarus"] == "organisation"
    assert kinds["Riga"] == "place"

    russian = {m.surface: m.kind_guess for m in extract_mentions(RUSSIAN, "ru")}
    assert russian["Министерство обороны"] == "organisation"
    assert russian["Андрей Равков"] == "person"
    assert russian["Беларуси"] == "place"

    belarusian = {m.surface: m.kind_guess for m in extract_mentions(BELARUSIAN, "be")}
    assert belarusian["Міністэрства абароны"] == "organisation"
    assert belarusian["Андрэй Раўкоў"] == "person"


def test_seed_case_raukou_and_ravkov_are_one_entity():
    matched = match_mentions(extract_mentions(SEED_LIKE, "en"), {"raukou": ["Раўкоў"], "latvia": ["Latvia"]})
    assert surfaces(matched["raukou"]) == ["Andrei Raukou", "Ravkov’s"]

    suggestions = suggest_entities([(SEED_LIKE, "en")], known={}, min_count=1)
    raukou = [s for s in suggestions if "Andrei Raukou" in s.variants]
    assert len(raukou) == 1
    assert set(raukou[0].variants) == {"Andrei Raukou", "Ravkov’s"}
    assert raukou[0].name == "Andrei Raukou" and raukou[0].kind_guess == "person"


def test_inflected_russian_and_belarusian_mentions_match():
    known = {"raukou": ["Andrei Raukou"], "latvia": ["Latvia"]}
    russian = match_mentions(extract_mentions(RUSSIAN, "ru"), known)
    assert surfaces(russian["raukou"]) == ["Андрей Равков", "Равкова", "Равков"]
    assert surfaces(russian["latvia"]) == ["Латвию", "Латвии"]
    belarusian = match_mentions(extract_mentions(BELARUSIAN, "be"), known)
    assert surfaces(belarusian["raukou"]) == ["Андрэй Раўкоў"]


def test_shared_surname_goes_to_the_relative_named_in_the_text():
    known = {"viktar": ["Viktar Babaryka"], "eduard": ["Eduard Babaryka"]}
    text = "Viktar Babaryka was sentenced. Later Babaryka appealed."
    matched = match_mentions(extract_mentions(text, "en"), known)
    assert surfaces(matched["viktar"]) == ["Viktar Babaryka", "Babaryka"]
    assert "eduard" not in matched

    alone = match_mentions(extract_mentions("A court heard Babaryka again.", "en"), known)
    assert alone == {}


def test_gendered_forms_are_not_matched_to_each_other():
    known = {"maria": ["Maria Kalesnikava"]}
    matched = match_mentions(extract_mentions("Later Kolesnikov spoke to reporters.", "en"), known)
    assert matched == {}


def test_suggestions_group_variants_across_languages_and_skip_known_names():
    texts = [
        ("Analysts expect Andrei Raukou to stay. Also Lukashenko said nothing.", "en"),
        ("Как заявил Равков, учения пройдут осенью. Лукашенко промолчал.", "ru"),
        ("Як заявіў Раўкоў, вучэнні пройдуць увосень.", "be"),
        ("Only Someoneelse was mentioned here.", "en"),
    ]
    suggestions = suggest_entities(texts, known={"lukashenka": ["Аляксандр Лукашэнка"]}, min_count=2)
    assert [s.name for s in suggestions] == ["Andrei Raukou"]
    assert set(suggestions[0].variants) == {"Andrei Raukou", "Равков", "Раўкоў"}
    assert suggestions[0].texts == 3 and suggestions[0].mentions == 3


def test_bad_input_is_rejected_clearly():
    with pytest.raises(TypeError, match="text"):
        extract_mentions(None, "en")
    with pytest.raises(TypeError, match="language"):
        extract_mentions("Minsk", None)
    with pytest.raises(ValueError, match="'raukou'"):
        match_mentions([], {"raukou": ["Andrei Raukou", " "]})
    with pytest.raises(ValueError, match="min_count"):
        suggest_entities([], {}, min_count=0)


def test_empty_unknown_language_and_long_texts():
    assert extract_mentions("", "en") == []
    assert surfaces(extract_mentions("Gestern sprach Andrei Raukou in Riga.", "de")) == ["Andrei Raukou", "Riga"]
    long_text = ("Andrei Raukou met officials in Minsk. " * 300) + "x" * 10_000
    mentions = extract_mentions(long_text, "en")
    assert len(mentions) == 600
