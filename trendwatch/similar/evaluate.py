"""Measure the engine and two peers on labelled data.

    python -m trendwatch.similar.evaluate FILE.jsonl [FILE.jsonl ...] [--json] [--output PATH]
        [--set NAME=VALUE ...] [--semantic MODEL] [--entities]

Two JSON Lines shapes are read, told apart by their fields:

* ranking files, one article per line: ``{"id", "title", "text", "lang", "published"
  (ISO date or null), "label"}``; every article is a query against all the others and
  articles sharing its label are the relevant ones. Reported: P@1, P@5, MRR (first
  relevant within the top 100) and nDCG@10.
* pair files, one labelled pair per line: ``{"a_title", "a_text", "b_title", "b_text",
  "lang", "same"}``; reported: ROC-AUC of the pair score.

Peers on the same data: TF-IDF cosine (scikit-learn defaults) and tantivy's
more-like-this query (default parameters, Snowball-stemmed fields for English and
Russian). With one file ``--json`` prints ``{"dataset", "engine", "peers"}``; with
several, ``{"machine", "config", "datasets": [...]}``. ``--semantic MODEL`` adds an
``engine_semantic`` entry computed with that sentence-transformers model; ``--entities`` adds an
``engine_entities`` entry where each document's ``entities`` are the canonical ids of the names
it mentions (``mentions.extract_mentions``, spellings grouped across the file by
``names.group_variants``), as the site fills them from its curated entities.
"""

from __future__ import annotations

import argparse
import dataclasses
import datetime
import json
import math
import sys
from dataclasses import dataclass
from pathlib import Path

import numpy as np

from .config import Config
from .document import Document
from .index import SimilarityIndex
from .machine import machine_description
from .mentions import extract_mentions
from .names import group_variants
from .peers import MoreLikeThisPeer, PeerDocument, TfidfPeer

RANKING_FIELDS = {"id": str, "title": str, "text": str, "lang": str, "published": (str, type(None)), "label": (str, int)}
PAIR_FIELDS = {"a_title": str, "a_text": str, "b_title": str, "b_text": str, "lang": str, "same": bool}
MRR_DEPTH = 100
NDCG_DEPTH = 10


class InputError(Exception):
    """A line of an evaluation file is not what the format says; the message names file and line."""


@dataclass(frozen=True)
class Article:
    id: str
    title: str
    text: str
    language: str
    published: datetime.date | None
    label: str


@dataclass(frozen=True)
class Pair:
    first: Article
    second: Article
    same: bool


# -- reading ---------------------------------------------------------------------------


def _check_fields(row: object, expected: dict, where: str) -> None:
    if not isinstance(row, dict):
        raise InputError(f"{where}: expected a JSON object, got {type(row).__name__}")
    missing = [name for name in expected if name not in row]
    if missing:
        raise InputError(f"{where}: missing field(s) {', '.join(missing)}")
    for name, kind in expected.items():
        value = row[name]
        if not isinstance(value, kind) or (kind is not bool and isinstance(value, bool)):
            raise InputError(f"{where}: field {name!r} has the wrong type ({type(value).__name__})")


def _parse_date(value: str | None, where: str) -> datetime.date | None:
    if value is None:
        return None
    try:
        if len(value) == 10:
            return datetime.date.fromisoformat(value)
        return datetime.datetime.fromisoformat(value).date()
    except ValueError:
        raise InputError(f"{where}: field 'published' is not an ISO date: {value!r}") from None


