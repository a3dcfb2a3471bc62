"""Speed and memory of the engine on a synthetic archive, beside tantivy more-like-this.

    python -m trendwatch.similar.bench [--sizes 1000,10000,100000] [--output PATH] [--set NAME=VALUE ...]

For every size, in a fresh subprocess (so memory peaks do not mix), it generates a
seeded archive (English and Russian pseudo-words drawn from Zipf-like distributions
mixed with topic vocabularies, capitalised names, ten years of dates, five trends) and
measures:

* ``rebuild_s``: ``fit`` plus the top-10 lists (with reasons) of every article, taken
  one at a time from ``iter_neighbours``; ``analysis_s``: the ``fit`` part of it (text
  analysis and corpus statistics);
* ``incremental_p50_ms`` / ``incremental_p95_ms``: publishing one more article with
  ``add``, which also updates every list it enters;
* ``peak_rss_mb``: peak resident memory of the engine's subprocess, read before the
  peer runs; ``peak_memory_with_workers_mb``: the largest total of that process and
  the workers it forks, sampled every 0.1 s during the same rebuild in another fresh
  subprocess, which is not timed (proportional set size: pages the workers share with
  their parent counted once; Linux only);
* ``exact_list_recall`` / ``exact_lists_kept``, when the archive is larger than
  ``Config.exact_lists_up_to`` (lists of candidates): for ``RECALL_SAMPLE`` sampled
  articles, the share of the entries of the exact top-10 lists found in the engine's
  lists, and the share of lists that are exactly the exact ones;
* ``mlt_all_s``: tantivy more-like-this (default parameters, top 10) for every article,
  extrapolated from ``mlt_sampled_queries`` timed queries; ``mlt_index_s`` is the
  time tantivy takes to index the archive, not included in ``mlt_all_s``. The queries
  run one after another in one thread (``mlt_threads``), while the engine's rebuild uses
  every core (``Config.workers``): tantivy searches without the GIL, and on two cores two
  threads of queries took 1.6-1.7x less time than one (20,000 articles).
"""

from __future__ import annotations

import argparse
import datetime
import json
import os
import resource
import signal
import subprocess
import sys
import time
from pathlib import Path

import numpy as np

from .config import Config
from .document import Document
from .evaluate import InputError, parse_settings
from .index import SimilarityIndex
from .machine import machine_description

SEED = 20161212
INCREMENTAL_ADDS = 200
MLT_SAMPLED_QUERIES = 200
RECALL_SAMPLE = 200
TOPICS = 400
TRENDS = ("elite", "society", "security", "west", "russia")
FIRST_DAY = datetime.date(2015, 1, 1).toordinal()
DAYS = 3652
# Share of an article's words drawn from its topic rather than from the whole language.
TOPIC_SHARE = 0.3
FUNCTION_WORD_RANKS = 150

_SYLLABLES = {
    "en": "ba be bi bo ca co da de di do fa fe ga go ha he ka ke la le li lo ma me mi mo na ne ni no "
    "pa pe pi po ra re ri ro sa se si so ta te ti to va ve vi wa we za ze ar er in on en an st tr",
    "ru": "ба бе би бо ва ве ви во га го да де ди до за зе ка ке ки ко ла ле ли ло ма ме ми мо на не "
    "ни но па пе пи по ра ре ри ро са се си со та те ти то ус ов ин ар ер ст тр пр",
}


