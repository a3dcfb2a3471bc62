"""Timing every surface of a site holding the generated archive.

Requests go one at a time to a production-like server with the page cache off, so each figure is
the work of one page; p50/p95 per kind over addresses drawn by `paths`.
"""

import http.cookiejar
import json
import re
import statistics
import subprocess
import sys
import time
import urllib.error
import urllib.parse
import urllib.request
from pathlib import Path

from trendwatch.loadtest import Server

from .commands import PROJECT, ScaleError, timed_command

# Kinds that a site may not offer (yet): a 404 on all of them is reported as missing, not as errors.
OPTIONAL_KINDS = {"author"}


def percentile(values, share):
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, int(round(share * (len(ordered) - 1))))]


def timed_get(opener, url):
    """(milliseconds, status, body) of one GET."""
    started = time.perf_counter()
    try:
        with opener.open(url, timeout=60) as answer:
            body = answer.read()
            status = answer.status
    except urllib.error.HTTPError as error:
        body, status = error.read(), error.code
    return (time.perf_counter() - started) * 1000, status, body


def time_kind(opener, base_url, kind, paths):
    timings, errors, statuses = [], 0, {}
    for path in paths:
        milliseconds, status, _body = timed_get(opener, base_url + path)
        timings.append(milliseconds)
        statuses[status] = statuses.get(status, 0) + 1
        errors += status >= 400
    if kind in OPTIONAL_KINDS and statuses.get(404) == len(paths):
        return None
    return {
        "requests": len(paths),
        "p50_ms": round(statistics.median(timings), 1),
        "p95_ms": round(percentile(timings, 0.95), 1),
        "max_ms": round(max(timings), 1),
        "errors": errors,
    }


def sampled_paths(environment, count, seed=7):
    output = subprocess.run([sys.executable, "-m", "trendwatch.scale.paths", str(count), str(seed)], cwd=PROJECT,
                            env=environment, check=True, capture_output=True, text=True).stdout
    return json.loads(output)


def time_sitemaps(opener, base_url):
    """The sitemap index and each of its files: (seconds of the slowest, [their sizes in URLs])."""
    seconds, status, body = timed_get(opener, f"{base_url}/sitemap.xml")
    if status != 200:
        raise ScaleError(f"/sitemap.xml answered {status}")
    files = re.findall(r"<sitemap>\s*<loc>([^<]+)</loc>", body.decode())
    slowest, sizes = seconds / 1000, []
    for location in files or [f"{base_url}/sitemap.xml"]:
        path = urllib.parse.urlsplit(location)
        milliseconds, status, body = timed_get(opener, f"{base_url}{path.path}{'?' + path.query if path.query else ''}")
        if status != 200:
            raise ScaleError(f"{location} answered {status}")
        slowest = max(slowest, milliseconds / 1000)
        sizes.append(body.decode().count("<url>"))
    return round(slowest, 2), sizes


def process_rss_mb(pid):
    status = Path(f"/proc/{pid}/status").read_text()
    return round(int(re.search(r"VmRSS:\s+(\d+)", status).group(1)) / 1024)


def worker_pids(master_pid):
    children = Path(f"/proc/{master_pid}/task/{master_pid}/children")
    return [int(pid) for pid in children.read_text().split()] if children.exists() else []


