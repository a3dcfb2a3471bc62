"""Names across transliterations: what an editor or the entity matcher would notice."""

import json
import subprocess
import sys
from pathlib import Path

import pytest

from trendwatch.similar.names import group_variants, main, name_key, same_entity

REPO = Path(__file__).resolve().parents[2]


@pytest.mark.parametrize(
    "a, b",
    [
        ("Равковым", "Raukou"),                     # Russian instrumental
        ("Лукашэнку", "Lukashenko"),                # Belarusian dative, Russian-based spelling
        ("Тихановской", "Tsikhanouskaya"),          # Russian oblique feminine adjective
        ("Тихановского", "Tsikhanouski"),
        ("Колесниковой", "Kalesnikava"),
        ("Минске", "Minsk"),
        ("Кучмой", "Kuchma"),                       # instrumental of a surname in -а
        ("Lukashenko's", "Лукашэнка"),               # English possessive
        ("Ravkov’s", "Раўкоў"),
    ],
)
def test_inflected_forms_match_their_name(a, b):
    assert same_entity(a, b)
    assert same_entity(b, a)


@pytest.mark.parametrize(
    "a, b",
    [
        ("Łukašenka", "Lukashenko"),
        ("Cichanoŭskaja", "Tsikhanouskaya"),
        ("Kaczyński", "Kachinsky"),
        ("Lech Wałęsa", "Lech Walesa"),
        ("Kraków", "Краков"),
    ],
)
def test_diacritics_fold(a, b):
    assert same_entity(a, b)


@pytest.mark.parametrize(
    "a, b",
    [
        ("Гродно", "Hrodna"),
        ("Grodno", "Гродна"),
        ("Могилёв", "Mahilyow"),
        ("Homel", "Гомель"),
        ("Макей", "Makey"),
        ("Makei", "Макей"),
        ("Babaryka", "Babarika"),
        ("Бабарико", "Babaryka"),
        ("Lida", "Lyda"),
        ("Vaukavysk", "Volkovysk"),
        ("Kyiv", "Kiev"),
        ("Moscow", "Москва"),
    ],
)
def test_latin_and_cyrillic_spellings_match(a, b):
    assert same_entity(a, b)


def test_variants_share_one_key():
    keys = {name_key(n) for n in ("Raukou", "Ravkov", "Равков", "Раўкоў", "Равковым", "Raukou's", "Rawkow")}
    assert len(keys) == 1


@pytest.mark.parametrize(
    "a, b",
    [
        ("Kolesnikova", "Kolesnikov"),
        ("Колесникова", "Колесников"),
        ("Kalesnikava", "Kalesnikau"),
        ("Tsikhanouskaya", "Tsikhanouski"),
        ("Тихановская", "Тихановский"),
        ("Navalnaya", "Navalny"),
        ("Zelenska", "Zelensky"),
        ("Ivanov", "Ivanova"),
        ("Tolstoy", "Tolstaya"),
    ],
)
def test_gendered_surnames_are_different_people(a, b):
    assert not same_entity(a, b)
    assert name_key(a) != name_key(b)


@pytest.mark.parametrize(
    "a, b",
    [
        ("Minsk", "Pinsk"),
        ("Литва", "Латвия"),
        ("Lida", "Lyuda"),
        ("Statkevich", "Stankevich"),
        ("Lukashenko", "Lukashuk"),
        ("Makei", "Makeev"),
        ("Polotsk", "Płock"),
    ],
)
def test_close_but_different_names_stay_apart(a, b):
    assert not same_entity(a, b)


def test_given_names_must_be_compatible():
    assert not same_entity("Viktar Babaryka", "Eduard Babaryka")
    assert not same_entity("Alexander Lukashenko", "Aleksandra Lukashenko")
    assert same_entity("Aliaksandr Lukashenka", "Alexander Lukashenko")
    assert same_entity("Mikalai Statkevich", "Nikolai Statkevich")
    assert same_entity("Uladzimir Makei", "Vladimir Makey")
    assert same_entity("Sviatlana Tsikhanouskaya", "Светлана Тихановская")


def test_initials_and_name_order():
    assert same_entity("A. Lukashenko", "Alexander Lukashenko")
    assert same_entity("A.G. Lukashenko", "Аляксандр Лукашэнка")
    assert not same_entity("V. Lukashenko", "Alexander Lukashenko")
    assert same_entity("Лукашенко Александр Григорьевич", "Alexander Lukashenko")
    assert same_entity("Lukashenko, Alexander", "Aliaksandr Lukashenka")
    assert same_entity("Lukashenko Alexander", "Alexander Lukashenko")


def test_bare_surname_matches_a_full_name():
    assert same_entity("Ravkov", "Andrei Raukou")
    assert not same_entity("Andrei", "Andrei Raukou")


def test_seed_case_groups_raukou_and_ravkov():
    assert group_variants(["Andrei Raukou", "Ravkov’s", "Raukou", "Равковым"]) == [
        ["Andrei Raukou", "Ravkov’s", "Raukou", "Равковым"]
    ]


