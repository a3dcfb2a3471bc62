"""The archive-scale benchmark: `python -m trendwatch.scale --articles 50000` (`make scale`).

For each database: a fresh site, the generated archive brought in with `import_archive`, then
every surface measured (see `surfaces`), the publishing of articles by an editor in the embedded
set-up, the rebuild commands and the processes' memory. Writes bench/results/scale.json (or
--output) with the machine's description. `--prepare-only` stops after the import and leaves
the databases for other measurements.
"""

import argparse
import json
import sys
import time
from pathlib import Path

from trendwatch.loadtest import LoadTestError, machine, python_probe

from .commands import PROJECT, ScaleError
from .run import DEFAULT_POSTGRES_URL, measure_database, prepared_archive

RESULTS = PROJECT / "bench" / "results" / "scale.json"


def main(argv=None):
    parser = argparse.ArgumentParser(prog="python -m trendwatch.scale", description=__doc__.splitlines()[0])
    parser.add_argument("--articles", type=int, default=50_000, help="Articles in the archive (default 50000).")
    parser.add_argument("--seed", type=int, default=1, help="Seed of the generated archive (default 1).")
    parser.add_argument("--databases", nargs="+", choices=["sqlite", "postgresql"], default=["sqlite", "postgresql"])
    parser.add_argument("--postgres-url", default=DEFAULT_POSTGRES_URL, help=f"default {DEFAULT_POSTGRES_URL}")
    parser.add_argument("--requests", type=int, default=100, help="Requests per kind of page (default 100).")
    parser.add_argument("--publish", type=int, default=21,
                        help="Articles an editor publishes in the embedded set-up, the first not counted (default 21).")
    parser.add_argument("--prepare-only", action="store_true", help="Generate and import, measure nothing.")
    parser.add_argument("--work-dir", type=Path, default=PROJECT / "build" / "scale",
                        help="Where the archive file and the SQLite database are kept (default build/scale).")
    parser.add_argument("--output", type=Path, default=RESULTS)
    options = parser.parse_args(argv)
    if options.articles < 100:
        parser.error("--articles must be at least 100")
    if options.requests < 1:
        parser.error("--requests must be at least 1")
    if options.publish < 2:
        parser.error("--publish must be at least 2")

    def report(message):
        print(f"[{time.strftime('%H:%M:%S')}] {message}", file=sys.stderr, flush=True)

    description = machine()
    output = {"machine": description, "articles": options.articles, "seed": options.seed,
              "requests_per_kind": options.requests, "database": {}}
    results = output["database"]
    try:
        archive = prepared_archive(options.work_dir, options.articles, options.seed, report)
        for name in options.databases:
            results[name] = measure_database(name, archive, options, report)
            if not options.prepare_only:  # written after each database: a later failure keeps it
                write(options.output, output)
    except (ScaleError, LoadTestError) as error:
        sys.exit(f"scale: {error}")
    if options.prepare_only:
        return
    description["python_probe_ms_at_end"] = python_probe()
    write(options.output, output)
    errors = sum(page["errors"] for result in results.values() for page in result["pages"].values())
    print(f"Wrote {options.output}: {errors} errors")
    if errors:
        sys.exit(f"scale: {errors} requests failed (see {options.output})")


def write(path, output):
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(json.dumps(output, indent=2, ensure_ascii=False) + "\n")


if __name__ == "__main__":
    main()
