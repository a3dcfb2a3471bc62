"""Sharing the work of a full rebuild: text analysis in forked processes, lists and reasons
in threads (the compiled kernels release the GIL).

The forked workers read the documents to analyse from this module's ``_forked_job``, set by
``counted_in_chunks`` alone while its pool runs: a fork hands them over without pickling.
"""

from __future__ import annotations

import os
from collections import deque
from collections.abc import Callable, Iterator
from concurrent.futures import ThreadPoolExecutor
from typing import NamedTuple

from .config import Config
from .document import Document
from .features import CountedDocuments, FeatureCounter, adopt_counter
from .forks import PARALLEL_ROWS, fork_workers, forked_pool

# Below this many documents a rebuild is quicker in one process (or thread) than in several.
_PARALLEL_ROWS = PARALLEL_ROWS
# Documents a forked worker analyses per task.
_ANALYSIS_CHUNK = 200


class _ForkedJob(NamedTuple):
    """What forked workers work on; ``token`` tells one job from the next."""

    documents: list[Document]
    config: Config
    token: object


# Set only while a pool is running.
_forked_job: _ForkedJob | None = None
# A worker's counter and the token of the job it counts for (a worker may outlive a job).
_worker_counter: tuple[object, FeatureCounter] | None = None


def worker_count(config: Config, rows: int) -> int:
    """Processes to share a job over ``rows`` documents: 1 unless the archive is large and
    this process may fork."""
    return fork_workers(rows, config.workers, min_rows=_PARALLEL_ROWS)


def thread_count(config: Config, rows: int) -> int:
    """Threads to share the lists and reasons of ``rows`` documents: 1 unless the archive is large."""
    threads = config.workers or os.cpu_count() or 1
    return threads if rows >= _PARALLEL_ROWS else 1


def counted_in_chunks(documents: list[Document], config: Config) -> Iterator[CountedDocuments]:
    """Counts of ``documents`` in order, a chunk at a time; text analysis is most of a fit,
    so a large archive is analysed on every core (the caller numbers the terms of the whole
    archive: that must be sequential)."""
    global _forked_job
    workers = worker_count(config, len(documents))
    if workers == 1:
        counter = FeatureCounter()
        for start in range(0, len(documents), _ANALYSIS_CHUNK):
            yield counter.count(documents[start : start + _ANALYSIS_CHUNK], config)
        # The words of the archive are known now: documents added later are counted
        # with them instead of learning every word again.
        adopt_counter(counter)
        return
    _forked_job = _ForkedJob(documents, config, object())
    # The compiled word finder is loaded (or compiled) here once, before the workers
    # are forked, instead of in each of them.
    FeatureCounter().count(documents[:1], config)
    # The workers get a few chunks at a time, so that finished ones never pile up
    # waiting to be numbered.
    wave = _ANALYSIS_CHUNK * workers * 16
    try:
        with forked_pool(workers) as pool:
            for first in range(0, len(documents), wave):
                chunks = range(first, min(first + wave, len(documents)), _ANALYSIS_CHUNK)
                yield from pool.imap(_count_forked_chunk, chunks)
    finally:
        _forked_job = None


def _count_forked_chunk(start: int) -> CountedDocuments:
    global _worker_counter
    job = _forked_job
    if _worker_counter is None or _worker_counter[0] is not job.token:
        _worker_counter = (job.token, FeatureCounter(os.getpid()))
    return _worker_counter[1].count(job.documents[start : start + _ANALYSIS_CHUNK], job.config)


def in_threads(function: Callable, items: list, threads: int) -> Iterator:
    """``function`` of each of ``items``, in order, computed by ``threads`` threads (the
    compiled kernels release the GIL) with a few items ahead of the consumer at most."""
    if threads <= 1:
        yield from map(function, items)
        return
    with ThreadPoolExecutor(threads) as pool:
        pending: deque = deque()
        for item in items:
            pending.append(pool.submit(function, item))
            if len(pending) > 2 * threads:
                yield pending.popleft().result()
        while pending:
            yield pending.popleft().result()