def test_grouping_keeps_people_and_gender_forms_apart():
    groups = group_variants(
        ["Viktar Babaryka", "Eduard Babaryka", "Babaryka", "Віктар Бабарыка", "Kolesnikova", "Kolesnikov",
         "Калеснікава", "Minsk", "Мінск"]
    )
    assert ["Viktar Babaryka", "Віктар Бабарыка"] in groups
    assert ["Eduard Babaryka"] in groups
    assert ["Babaryka"] in groups  # could be either of them: attached to neither
    assert ["Kolesnikova", "Калеснікава"] in groups
    assert ["Kolesnikov"] in groups
    assert ["Minsk", "Мінск"] in groups


def test_grouping_attaches_an_unambiguous_surname():
    assert group_variants(["Babaryka", "Viktar Babaryka", "Бабарыку"]) == [["Babaryka", "Viktar Babaryka", "Бабарыку"]]


@pytest.mark.parametrize("bad", ["", "   ", "\n\t"])
def test_empty_name_is_rejected_clearly(bad):
    with pytest.raises(ValueError, match="empty"):
        name_key(bad)
    with pytest.raises(ValueError, match="empty"):
        same_entity("Minsk", bad)


def test_name_without_letters_is_rejected_clearly():
    with pytest.raises(ValueError, match="no letters"):
        name_key("12 345")


def test_non_string_name_is_rejected_clearly():
    with pytest.raises(TypeError, match="string"):
        name_key(None)


def test_empty_name_in_a_group_is_reported_by_position():
    with pytest.raises(ValueError, match="#1"):
        group_variants(["Minsk", ""])


def test_very_long_names_are_read_up_to_the_cap():
    long_word = "Lukashenko" * 1000
    assert len(name_key(long_word)) <= 400
    pasted = "Alexander " + "Lukashenko " * 900
    assert name_key(pasted)
    assert same_entity("a" * 10_000, "a" * 9_000)
    assert name_key("Ravkov" + "-" * 9_990 + "x")  # separators only, no backtracking trap


@pytest.mark.parametrize(
    "mixed, clean",
    [
        ("Лукашенкo", "Лукашенко"),        # Latin o in a Cyrillic word
        ("Kолесникова", "Колесникова"),    # Latin K
        ("Lukаshenko", "Lukashenko"),      # Cyrillic а in a Latin word
        ("Tsikhanouskі", "Tsikhanouski"),  # Cyrillic і
    ],
)
def test_mixed_scripts_fold_to_the_majority_script(mixed, clean):
    assert name_key(mixed) == name_key(clean)


# --- evaluation CLI ---------------------------------------------------------------------------

def _write(tmp_path, lines):
    path = tmp_path / "pairs.jsonl"
    path.write_text("\n".join(lines) + "\n", encoding="utf-8")
    return str(path)


def test_cli_reports_precision_recall_and_counts(tmp_path, capsys):
    path = _write(tmp_path, [
        json.dumps({"a": "Raukou", "b": "Ravkov", "same": True}),
        json.dumps({"a": "Kolesnikova", "b": "Kolesnikov", "same": False}),
        "",
        json.dumps({"a": "Minsk", "b": "Pinsk", "same": False}),
    ])
    assert main([path, "--json"]) == 0
    result = json.loads(capsys.readouterr().out)
    assert result["pairs"] == 3 and result["true_pairs"] == 1 and result["false_pairs"] == 2
    assert result["precision"] == 1.0 and result["recall"] == 1.0 and result["f1"] == 1.0
    assert result["file"] == path and result["machine"]

    assert main([path]) == 0
    assert "precision 1.0000" in capsys.readouterr().out


@pytest.mark.parametrize(
    "line, complaint",
    [
        ('{"a": "Minsk", "b": "Pinsk", "same": false', "not valid JSON"),
        ('["Minsk", "Pinsk", false]', "expected an object"),
        ('{"a": "Minsk", "b": "Pinsk"}', '"same" must be true or false'),
        ('{"a": "Minsk", "b": "Pinsk", "same": "yes"}', '"same" must be true or false'),
        ('{"a": "", "b": "Pinsk", "same": false}', '"a" must be a non-empty string'),
        ('{"a": "Minsk", "b": 7, "same": false}', '"b" must be a non-empty string'),
    ],
)
def test_cli_stops_at_a_malformed_line_naming_file_and_line(tmp_path, capsys, line, complaint):
    path = _write(tmp_path, [json.dumps({"a": "Raukou", "b": "Ravkov", "same": True}), line])
    assert main([path]) == 2
    captured = capsys.readouterr()
    assert f"{path}:2:" in captured.err and complaint in captured.err
    assert "Traceback" not in captured.err and captured.out == ""


def test_cli_missing_file(tmp_path, capsys):
    assert main([str(tmp_path / "absent.jsonl")]) == 2
    assert "cannot read" in capsys.readouterr().err


def test_cli_runs_as_a_module_without_traceback(tmp_path):
    path = _write(tmp_path, ['{"a": "Minsk"}'])
    finished = subprocess.run(
        [sys.executable, "-m", "trendwatch.similar.names", path], cwd=REPO, capture_output=True, text=True
    )
    assert finished.returncode == 2
    assert f"{path}:1:" in finished.stderr and "Traceback" not in finished.stderr