def signed_in_opener(base_url, environment, *handlers):
    """An opener with an editor's session (a superuser made for the benchmark); handlers: more
    urllib handlers for it."""
    password = "scale-benchmark-password"
    script = (
        "import os, django; os.environ.setdefault('DJANGO_SETTINGS_MODULE', 'trendwatch.settings'); django.setup();"
        "from django.contrib.auth import get_user_model;"
        "User = get_user_model(); user = User.objects.filter(username='scale-editor').first()"
        " or User(username='scale-editor', email='scale@example.org', is_staff=True, is_superuser=True);"
        f"user.set_password({password!r}); user.save()"
    )
    subprocess.run([sys.executable, "-c", script], cwd=PROJECT, env=environment, check=True)
    jar = http.cookiejar.CookieJar()
    opener = urllib.request.build_opener(urllib.request.HTTPCookieProcessor(jar), *handlers)
    _ms, _status, body = timed_get(opener, f"{base_url}/admin/login/")
    token = re.search(rb'name="csrfmiddlewaretoken" value="([^"]+)"', body).group(1).decode()
    form = urllib.parse.urlencode({"csrfmiddlewaretoken": token, "username": "scale-editor", "password": password}).encode()
    request = urllib.request.Request(f"{base_url}/admin/login/", data=form, headers={"Referer": f"{base_url}/admin/login/"})
    try:
        with opener.open(request, timeout=60) as answer:
            signed_in = "/admin/login/" not in answer.url
    except urllib.error.HTTPError as redirect:  # an opener that does not follow redirects
        signed_in = redirect.code == 302 and "/admin/login/" not in redirect.headers.get("Location", "")
    if not signed_in:
        raise ScaleError("the benchmark's editor could not sign in to the admin")
    return opener


def admin_paths(environment, count):
    script = (
        "import os, django, json, random; os.environ.setdefault('DJANGO_SETTINGS_MODULE', 'trendwatch.settings');"
        "django.setup();"
        "from trendwatch.publishing.models import ArticleIndexPage, ArticlePage;"
        "rng = random.Random(3); indexes = list(ArticleIndexPage.objects.values_list('pk', flat=True));"
        "ids = list(ArticlePage.objects.values_list('pk', flat=True));"
        f"n = {count};"
        "print(json.dumps({'admin_listing': [f'/admin/pages/{rng.choice(indexes)}/' for _ in range(n)],"
        " 'admin_search': [f'/admin/pages/search/?q={rng.choice([\"border\", \"Lukashenka\", \"army\", \"sanctions\"])}' for _ in range(n)],"
        " 'admin_edit': [f'/admin/pages/{rng.choice(ids)}/edit/' for _ in range(n)]}))"
    )
    output = subprocess.run([sys.executable, "-c", script], cwd=PROJECT, env=environment, check=True,
                            capture_output=True, text=True).stdout
    return json.loads(output)


def measure_surfaces(name, environment, static_root, options, report):
    subprocess.run([sys.executable, "manage.py", "collectstatic", "--noinput", "--verbosity", "0"], cwd=PROJECT,
                   env=environment, check=True)
    paths = sampled_paths(environment, options.requests)
    admin = admin_paths(environment, max(20, options.requests // 5))
    result = {"pages": {}}
    with Server(environment["DATABASE_URL"], static_root, page_cache=False, workers=1, threads=1) as server:
        opener = urllib.request.build_opener()
        for kind, kind_paths in paths.items():
            report(f"{name}: {len(kind_paths)} requests of {kind}")
            timing = time_kind(opener, server.url, kind, kind_paths)
            if timing is not None:
                result["pages"][kind] = timing
        editor = signed_in_opener(server.url, environment)
        for kind, kind_paths in admin.items():
            report(f"{name}: {len(kind_paths)} requests of {kind}")
            result["pages"][kind] = time_kind(editor, server.url, kind, kind_paths)
        report(f"{name}: sitemaps")
        result["sitemap_max_s"], result["sitemap_urls_per_file"] = time_sitemaps(opener, server.url)
        result["rss_mb"] = {"app": max(process_rss_mb(pid) for pid in worker_pids(server.process.pid))}
    result["rebuild_s"] = {}
    for what in ("similar", "search", "entities"):
        report(f"{name}: rebuild_{what}")
        seconds, peak_mb = timed_command(environment, f"rebuild_{what}", "--verbosity", "0")
        result["rebuild_s"][what] = round(seconds, 1)
        if what == "similar":
            result["rss_mb"]["rebuild_similar"] = round(peak_mb)
    return result
