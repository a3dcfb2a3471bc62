"""One progress bar for every long command: a `callable(done, total)` drawn with tqdm on stderr."""

import sys
from contextlib import ExitStack, contextmanager

from tqdm import tqdm

# tqdm would start a monitor thread with the first bar, and the similarity engine forks its
# workers only from a process without other threads: `rebuild_similar` would run on one core.
tqdm.monitor_interval = 0


@contextmanager
def progress_bar(description, unit="article", quiet=False):
    # Into a file or a pipe (a log, CI), a line every few seconds rather than one per article.
    interval = 0.1 if sys.stderr.isatty() else 5
    with tqdm(desc=description, unit=unit, disable=quiet, mininterval=interval) as bar:

        def report(done, total):
            bar.total = total
            bar.update(done - bar.n)  # drawn at most once per interval

        yield report


@contextmanager
def stage_bars(unit="article", quiet=False):
    """A bar per stage of a long command, one after another: `stage(name)` closes the last
    stage's bar and gives the new stage's `callable(done, total)`."""
    with ExitStack() as current:

        def stage(name):
            current.close()
            return current.enter_context(progress_bar(name, unit, quiet))

        yield stage
