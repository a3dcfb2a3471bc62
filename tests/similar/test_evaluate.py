import json
import subprocess
import sys

from trendwatch.similar.evaluate import main, roc_auc

from .conftest import ARCHIVE


def _write_lines(path, rows):
    path.write_text("\n".join(row if isinstance(row, str) else json.dumps(row) for row in rows) + "\n", encoding="utf-8")
    return path


def _ranking_rows():
    labels = {"latvia-defence": "defence", "nato-dialogue": "defence", "joint-exercises": "defence",
              "army-reform": "defence", "currency-rules": "economy", "central-bank-rate": "economy",
              "potash-exports": "economy", "local-elections": "society"}
    return [
        {"id": d.id, "title": d.title, "text": d.body, "lang": d.language,
         "published": d.published.isoformat(), "label": labels[d.id]}
        for d in ARCHIVE
    ]


def _pair_rows():
    by_id = {d.id: d for d in ARCHIVE}
    pairs = [("latvia-defence", "nato-dialogue", True), ("latvia-defence", "army-reform", True),
             ("currency-rules", "potash-exports", True), ("latvia-defence", "currency-rules", False),
             ("central-bank-rate", "local-elections", False), ("joint-exercises", "potash-exports", False)]
    return [
        {"a_title": by_id[a].title, "a_text": by_id[a].body, "b_title": by_id[b].title,
         "b_text": by_id[b].body, "lang": "en", "same": same}
        for a, b, same in pairs
    ]


def test_ranking_file_reports_engine_and_peers(tmp_path, capsys):
    path = _write_lines(tmp_path / "small.jsonl", _ranking_rows())
    assert main([str(path), "--json"]) == 0
    result = json.loads(capsys.readouterr().out)
    assert result["dataset"] == "small"
    assert set(result["peers"]) == {"tfidf", "mlt"}
    for metrics in (result["engine"], *result["peers"].values()):
        assert set(metrics) == {"p_at_1", "p_at_5", "mrr", "ndcg_at_10", "queries"}
        assert metrics["queries"] == 7  # the lone "society" article has nothing relevant
    assert result["engine"]["p_at_1"] >= 6 / 7


def test_pair_file_reports_roc_auc(tmp_path, capsys):
    path = _write_lines(tmp_path / "pairs.jsonl", _pair_rows())
    assert main([str(path), "--json"]) == 0
    result = json.loads(capsys.readouterr().out)
    assert result["engine"]["pairs"] == 6
    assert result["engine"]["roc_auc"] == 1.0
    assert 0 <= result["peers"]["mlt"]["roc_auc"] <= 1


def test_several_files_give_one_object_with_the_machine(tmp_path, capsys):
    first = _write_lines(tmp_path / "a.jsonl", _ranking_rows())
    second = _write_lines(tmp_path / "b.jsonl", _pair_rows())
    output = tmp_path / "out" / "quality.json"
    assert main([str(first), str(second), "--json", "--output", str(output)]) == 0
    result = json.loads(output.read_text())
    assert [d["dataset"] for d in result["datasets"]] == ["a", "b"]
    assert "cores" in result["machine"]


def test_malformed_lines_name_the_file_and_line(tmp_path):
    rows = _ranking_rows()
    bad_json = _write_lines(tmp_path / "bad.jsonl", [rows[0], rows[1], "{not json"])
    missing = _write_lines(tmp_path / "missing.jsonl", [rows[0], {k: v for k, v in rows[1].items() if k != "label"}])
    bad_date = _write_lines(tmp_path / "date.jsonl", [rows[0], {**rows[1], "published": "yesterday"}])
    bad_pair = _write_lines(tmp_path / "pair.jsonl", [*_pair_rows()[:2], {**_pair_rows()[2], "same": "yes"}])
    expected = {bad_json: "line 3: not valid JSON", missing: "line 2: missing field(s) label",
                bad_date: "line 2: field 'published' is not an ISO date", bad_pair: "line 3: field 'same' has the wrong type"}
    for path, message in expected.items():
        completed = subprocess.run(
            [sys.executable, "-m", "trendwatch.similar.evaluate", str(path)], capture_output=True, text=True
        )
        assert completed.returncode != 0
        assert str(path) in completed.stderr and message in completed.stderr
        assert "Traceback" not in completed.stderr


def test_roc_auc_counts_ties_as_half():
    assert roc_auc([0.9, 0.8, 0.1, 0.2], [True, True, False, False]) == 1.0
    assert roc_auc([0.5, 0.5], [True, False]) == 0.5


def test_more_bad_files_stop_with_the_file_line_and_problem(tmp_path, capsys):
    rows, pairs = _ranking_rows(), _pair_rows()
    unique_labels = [{**row, "label": row["id"]} for row in rows]
    cases = {
        "empty_id.jsonl": ([rows[0], {**rows[1], "id": ""}], "line 2: field 'id' is empty"),
        "junk_date.jsonl": ([rows[0], {**rows[1], "published": "2016-12-12junk"}], "line 2: field 'published' is not an ISO date"),
        "unique.jsonl": (unique_labels, "no two articles share a label"),
        "all_same.jsonl": ([pair for pair in pairs if pair["same"]], "every pair is labelled the same story"),
        "no_words.jsonl": ([{**row, "title": "", "text": "<p></p>"} for row in rows], "empty vocabulary"),
    }
    for name, (lines, message) in cases.items():
        path = _write_lines(tmp_path / name, lines)
        assert main([str(path)]) == 2
        assert f"error: {path}" in (error := capsys.readouterr().err) and message in error, error
    latin1 = tmp_path / "latin1.jsonl"
    latin1.write_bytes(json.dumps(rows[0]).encode() + b"\n" + json.dumps(rows[1]).encode().replace(b"Minsk", b"M\xefnsk") + b"\n")
    assert main([str(latin1)]) == 2
    assert f"{latin1}, line 2: not UTF-8 text" in capsys.readouterr().err


def test_a_line_separator_inside_a_text_is_part_of_the_text(tmp_path, capsys):
    rows = _ranking_rows()
    rows[0]["text"] += "\u2028A second paragraph."
    path = tmp_path / "separators.jsonl"
    path.write_text("\n".join(json.dumps(row, ensure_ascii=False) for row in rows) + "\n", encoding="utf-8")
    assert main([str(path), "--json"]) == 0
    assert json.loads(capsys.readouterr().out)["engine"]["queries"] == 7


def test_a_pair_of_one_text_twice_is_scored_as_two_documents(tmp_path, capsys):
    same, different = _pair_rows()[0], _pair_rows()[3]
    twice = {**same, "b_title": same["a_title"], "b_text": same["a_text"]}
    path = _write_lines(tmp_path / "twice.jsonl", [twice, different])
    assert main([str(path), "--json"]) == 0
    assert json.loads(capsys.readouterr().out)["engine"]["roc_auc"] == 1.0
