"""The site under load: gunicorn with production settings, driven from outside by wrk.

    python -m trendwatch.loadtest [--seconds 60] [--databases sqlite postgresql] [--workers N] [--threads 1]

(`make loadtest`, `make loadtest LOADTEST_SECONDS=20`.) For each database the site gets a database of
its own with the demo archive, then, with 8 clients throughout:

1. uncached: the page cache off, article pages only (`uncached_article`);
2. a warm-up, then the mix for --seconds: articles, home pages, trend pages, search and feeds at once,
   each kind with its own share of the clients (`pages`);
3. article pages alone and a static file of an article page's size from the same server, in turns so
   that both meet the same load from elsewhere (`article_only`, `static`, `article_to_static`).

Writes bench/results/load.json with the machine's description. Needs wrk (`apt-get install wrk`).
"""

import argparse
import concurrent.futures
import json
import os
import platform
import re
import secrets
import shutil
import socket
import subprocess
import sys
import tempfile
import textwrap
import time
import urllib.error
import urllib.parse
import urllib.request
from pathlib import Path

PROJECT = Path(__file__).resolve().parents[1]
RESULTS = PROJECT / "bench" / "results" / "load.json"
CLIENTS = 8
# How the mix's clients split across kinds of page: readers mostly open articles.
MIX = {"article": 4, "home": 1, "trend": 1, "search": 1, "feed": 1}
SEARCH_TERMS = {
    "en": ["border", "sanctions", "army", "elections", "Lukashenko", "Russia", "economy", "protest"],
    "ru": ["граница", "санкции", "армия", "выборы", "Лукашенко"],
    "be": ["мяжа", "санкцыі", "войска", "выбары"],
}
STATIC_FILE = "loadtest/article-sized.html"
POSTGRES_URL = "postgres://postgres@127.0.0.1:5432/trendwatch_load"
# One single-threaded (sync) process per core: here the database and wrk share the cores, and more
# processes only take turns on them (uncached article pages at 8 clients on 2 cores, rounds of 10 s:
# 2 processes 261-329 per second, 3 191-326, 4 177-260). A free process takes the next connection;
# with threads a kept-alive connection stays with its process, which can hold a queue while another
# idles (p95 133 ms for 2 x 4 threads against 80 ms for 4 sync processes at the same throughput).
WORKERS = os.cpu_count() or 2
THREADS = 1
TARGETS = {"errors": 0, "article_to_static_at_least": 0.5, "uncached_article_p95_ms_at_most": 50}


class LoadTestError(Exception):
    pass


def free_port():
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]


def production_environment(database_url, static_root, page_cache=True):
    """Production settings for plain HTTP on loopback: debug off, a secret key, no redirect to HTTPS."""
    environment = {key: value for key, value in os.environ.items() if not key.startswith(("SECURE_", "PAGE_CACHE"))}
    environment.update(
        DATABASE_URL=database_url,
        STATIC_ROOT=str(static_root),
        DEBUG="0",
        SECRET_KEY=secrets.token_urlsafe(50),
        ALLOWED_HOSTS="127.0.0.1,localhost",
        PAGE_CACHE="1" if page_cache else "0",
        TASKS_BACKEND="immediate",
        LOG_LEVEL="WARNING",
    )
    return environment


def manage(environment, *arguments):
    """Run a manage.py command in a process of its own (each database needs its own settings)."""
    subprocess.run([sys.executable, "manage.py", *arguments], cwd=PROJECT, env=environment, check=True)