class SyntheticArchive:
    """Deterministic English and Russian pseudo-articles with a topic structure."""

    def __init__(self, seed: int = SEED, vocabulary_size: int = 40_000) -> None:
        self._rng = np.random.default_rng(seed)
        self._words = {language: self._make_words(language, vocabulary_size) for language in _SYLLABLES}
        self._names = {language: self._make_words(language, 3000) for language in _SYLLABLES}
        # Content words only: the most frequent ranks of a real Zipf curve are function
        # words, which stop-word lists remove before any similarity is computed.
        ranks = np.arange(1, vocabulary_size + 1) + FUNCTION_WORD_RANKS
        self._zipf_cumulative = np.cumsum(ranks**-1.07 / np.sum(ranks**-1.07))
        self._topic_words = self._rng.integers(200, vocabulary_size, size=(TOPICS, 60))
        self._topic_names = self._rng.integers(0, 3000, size=(TOPICS, 8))

    def _make_words(self, language: str, count: int) -> list[str]:
        syllables = _SYLLABLES[language].split()
        words: list[str] = []
        seen: set[str] = set()
        while len(words) < count:
            length = int(self._rng.integers(2, 5))
            word = "".join(syllables[i] for i in self._rng.integers(0, len(syllables), size=length))
            if word not in seen:
                seen.add(word)
                words.append(word)
        return words

    def _sentence_words(self, language: str, topic: int, count: int) -> list[str]:
        words = self._words[language]
        from_topic = self._rng.random(count) < TOPIC_SHARE
        background = np.minimum(np.searchsorted(self._zipf_cumulative, self._rng.random(count)), len(words) - 1)
        topical = self._topic_words[topic][self._rng.integers(0, 60, size=count)]
        chosen = [words[i] for i in np.where(from_topic, topical, background)]
        for position in np.flatnonzero(self._rng.random(count) < 0.04):
            chosen[position] = self._names[language][self._topic_names[topic][self._rng.integers(0, 8)]].capitalize()
        return chosen

    def _text(self, language: str, topic: int, words: int) -> str:
        sentences = []
        while words > 0:
            length = min(words, int(self._rng.integers(8, 20)))
            sentence = " ".join(self._sentence_words(language, topic, length))
            # Only the first letter: str.capitalize() would lowercase the names in the sentence.
            sentences.append(sentence[:1].upper() + sentence[1:] + ".")
            words -= length
        return " ".join(sentences)

    def document(self, number: int) -> Document:
        language = "en" if self._rng.random() < 0.5 else "ru"
        topic = int(self._rng.integers(0, TOPICS))
        body_words = int(np.clip(self._rng.lognormal(5.7, 0.4), 80, 1500))
        return Document(
            id=f"article-{number:06d}",
            language=language,
            title=self._text(language, topic, int(self._rng.integers(6, 12))),
            lead=self._text(language, topic, int(self._rng.integers(20, 40))),
            body=self._text(language, topic, body_words),
            published=datetime.date.fromordinal(FIRST_DAY + int(self._rng.integers(0, DAYS))),
            trend=TRENDS[topic % len(TRENDS)],
        )

    def documents(self, count: int, start: int = 0) -> list[Document]:
        from tqdm import tqdm

        _no_progress_thread()  # the archive is generated to be fitted, on every core
        numbers = range(start, start + count)
        return [self.document(n) for n in tqdm(numbers, desc="generating", file=sys.stderr, leave=False)]


def _no_progress_thread() -> None:
    """tqdm starts a monitor thread with its first bar; the engine never forks workers
    beside other threads (``SimilarityIndex._workers``), so with it every rebuild here ran
    in one process. Bars work the same without the monitor."""
    from tqdm import tqdm

    tqdm.monitor_interval = 0


def _peak_rss_mb() -> float:
    return resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024


def _proportional_mb(pid: int) -> float:
    """Memory of ``pid`` and its children but this sampler, pages shared after a fork counted once (Linux PSS)."""
    total_kb = 0
    children = Path(f"/proc/{pid}/task/{pid}/children")
    workers = [child for child in (children.read_text().split() if children.exists() else []) if child != str(os.getpid())]
    for process in [str(pid), *workers]:
        try:
            rollup = Path(f"/proc/{process}/smaps_rollup").read_text()
        except OSError:  # a worker that just ended
            continue
        total_kb += next((int(line.split()[1]) for line in rollup.splitlines() if line.startswith("Pss:")), 0)
    return total_kb / 1024


def _sample_memory(pid: int) -> int:
    """Run in its own process (a thread would keep the engine from forking its workers):
    print the largest memory of ``pid`` with its workers, sampled until SIGTERM."""
    peak = 0.0

    def report(*_):
        print(round(peak), flush=True)
        sys.exit(0)

    signal.signal(signal.SIGTERM, report)
    while Path(f"/proc/{pid}").exists():
        peak = max(peak, _proportional_mb(pid))
        time.sleep(0.1)
    report()


