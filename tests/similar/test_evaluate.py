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