def read_file(path: Path) -> tuple[str, list[Article] | list[Pair]]:
    """Read a ranking or pair file; return ``("ranking", articles)`` or ``("pairs", pairs)``."""
    try:
        # Lines end at line feeds only: JSON strings may hold other line separators (U+2028).
        lines = path.read_bytes().split(b"\n")
    except OSError as error:
        raise InputError(f"{path}: cannot read: {error}") from None
    kind = None
    items: list = []
    seen_ids: set[str] = set()
    texts: dict[tuple[str, ...], Article] = {}
    for number, raw in enumerate(lines, 1):
        where = f"{path}, line {number}"
        try:
            line = raw.decode("utf-8")
        except UnicodeDecodeError as error:
            raise InputError(f"{where}: not UTF-8 text (byte {error.start + 1} of the line)") from None
        if not line.strip():
            continue
        try:
            row = json.loads(line)
        except json.JSONDecodeError as error:
            raise InputError(f"{where}: not valid JSON ({error.msg})") from None
        if kind is None:
            kind = "pairs" if isinstance(row, dict) and "a_text" in row else "ranking"
        if kind == "ranking":
            _check_fields(row, RANKING_FIELDS, where)
            if not row["id"]:
                raise InputError(f"{where}: field 'id' is empty")
            if row["id"] in seen_ids:
                raise InputError(f"{where}: id {row['id']!r} appears more than once")
            seen_ids.add(row["id"])
            published = _parse_date(row["published"], where)
            items.append(Article(row["id"], row["title"], row["text"], row["lang"], published, str(row["label"])))
        else:
            _check_fields(row, PAIR_FIELDS, where)
            sides = []
            for side in ("a", "b"):
                key: tuple[str, ...] = (row["lang"], row[f"{side}_title"], row[f"{side}_text"])
                if sides and texts.get(key) is sides[0]:
                    key += ("second side",)  # a pair of one text twice: two documents, not one
                if key not in texts:
                    texts[key] = Article(f"text-{len(texts)}", key[1], key[2], key[0], None, "")
                sides.append(texts[key])
            items.append(Pair(sides[0], sides[1], row["same"]))
    if not items:
        raise InputError(f"{path}: no articles or pairs in the file")
    if kind == "ranking" and len({article.label for article in items}) == len(items):
        raise InputError(f"{path}: no two articles share a label, so no article has a relevant one to find")
    if kind == "pairs" and len({pair.same for pair in items}) == 1:
        which = "the same story" if items[0].same else "different stories"
        raise InputError(f"{path}: every pair is labelled {which}; ROC-AUC needs both kinds")
    return kind, items


# -- metrics ---------------------------------------------------------------------------


def ranking_metrics(rankings: dict[str, list[str]], labels: dict[str, str]) -> dict[str, float]:
    """P@1, P@5, MRR and nDCG@10 averaged over queries that have at least one relevant document."""
    sizes: dict[str, int] = {}
    for label in labels.values():
        sizes[label] = sizes.get(label, 0) + 1
    totals = {"p_at_1": 0.0, "p_at_5": 0.0, "mrr": 0.0, "ndcg_at_10": 0.0}
    queries = 0
    for doc_id, ranked in rankings.items():
        relevant_count = sizes[labels[doc_id]] - 1
        if relevant_count == 0:
            continue
        queries += 1
        hits = [labels[other] == labels[doc_id] for other in ranked]
        totals["p_at_1"] += sum(hits[:1])
        totals["p_at_5"] += sum(hits[:5]) / 5
        first = next((rank for rank, hit in enumerate(hits[:MRR_DEPTH], 1) if hit), None)
        totals["mrr"] += 1 / first if first else 0.0
        gain = sum(1 / math.log2(rank + 1) for rank, hit in enumerate(hits[:NDCG_DEPTH], 1) if hit)
        ideal = sum(1 / math.log2(rank + 1) for rank in range(1, min(relevant_count, NDCG_DEPTH) + 1))
        totals["ndcg_at_10"] += gain / ideal
    result = {name: round(total / queries, 4) if queries else 0.0 for name, total in totals.items()}
    result["queries"] = queries
    return result


def roc_auc(scores: list[float], positives: list[bool]) -> float:
    """Probability that a random positive pair outscores a random negative one (ties count half)."""
    scores_array = np.asarray(scores, dtype=np.float64)
    positive = np.asarray(positives, dtype=bool)
    order = np.argsort(scores_array, kind="stable")
    ranks = np.empty(len(scores_array))
    sorted_scores = scores_array[order]
    start = 0
    while start < len(sorted_scores):
        end = start
        while end + 1 < len(sorted_scores) and sorted_scores[end + 1] == sorted_scores[start]:
            end += 1
        ranks[order[start : end + 1]] = (start + end) / 2 + 1
        start = end + 1
    n_pos, n_neg = int(positive.sum()), int((~positive).sum())
    if n_pos == 0 or n_neg == 0:
        raise ValueError("ROC-AUC needs both same and different pairs")
    return round(float((ranks[positive].sum() - n_pos * (n_pos + 1) / 2) / (n_pos * n_neg)), 4)