class Server:
    """gunicorn serving the site on a free loopback port until the block ends."""

    name = "gunicorn"

    def __init__(self, database_url, static_root, page_cache=True, workers=WORKERS, threads=THREADS):
        self.environment = production_environment(database_url, static_root, page_cache)
        self.workers = workers
        self.threads = threads
        self.port = free_port()
        self.url = f"http://127.0.0.1:{self.port}"

    def command(self):
        return [
            sys.executable, "-m", "gunicorn", "trendwatch.wsgi",
            "--bind", f"127.0.0.1:{self.port}",
            "--workers", str(self.workers),
            # One thread means gunicorn's sync worker; more mean its gthread worker.
            "--threads", str(self.threads),
            "--log-level", "warning",
        ]  # fmt: skip

    def __enter__(self):
        self.log = tempfile.TemporaryFile()
        self.process = subprocess.Popen(self.command(), cwd=PROJECT, env=self.environment, stdout=self.log, stderr=self.log)
        deadline = time.monotonic() + 180
        while True:
            if self.process.poll() is not None:
                raise LoadTestError(f"{self.name} stopped while starting:\n{self.output()}")
            try:
                with urllib.request.urlopen(f"{self.url}/robots.txt", timeout=10) as answer:  # nosec B310
                    if answer.status == 200:
                        return self
            except (urllib.error.URLError, ConnectionError, TimeoutError):
                pass
            if time.monotonic() > deadline:
                self.stop()
                raise LoadTestError(f"{self.name} did not answer on {self.url} within 180 s:\n{self.output()}")
            time.sleep(0.2)

    def __exit__(self, *exc_info):
        self.stop()
        self.log.close()

    def stop(self):
        self.process.terminate()
        try:
            self.process.wait(timeout=30)
        except subprocess.TimeoutExpired:
            self.process.kill()
            self.process.wait()

    def cpu_seconds(self):
        """CPU time used so far by gunicorn and its workers: unlike rates, untouched by other load on the machine."""
        ticks = 0
        for stat in Path("/proc").glob("[0-9]*/stat"):
            try:
                fields = stat.read_text().rsplit(")", 1)[1].split()
            except OSError:
                continue  # a process that ended meanwhile
            pid = int(stat.parent.name)
            if pid == self.process.pid or int(fields[1]) == self.process.pid:
                ticks += int(fields[11]) + int(fields[12])  # utime, stime
        return ticks / os.sysconf("SC_CLK_TCK")

    def output(self):
        self.log.seek(0)
        return self.log.read().decode(errors="replace")[-4000:]


def fetch(url):
    """The body at `url`: only ever the site under test, on loopback."""
    with urllib.request.urlopen(url, timeout=60) as answer:  # nosec B310
        return answer.read()


def targets(base_url):
    """{kind: [paths]} for the mix, read from the running site's sitemap like a crawler would."""
    index = fetch(f"{base_url}/sitemap.xml").decode()
    files = [urllib.parse.urlsplit(location).path for location in re.findall(r"<sitemap><loc>([^<]+)</loc>", index)]
    sitemap = "".join(fetch(f"{base_url}{path}").decode() for path in files)
    paths = [urllib.parse.urlsplit(location).path for location in re.findall(r"<url><loc>([^<]+)</loc>", sitemap)]
    found = {
        "article": [path for path in paths if re.fullmatch(r"/\w+/articles/[^/]+/", path)],
        "home": [path for path in paths if re.fullmatch(r"/\w+/", path)],
        "trend": [path for path in paths if re.fullmatch(r"/\w+/trends/[^/]+/", path)],
    }
    languages = sorted({path.split("/")[1] for path in found["home"]})
    trend_slugs = sorted({path.rstrip("/").rsplit("/", 1)[1] for path in found["trend"]})
    found["search"] = [
        f"/{language}/search/?{urllib.parse.urlencode({'q': term})}"
        for language in languages
        for term in SEARCH_TERMS.get(language, SEARCH_TERMS["en"])
    ]
    found["feed"] = [f"/{language}/feeds/{kind}/" for language in languages for kind in ("rss", "atom")]
    found["feed"] += [f"/en/feeds/{slug}/rss/" for slug in trend_slugs]
    missing = [kind for kind, kind_paths in found.items() if not kind_paths]
    if missing:
        raise LoadTestError(f"The sitemap of {base_url} lists no pages of kind {', '.join(missing)}")
    return found


WRK_SCRIPT = """
local paths = {%(paths)s}
local threads = {}
local position = 0

function setup(thread)
  table.insert(threads, thread)
end

function init(args)
  hits = 0
  misses = 0
  position = math.random(#paths)
end

function request()
  position = position %% #paths + 1
  return wrk.format("GET", paths[position])
end

function response(status, headers, body)
  local cache = headers["X-Page-Cache"]
  if cache == "hit" then hits = hits + 1 elseif cache == "miss" then misses = misses + 1 end
end

function done(summary, latency, requests)
  local hit_total, miss_total = 0, 0
  for _, thread in ipairs(threads) do
    hit_total = hit_total + thread:get("hits")
    miss_total = miss_total + thread:get("misses")
  end
  local errors = summary.errors
  io.write(string.format(
    'WRK-RESULT {"requests": %%d, "duration_us": %%d, "errors": {"connect": %%d, "read": %%d, "write": %%d, "status": %%d, "timeout": %%d}, "p50_us": %%d, "p95_us": %%d, "p99_us": %%d, "cache_hits": %%d, "cache_misses": %%d}\\n',
    summary.requests, summary.duration,
    errors.connect, errors.read, errors.write, errors.status, errors.timeout,
    latency:percentile(50), latency:percentile(95), latency:percentile(99), hit_total, miss_total))
end
"""


