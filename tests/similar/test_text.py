from trendwatch.similar.text import analyse, stem, strip_html, tokenise


def test_english_singular_and_plural_share_a_stem():
    assert stem("elections", "en") == stem("election", "en")
    assert analyse("Elections and the election", "en") == ["elect", "elect"]


def test_russian_case_forms_share_a_stem():
    assert stem("санкции", "ru") == stem("санкций", "ru")
    assert stem("Выборов", "ru") == stem("выборы", "ru")


def test_belarusian_case_forms_share_a_stem():
    assert stem("выбары", "be") == stem("выбараў", "be") == stem("выбарах", "be")
    assert stem("санкцыі", "be") == stem("санкцый", "be") == stem("санкцыям", "be")


def test_belarusian_short_u_is_the_same_letter_at_word_start():
    assert analyse("урад", "be") == analyse("ўрад", "be")


def test_regional_language_tags_use_the_base_language():
    assert analyse("Elections", "en-GB") == analyse("Elections", "EN")


def test_stop_words_dropped_numbers_and_names_kept():
    assert analyse("The decree of 2017 and Lukashenka", "en") == ["decre", "2017", "lukashenka"]
    assert analyse("и в 2020 году Лукашенко", "ru") == ["2020", "год", "лукашенк"]


def test_html_is_stripped_and_entities_decoded():
    text = '<p class="lead">Minsk&nbsp;talks</p><script>var x = "hidden";</script><br>Riga &amp; Vilnius'
    assert strip_html(text).split() == ["Minsk", "talks", "Riga", "&", "Vilnius"]
    assert "hidden" not in analyse(text, "en")
    assert "script" not in analyse(text, "en")


def test_a_less_than_sign_in_prose_is_not_a_tag():
    assert analyse("inflation < 5 percent", "en") == ["inflat", "5", "percent"]


def test_unknown_language_gives_plain_lowercase_tokens():
    assert analyse("Zażółć GĘŚLĄ jaźń", "pl") == ["zażółć", "gęślą", "jaźń"]
    assert analyse("Some words", "") == ["some", "words"]


def test_tokens_know_when_they_open_a_sentence():
    tokens = tokenise("Raukou met NATO. Talks went well", "en")
    assert [(t.surface, t.sentence_start) for t in tokens] == [
        ("Raukou", True), ("met", False), ("NATO", False), ("Talks", True), ("went", False), ("well", False)
    ]