# -- running -------------------------------------------------------------------------------


def _progress_bar(description: str, total: int):
    from tqdm import tqdm

    return tqdm(total=total, desc=description, file=sys.stderr, leave=False, unit="doc")


def mentioned_entities(articles: list[Article]) -> dict[str, tuple[str, ...]]:
    """Article id -> ids of the names it mentions; one id per group of spellings of one name."""
    surfaces = {
        a.id: {m.surface for m in extract_mentions(f"{a.title}\n{a.text}", a.language)}
        for a in _progress("entities: mentions", articles)
    }
    group_of = {}
    for number, group in enumerate(group_variants(sorted(set().union(*surfaces.values())))):
        group_of.update((surface, f"name-{number}") for surface in group)
    return {doc_id: tuple(sorted({group_of[s] for s in found})) for doc_id, found in surfaces.items()}


def _engine_index(articles: list[Article], config: Config, entities: dict[str, tuple[str, ...]] | None = None) -> SimilarityIndex:
    documents = [
        Document(a.id, a.language, a.title, body=a.text, published=a.published, entities=(entities or {}).get(a.id, ()))
        for a in articles
    ]
    with _progress_bar("engine: analysing", len(documents)) as bar:
        return SimilarityIndex(config).fit(documents, progress=lambda done, total: bar.update(done - bar.n))


def _peer_documents(articles: list[Article]) -> list[PeerDocument]:
    return [PeerDocument(a.id, a.language, f"{a.title}\n{a.text}") for a in articles]


def evaluate_ranking(articles: list[Article], config: Config, entities: bool = False, peers: bool = True) -> dict:
    """Engine (and, if peers, the peers) on a ranking file; entities: fill Document.entities (default False)."""
    labels = {a.id: a.label for a in articles}
    depth = min(MRR_DEPTH, len(articles) - 1) or 1
    index = _engine_index(articles, config, mentioned_entities(articles) if entities else None)
    with _progress_bar("engine: ranking", len(articles)) as bar:
        lists = index.all_neighbours(depth, progress=lambda done, total: bar.update(done - bar.n))
    engine = ranking_metrics({doc_id: [n.id for n in ns] for doc_id, ns in lists.items()}, labels)
    if not peers:
        return {"engine": engine}

    peer_documents = _peer_documents(articles)
    tfidf = TfidfPeer(peer_documents)
    tfidf_rankings = {doc_id: [o for o, _ in tfidf.ranking(doc_id, depth)] for doc_id in _progress("tfidf", list(labels))}
    mlt = MoreLikeThisPeer(peer_documents)
    mlt_rankings = {doc_id: [o for o, _ in mlt.ranking(doc_id, depth)] for doc_id in _progress("mlt", list(labels))}
    return {
        "engine": engine,
        "peers": {"tfidf": ranking_metrics(tfidf_rankings, labels), "mlt": ranking_metrics(mlt_rankings, labels)},
    }


def evaluate_pairs(pairs: list[Pair], config: Config, entities: bool = False, peers: bool = True) -> dict:
    """Engine (and, if peers, the peers) on a pair file; entities: fill Document.entities (default False)."""
    articles = list({a.id: a for p in pairs for a in (p.first, p.second)}.values())
    same = [p.same for p in pairs]
    index = _engine_index(articles, config, mentioned_entities(articles) if entities else None)
    engine_scores = [index.compare(p.first.id, p.second.id).score for p in _progress("engine", pairs)]
    counts = {"pairs": len(pairs), "same": sum(same)}
    if not peers:
        return {"engine": {"roc_auc": roc_auc(engine_scores, same), **counts}}
    peer_documents = _peer_documents(articles)
    tfidf = TfidfPeer(peer_documents)
    mlt = MoreLikeThisPeer(peer_documents)
    tfidf_scores = [tfidf.pair_score(p.first.id, p.second.id) for p in _progress("tfidf", pairs)]
    mlt_scores = [mlt.pair_score(p.first.id, p.second.id) for p in _progress("mlt", pairs)]
    return {
        "engine": {"roc_auc": roc_auc(engine_scores, same), **counts},
        "peers": {
            "tfidf": {"roc_auc": roc_auc(tfidf_scores, same), **counts},
            "mlt": {"roc_auc": roc_auc(mlt_scores, same), **counts},
        },
    }