def lua_string(text):
    return '"' + text.replace("\\", "\\\\").replace('"', '\\"') + '"'


def start_wrk(base_url, paths, clients, seconds, folder):
    """One wrk process with `clients` connections cycling through `paths`; read it with `wrk_result`."""
    if shutil.which("wrk") is None:
        raise LoadTestError("wrk is not installed: apt-get install wrk")
    script = Path(folder) / f"wrk-{secrets.token_hex(4)}.lua"
    script.write_text(WRK_SCRIPT % {"paths": ", ".join(lua_string(path) for path in paths)})
    command = ["wrk", "--threads", "1", "--connections", str(clients), "--duration", f"{seconds}s", "--timeout", "10s",
               "--script", str(script), base_url]  # fmt: skip
    return subprocess.Popen(command, stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True)


def wrk_result(process):
    stdout, stderr = process.communicate()
    match = re.search(r"^WRK-RESULT (\{.*\})$", stdout, re.MULTILINE)
    if process.returncode != 0 or match is None:
        raise LoadTestError(f"wrk failed (exit {process.returncode}):\n{stdout}\n{stderr}")
    raw = json.loads(match.group(1))
    seconds = raw["duration_us"] / 1e6
    return {
        "rps": round(raw["requests"] / seconds, 1),
        "p50_ms": round(raw["p50_us"] / 1000, 1),
        "p95_ms": round(raw["p95_us"] / 1000, 1),
        "p99_ms": round(raw["p99_us"] / 1000, 1),
        "errors": sum(raw["errors"].values()),
        "requests": raw["requests"],
        "seconds": round(seconds, 2),
        "cache_hits": raw["cache_hits"],
        "cache_misses": raw["cache_misses"],
        # wrk counts answers other than 2xx/3xx as "status", and gives up on a request after 10 s ("timeout").
        **({"error_kinds": {kind: count for kind, count in raw["errors"].items() if count}} if any(raw["errors"].values()) else {}),
    }


def drive(base_url, paths, clients, seconds):
    with tempfile.TemporaryDirectory() as folder:
        return wrk_result(start_wrk(base_url, paths, clients, seconds, folder))