def _mlt_timing(documents: list[Document]) -> tuple[float, dict]:
    """Seconds of more-like-this for every document (extrapolated, unrounded) and the numbers to report."""
    from tqdm import tqdm

    from .peers import MoreLikeThisPeer, PeerDocument

    started = time.perf_counter()
    peer = MoreLikeThisPeer([PeerDocument(d.id, d.language, f"{d.title}\n{d.lead}\n{d.body}") for d in documents])
    index_seconds = time.perf_counter() - started
    rng = np.random.default_rng(SEED + 1)
    sample = rng.choice(len(documents), size=min(MLT_SAMPLED_QUERIES, len(documents)), replace=False)
    started = time.perf_counter()
    for position in tqdm(sample, desc="more-like-this", file=sys.stderr, leave=False):
        peer.ranking(documents[position].id, 10)
    per_query = (time.perf_counter() - started) / len(sample)
    return per_query * len(documents), {
        "mlt_all_s": round(per_query * len(documents), 1),
        "mlt_sampled_queries": int(len(sample)),
        "mlt_threads": 1,
        "mlt_index_s": round(index_seconds, 1),
    }


def _exact_list_recall(index: SimilarityIndex, k: int = 10) -> dict:
    """How much of the exact top-``k`` lists of a sample of articles the index's lists hold."""
    rng = np.random.default_rng(SEED + 2)
    ids = index.ids()
    sample = rng.choice(len(ids), size=min(RECALL_SAMPLE, len(ids)), replace=False)
    found = total = identical = 0
    for position in sample.tolist():
        row = index._row(ids[position])
        exact_rows, _ = index._top(np.arange(len(index._alive)), index._row_scores(row), k)
        exact = [index._ids[r] for r in exact_rows.tolist()]
        listed = [neighbour.id for neighbour in index.neighbours(ids[position], k)]
        found += len(set(exact) & set(listed))
        total += len(exact)
        identical += exact == listed
    return {"exact_list_recall": round(found / max(total, 1), 4), "exact_lists_kept": round(identical / len(sample), 4)}


def _rebuild(documents: list[Document], config: Config, description: str) -> tuple[SimilarityIndex, float]:
    """A full rebuild of ``documents``: the index, after every list was taken with its
    reasons, and the seconds its ``fit`` took."""
    from tqdm import tqdm

    started = time.perf_counter()
    with tqdm(total=len(documents), desc=description, file=sys.stderr, leave=False) as bar:
        index = SimilarityIndex(config).fit(documents)
        analysis_seconds = time.perf_counter() - started
        # Lists are consumed one at a time, as a job storing them would.
        for _ in index.iter_neighbours(10, progress=lambda done, total: bar.update(done - bar.n)):
            pass
    return index, analysis_seconds


def measure(size: int, config: Config | None = None) -> dict:
    """All numbers for one archive size, measured in this process."""
    from tqdm import tqdm

    config = config or Config()
    _no_progress_thread()

    archive = SyntheticArchive()
    documents = archive.documents(size)
    extra = archive.documents(INCREMENTAL_ADDS, start=size)

    started = time.perf_counter()
    index, analysis_seconds = _rebuild(documents, config, f"rebuild n={size}")
    rebuild_seconds = time.perf_counter() - started

    recall = _exact_list_recall(index) if size > config.exact_lists_up_to else {}
    timings, affected = [], []
    for document in tqdm(extra, desc="incremental", file=sys.stderr, leave=False):
        started = time.perf_counter()
        affected.append(len(index.add(document)))
        timings.append((time.perf_counter() - started) * 1000)
    result = {
        "n": size,
        "rebuild_s": round(rebuild_seconds, 1),
        "analysis_s": round(analysis_seconds, 1),
        "incremental_adds": len(timings),
        "incremental_p50_ms": round(float(np.percentile(timings, 50)), 1),
        "incremental_p95_ms": round(float(np.percentile(timings, 95)), 1),
        "incremental_mean_affected": round(float(np.mean(affected)), 1),
        "peak_rss_mb": round(_peak_rss_mb(), 0),
        **recall,
    }
    del index
    mlt_seconds, mlt = _mlt_timing(documents)
    result.update(mlt)
    result["speedup_vs_mlt"] = round(mlt_seconds / rebuild_seconds, 1)
    return result