def _progress(description: str, items: list):
    from tqdm import tqdm

    return tqdm(items, desc=description, file=sys.stderr, leave=False, unit="query")


def evaluate_file(path: Path, config: Config, semantic_model: str | None = None, entities: bool = False) -> dict:
    """Engine and peers on one file, as the JSON object ``--json`` prints.

    semantic_model: also run the engine with this model (default None); entities: also run it
    with entity ids from the mentions (default False).
    """
    kind, items = read_file(path)
    evaluate = evaluate_ranking if kind == "ranking" else evaluate_pairs
    print(f"{path.name}: {len(items)} {'articles' if kind == 'ranking' else 'pairs'}", file=sys.stderr)
    result = {"dataset": path.stem, "kind": kind, **evaluate(items, config)}
    if semantic_model is not None:
        semantic_config = dataclasses.replace(config, semantic_model=semantic_model)
        result["engine_semantic"] = evaluate(items, semantic_config, peers=False)["engine"]
    if entities:
        result["engine_entities"] = evaluate(items, config, entities=True, peers=False)["engine"]
    return result


def parse_settings(settings: list[str]) -> Config:
    values = {}
    known = {f.name: f for f in dataclasses.fields(Config)}
    for setting in settings:
        name, separator, text = setting.partition("=")
        if not separator or name not in known:
            raise InputError(f"--set {setting!r}: expected NAME=VALUE with NAME one of {', '.join(known)}")
        default = known[name].default
        try:
            values[name] = type(default)(text) if default is not None else text
        except ValueError:
            raise InputError(f"--set {setting!r}: {text!r} is not a valid {type(default).__name__}") from None
    try:
        return Config(**values)
    except (TypeError, ValueError) as error:
        raise InputError(str(error)) from None


def _format(result: dict) -> str:
    lines = [f"{result['dataset']} ({result['kind']})"]
    rows = [("engine", result["engine"])]
    if "engine_semantic" in result:
        rows.append(("engine+semantic", result["engine_semantic"]))
    if "engine_entities" in result:
        rows.append(("engine+entities", result["engine_entities"]))
    rows += [(f"peer {name}", metrics) for name, metrics in result["peers"].items()]
    for name, metrics in rows:
        shown = "  ".join(f"{key}={value}" for key, value in metrics.items())
        lines.append(f"  {name:<16} {shown}")
    return "\n".join(lines)


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(
        prog="python -m trendwatch.similar.evaluate", description="Measure the similar-articles engine and its peers."
    )
    parser.add_argument("files", nargs="+", type=Path, help="ranking or pair JSON Lines files")
    parser.add_argument("--json", action="store_true", help="print JSON instead of a table")
    parser.add_argument("--output", type=Path, help="also write the JSON result to this file")
    parser.add_argument("--set", action="append", default=[], metavar="NAME=VALUE", help="override a Config value")
    parser.add_argument("--semantic", metavar="MODEL", help="also run the engine with this semantic model")
    parser.add_argument(
        "--entities", action="store_true", help="also run the engine with entity ids found in the texts' names"
    )
    arguments = parser.parse_args(argv)
    try:
        config = parse_settings(arguments.set)
        for path in arguments.files:
            read_file(path)  # fail on bad input before spending time on good files
        results = []
        for path in arguments.files:
            results.append(evaluate_file(path, config, arguments.semantic, arguments.entities))
    except InputError as error:
        print(f"error: {error}", file=sys.stderr)
        return 2
    except ValueError as error:  # texts a peer cannot read, e.g. TF-IDF finds no word in any of them
        print(f"error: {path}: {error}", file=sys.stderr)
        return 2
    if len(results) == 1:
        combined = results[0]
    else:
        combined = {"machine": machine_description(), "config": dataclasses.asdict(config), "datasets": results}
    if arguments.output:
        arguments.output.parent.mkdir(parents=True, exist_ok=True)
        arguments.output.write_text(json.dumps(combined, indent=2, ensure_ascii=False) + "\n", encoding="utf-8")
    if arguments.json:
        print(json.dumps(combined, ensure_ascii=False))
    else:
        print("\n".join(_format(result) for result in results))
    return 0


if __name__ == "__main__":
    sys.exit(main())