def drive_alternately(server, paths_by_kind, seconds, rounds=4):
    """Each kind alone in turn, `rounds` times, so that both meet the same load from elsewhere on the
    machine: {kind: stats}, rates over all slices, percentiles the median of the slices', and the
    server's CPU time per request."""
    slices = {kind: [] for kind in paths_by_kind}
    cpu = {kind: 0.0 for kind in paths_by_kind}
    for _round in range(rounds):
        for kind, paths in paths_by_kind.items():
            before = server.cpu_seconds()
            slices[kind].append(drive(server.url, paths, CLIENTS, max(1, round(seconds / rounds))))
            cpu[kind] += server.cpu_seconds() - before
    combined = {}
    for kind, runs in slices.items():
        requests = sum(run["requests"] for run in runs)
        combined[kind] = {
            "server_cpu_ms_per_request": round(1000 * cpu[kind] / max(1, requests), 2),
            "rps": round(requests / sum(run["seconds"] for run in runs), 1),
            **{
                percentile: sorted(run[percentile] for run in runs)[len(runs) // 2]
                for percentile in ("p50_ms", "p95_ms", "p99_ms")
            },
            "errors": sum(run["errors"] for run in runs),
            "requests": requests,
            "cache_hits": sum(run["cache_hits"] for run in runs),
            "cache_misses": sum(run["cache_misses"] for run in runs),
            "slices_rps": [run["rps"] for run in runs],
        }
    return combined


def drive_mix(base_url, paths_by_kind, seconds, mix=MIX):
    """Every kind of page at once, each with its share of the clients: {kind: stats}."""
    with tempfile.TemporaryDirectory() as folder:
        running = {kind: start_wrk(base_url, paths_by_kind[kind], clients, seconds, folder) for kind, clients in mix.items()}
        return {kind: wrk_result(process) for kind, process in running.items()}


def warm_up(base_url, paths, workers):
    """Request every page often enough that each gunicorn process has most likely cached it."""
    rounds = 3 * workers
    with concurrent.futures.ThreadPoolExecutor(CLIENTS) as pool:
        list(pool.map(fetch, [f"{base_url}{path}" for path in paths] * rounds))


def prepare_database(database_url, static_root):
    """Create (PostgreSQL), migrate and fill with the demo archive once; later runs reuse it."""
    if database_url.startswith("postgres"):
        create_postgres_database(database_url)
    environment = production_environment(database_url, static_root)
    manage(environment, "migrate", "--noinput", "--verbosity", "0")
    manage(environment, "load_demo", "--verbosity", "1")


def create_postgres_database(database_url):
    import psycopg
    from psycopg import sql

    parts = urllib.parse.urlsplit(database_url)
    name = parts.path.lstrip("/")
    maintenance = urllib.parse.urlunsplit(parts._replace(path="/postgres"))
    try:
        with psycopg.connect(maintenance, autocommit=True) as connection:
            if not connection.execute("SELECT 1 FROM pg_database WHERE datname = %s", [name]).fetchone():
                connection.execute(sql.SQL("CREATE DATABASE {}").format(sql.Identifier(name)))
    except psycopg.OperationalError as error:
        raise LoadTestError(f"PostgreSQL at {maintenance} cannot be reached ({error}); start it or pass --databases sqlite")


def prepare_static(static_root):
    environment = production_environment("sqlite://:memory:", static_root)
    manage(environment, "collectstatic", "--noinput", "--verbosity", "0")


def write_static_file(static_root, size):
    """A static file of `size` bytes for whitenoise to serve next to the pages."""
    path = Path(static_root) / STATIC_FILE
    path.parent.mkdir(parents=True, exist_ok=True)
    line = "<p>A static file as large as an article page, served by the same server.</p>\n"
    path.write_text((line * (size // len(line) + 1))[:size])
    return f"/static/{STATIC_FILE}"


def machine_cpu_ticks():
    """(busy, all) clock ticks of the whole machine since boot, from /proc/stat."""
    user, nice, system, idle, iowait, irq, softirq, steal = map(int, Path("/proc/stat").read_text().split()[1:9])
    busy = user + nice + system + irq + softirq + steal
    return busy, busy + idle + iowait


def measure_database(name, database_url, static_root, seconds, workers, threads, report):
    report(f"{name}: preparing the database")
    prepare_database(database_url, static_root)
    load_before = os.getloadavg()
    busy_before, all_before = machine_cpu_ticks()
    side_seconds = max(5, seconds // 3)
    with Server(database_url, static_root, page_cache=False, workers=workers, threads=threads) as server:
        paths = targets(server.url)
        article_size = len(fetch(f"{server.url}{paths['article'][0]}"))
        report(f"{name}: uncached article pages, {CLIENTS} clients, {side_seconds} s")
        # Every process and thread loads its templates and opens its connection before the clock runs.
        warm_up(server.url, paths["article"][: workers * threads], workers)
        before = server.cpu_seconds()
        uncached = drive(server.url, paths["article"], CLIENTS, side_seconds)
        uncached["server_cpu_ms_per_request"] = round(1000 * (server.cpu_seconds() - before) / max(1, uncached["requests"]), 1)
    static_path = write_static_file(static_root, article_size)
    with Server(database_url, static_root, page_cache=True, workers=workers, threads=threads) as server:
        report(f"{name}: warming the page cache ({sum(len(kind_paths) for kind_paths in paths.values())} pages)")
        warm_up(server.url, [path for kind_paths in paths.values() for path in kind_paths], workers)
        report(f"{name}: the mix, {CLIENTS} clients, {seconds} s")
        pages = drive_mix(server.url, paths, seconds)
        report(f"{name}: article pages alone and the static file alone, in turns, {side_seconds} s each")
        alone = drive_alternately(server, {"article": paths["article"], "static": [static_path]}, side_seconds)
        article_only, static = alone["article"], alone["static"]
    busy_after, all_after = machine_cpu_ticks()
    return {
        "pages": pages,
        "static_rps": static["rps"],
        "article_to_static": round(article_only["rps"] / static["rps"], 2),
        # The same ratio from the server's CPU time per request: what it would be on a machine doing nothing else.
        "article_to_static_by_cpu": round(static["server_cpu_ms_per_request"] / article_only["server_cpu_ms_per_request"], 2),
        "article_only": article_only,
        "static": {**static, "bytes": article_size},
        "uncached_article": uncached,
        "load_average_before": [round(value, 2) for value in load_before],
        "load_average_after": [round(value, 2) for value in os.getloadavg()],
        # Share of the machine's CPU time in use during the measurements: the server and wrk, and
        # whatever else ran on the machine meanwhile.
        "machine_cpu_busy": round((busy_after - busy_before) / (all_after - all_before), 2),
    }


def machine():
    cpu = next(
        (line.split(":", 1)[1].strip() for line in Path("/proc/cpuinfo").read_text().splitlines() if line.startswith("model name")),
        platform.processor(),
    )
    memory_kib = int(re.search(r"MemTotal:\s+(\d+)", Path("/proc/meminfo").read_text()).group(1))
    os_name = re.search(r'PRETTY_NAME="([^"]+)"', Path("/etc/os-release").read_text())
    wrk = shutil.which("wrk")  # the robustness bench runs without it
    wrk_version = subprocess.run([wrk, "--version"], capture_output=True, text=True).stdout.split("\n")[0] if wrk else ""
    return {
        "cpu": cpu,
        "cores": os.cpu_count(),
        "memory_gib": round(memory_kib / 2**20, 1),
        "os": os_name.group(1) if os_name else platform.platform(),
        "kernel": platform.release(),
        "python": platform.python_version(),
        "driver": wrk_version.strip(),
        "load_average_at_start": [round(value, 2) for value in os.getloadavg()],
        # A fixed Python loop timed at the start (and at the end, below): this virtual machine's speed
        # varies by half from one minute to the next, and these say how fast it was during the run.
        "python_probe_ms": python_probe(),
    }


def python_probe():
    """CPU milliseconds of a fixed pure-Python loop (the best of three)."""
    timings = []
    for _ in range(3):
        start, total = time.process_time(), 0
        for number in range(3_000_000):
            total += number % 7
        timings.append(time.process_time() - start)
    return round(1000 * min(timings), 1)


def summary(results):
    checks = {}
    for name, result in results.items():
        errors = sum(stats["errors"] for stats in [*result["pages"].values(), result["article_only"], result["static"], result["uncached_article"]])
        checks[name] = {
            "errors": errors,
            "zero_errors": errors == 0,
            "article_to_static_met": result["article_to_static"] >= TARGETS["article_to_static_at_least"],
            "article_to_static_by_cpu_met": result["article_to_static_by_cpu"] >= TARGETS["article_to_static_at_least"],
            "uncached_article_p95_met": result["uncached_article"]["p95_ms"] <= TARGETS["uncached_article_p95_ms_at_most"],
        }
    return checks


def main():
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--seconds", type=int, default=60, help="Length of the mix (default 60; the other phases take a third each).")
    parser.add_argument("--databases", nargs="+", choices=["sqlite", "postgresql"], default=["sqlite", "postgresql"])
    parser.add_argument("--postgres-url", default=os.environ.get("LOADTEST_POSTGRES_URL", POSTGRES_URL))
    parser.add_argument("--workers", type=int, default=WORKERS, help=f"gunicorn processes (default {WORKERS}).")
    parser.add_argument("--threads", type=int, default=THREADS, help=f"threads per process (default {THREADS}).")
    parser.add_argument("--output", type=Path, default=RESULTS)
    options = parser.parse_args()
    if options.seconds < 1:
        parser.error("--seconds must be at least 1")
    if shutil.which("wrk") is None:
        parser.error("wrk is not installed: apt-get install wrk")

    def report(message):
        print(f"[{time.strftime('%H:%M:%S')}] {message}", file=sys.stderr, flush=True)

    # Kept between runs so the demo archive is loaded only once.
    state = Path(tempfile.gettempdir()) / "trendwatch-loadtest"
    state.mkdir(exist_ok=True)
    databases = {"sqlite": f"sqlite:///{state / 'load.sqlite3'}", "postgresql": options.postgres_url}
    description = machine()
    try:
        with tempfile.TemporaryDirectory(prefix="loadtest-static-") as static_root:
            report("collecting static files")
            prepare_static(static_root)
            results = {
                name: measure_database(name, databases[name], static_root, options.seconds, options.workers, options.threads, report)
                for name in options.databases
            }
    except (LoadTestError, subprocess.CalledProcessError) as error:
        sys.exit(f"loadtest: {error}")
    description["python_probe_ms_at_end"] = python_probe()
    output = {
        "machine": description,
        "server": {
            "gunicorn": f"--workers {options.workers} --threads {options.threads}" + (" (sync worker)" if options.threads == 1 else " (gthread worker)"),
            "settings": "DEBUG off, SECRET_KEY set, plain HTTP on loopback (no HTTPS redirect), page cache on except for uncached_article",
        },
        "clients": CLIENTS,
        "mix_seconds": options.seconds,
        "mix_clients": MIX,
        "targets": TARGETS,
        "database": results,
        "checks": summary(results),
    }
    options.output.parent.mkdir(parents=True, exist_ok=True)
    options.output.write_text(json.dumps(output, indent=2, ensure_ascii=False) + "\n")
    print(textwrap.indent(json.dumps(output["checks"], indent=2), "  "))
    print(f"Wrote {options.output}")


if __name__ == "__main__":
    main()