def measure_memory(size: int, config: Config | None = None) -> dict:
    """The largest memory of this process and its workers during a rebuild of ``size``
    documents, sampled from another process; empty where Linux's /proc is missing. Apart
    from ``measure``: sampling costs CPU (reading a large process's page tables ten times
    a second took about a tenth of the rebuild), and a second rebuild in the same process
    starts from a larger heap."""
    if not Path(f"/proc/{os.getpid()}/smaps_rollup").exists():
        return {}
    _no_progress_thread()
    documents = SyntheticArchive().documents(size)
    sampler = subprocess.Popen(
        [sys.executable, "-m", "trendwatch.similar.bench", "--sample-memory", str(os.getpid())],
        stdout=subprocess.PIPE, text=True,
    )
    _rebuild(documents, config or Config(), f"memory n={size}")
    sampler.terminate()
    return {"peak_memory_with_workers_mb": int(sampler.communicate()[0].strip() or 0)}


def _measured_in_subprocess(mode: str, size: int, settings: list[str]) -> dict | None:
    completed = subprocess.run(
        [sys.executable, "-m", "trendwatch.similar.bench", mode, str(size)]
        + [option for setting in settings for option in ("--set", setting)],
        stdout=subprocess.PIPE, text=True, check=False,
    )
    if completed.returncode != 0:
        print(f"error: the measurement of n={size} ({mode}) failed (exit {completed.returncode})", file=sys.stderr)
        return None
    return json.loads(completed.stdout.strip().splitlines()[-1])


def _parse_sizes(text: str) -> list[int]:
    try:
        sizes = [int(part) for part in text.split(",") if part.strip()]
    except ValueError:
        raise SystemExit(f"error: --sizes must be comma-separated whole numbers, got {text!r}") from None
    if not sizes or min(sizes) < 2:
        raise SystemExit(f"error: --sizes needs sizes of at least 2, got {text!r}")
    return sizes


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="python -m trendwatch.similar.bench", description=__doc__.split("\n\n")[0])
    parser.add_argument("--sizes", default="1000,10000,100000", help="archive sizes [1000,10000,100000]")
    parser.add_argument("--output", type=Path, default=Path("bench/results/similar-speed.json"), help="result file")
    parser.add_argument("--set", action="append", default=[], metavar="NAME=VALUE", help="override a Config value")
    parser.add_argument("--one", type=int, help=argparse.SUPPRESS)  # the per-size subprocess
    parser.add_argument("--memory", type=int, help=argparse.SUPPRESS)  # its memory twin
    parser.add_argument("--sample-memory", type=int, help=argparse.SUPPRESS)  # its memory sampler
    arguments = parser.parse_args(argv)
    if arguments.sample_memory is not None:
        return _sample_memory(arguments.sample_memory)
    try:
        config = parse_settings(arguments.set)
    except InputError as error:
        raise SystemExit(f"error: {error}") from None
    if arguments.one is not None:
        print(json.dumps(measure(arguments.one, config)))
        return 0
    if arguments.memory is not None:
        print(json.dumps(measure_memory(arguments.memory, config)))
        return 0
    results = []
    for size in _parse_sizes(arguments.sizes):
        print(f"measuring n={size} in a fresh process, then its memory in another", file=sys.stderr)
        timed = _measured_in_subprocess("--one", size, arguments.set)
        memory = _measured_in_subprocess("--memory", size, arguments.set) if timed is not None else None
        if memory is None:
            return 1
        timed.update(memory)
        results.append(timed)
        print(json.dumps(results[-1]), file=sys.stderr)
    report = {"machine": machine_description(), "sizes": results}
    if arguments.set:
        report["settings"] = arguments.set
    arguments.output.parent.mkdir(parents=True, exist_ok=True)
    arguments.output.write_text(json.dumps(report, indent=2) + "\n", encoding="utf-8")
    print(json.dumps(report, indent=2))
    return 0


if __name__ == "__main__":
    sys.exit(main())
