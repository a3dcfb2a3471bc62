"""An editor publishing articles in the embedded set-up (`manage.py serve`, as `make run` starts it).

Drafts are made beforehand from the texts of published articles; each is then published through
the admin's edit form, as a browser would submit it, and followed until its similar list, its
search entry and its entity mentions show on the site.
"""

import json
import signal
import subprocess
import sys
import time
import urllib.error
import urllib.parse
import urllib.request
from pathlib import Path

from lxml import html as lxml_html

from trendwatch.loadtest import free_port

from .commands import PROJECT, ScaleError
from .surfaces import process_rss_mb, signed_in_opener, timed_get

# Seconds to wait for what follows one publication before it counts as failed.
SETTLE_TIMEOUT = 120

DRAFTS_SCRIPT = """
import json, os, random, re, sys
os.environ.setdefault("DJANGO_SETTINGS_MODULE", "trendwatch.settings")
import django
django.setup()
from django.utils import timezone
from trendwatch.entities.models import ArticleMention
from trendwatch.publishing.models import ArticleIndexPage, ArticlePage, published_articles

rng = random.Random(11)
mentioned = list(ArticleMention.objects.values_list("article_id", "entity__slug")[:20000])
drafts = []
for article_id, entity_slug in rng.sample(mentioned, int(sys.argv[1])):
    source = published_articles().get(pk=article_id)
    index = ArticleIndexPage.objects.get(locale=source.locale)
    paragraphs = source.body.split("</p>")
    rng.shuffle(paragraphs)
    draft = ArticlePage(title=f"{source.title} (update {len(drafts) + 1})", lead=source.lead, body="</p>".join(paragraphs),
                        trend=source.trend, direction=source.direction, published_at=timezone.now(), live=False)
    index.add_child(instance=draft)
    draft.save_revision()
    # Searched for by the longest words of its title: short ones are often stop words.
    drafts.append({"id": draft.pk, "language": source.locale.language_code, "entity": entity_slug,
                   "words": sorted(re.findall(r"[^\\W\\d_]+", draft.title), key=len)[-3:], "path": draft.get_url_parts()[2]})
print(json.dumps(drafts))
"""


TASK_TIMES_SCRIPT = """
import json, os, statistics, sys
os.environ.setdefault("DJANGO_SETTINGS_MODULE", "trendwatch.settings")
import django
django.setup()
from django_tasks_db.models import DBTaskResult

seconds = {}
for path, started, finished in DBTaskResult.objects.filter(
    task_path__startswith="trendwatch.", finished_at__isnull=False, started_at__isnull=False
).values_list("task_path", "started_at", "finished_at"):
    seconds.setdefault(path.rsplit(".", 1)[-1], []).append((finished - started).total_seconds())
print(json.dumps({task: {"runs": len(times), "p50_ms": round(statistics.median(times) * 1000), "max_ms": round(max(times) * 1000)}
                  for task, times in sorted(seconds.items())}))
"""


def task_times(environment):
    """The background tasks the publications caused: how often each ran and how long it took."""
    output = subprocess.run([sys.executable, "-c", TASK_TIMES_SCRIPT], cwd=PROJECT, env=environment,
                            check=True, capture_output=True, text=True).stdout
    return json.loads(output)


def make_drafts(environment, count):
    output = subprocess.run([sys.executable, "-c", DRAFTS_SCRIPT, str(count)], cwd=PROJECT, env=environment,
                            check=True, capture_output=True, text=True).stdout
    return json.loads(output)


class EmbeddedSite:
    """`manage.py serve` with its task worker, on a free port, until the block ends."""

    def __init__(self, environment):
        self.port = free_port()
        self.url = f"http://127.0.0.1:{self.port}"
        self.environment = {**environment, "TASKS_BACKEND": "database", "PORT": str(self.port)}

    def __enter__(self):
        self.process = subprocess.Popen([sys.executable, "manage.py", "serve", "--port", str(self.port)], cwd=PROJECT,
                                        env=self.environment, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
        deadline = time.monotonic() + 180
        while time.monotonic() < deadline:
            try:
                if timed_get(urllib.request.build_opener(), f"{self.url}/robots.txt")[1] == 200:
                    return self
            except OSError:
                time.sleep(0.5)
        self.__exit__()
        raise ScaleError(f"manage.py serve did not answer on {self.url} within 180 s")

    def __exit__(self, *exc_info):
        self.process.send_signal(signal.SIGINT)
        try:
            self.process.wait(timeout=60)
        except subprocess.TimeoutExpired:
            self.process.kill()

    def worker_rss_mb(self):
        """Memory of the task worker (a process whose command line runs task_worker)."""
        for status in sorted(Path("/proc").glob("[0-9]*/cmdline")):
            try:
                if b"task_worker" in status.read_bytes():
                    return process_rss_mb(int(status.parent.name))
            except OSError:
                continue
        return None


class _NoRedirects(urllib.request.HTTPRedirectHandler):
    def redirect_request(self, *args, **kwargs):
        return None  # the redirect comes back as the answer: a publication is timed without the page after it


def publish(editor, base_url, page_id):
    """Milliseconds of the request that publishes the draft through its edit form (without the
    page the admin goes to next)."""
    edit_url = f"{base_url}/admin/pages/{page_id}/edit/"
    _ms, status, body = timed_get(editor, edit_url)
    if status != 200:
        raise ScaleError(f"the edit form of page {page_id} answered {status}")
    form = lxml_html.fromstring(body).get_element_by_id("page-edit-form")
    fields = list(form.form_values()) + [("action-publish", "action-publish")]
    request = urllib.request.Request(edit_url, data=urllib.parse.urlencode(fields).encode(), headers={"Referer": edit_url})
    started = time.perf_counter()
    try:
        with editor.open(request, timeout=120) as answer:  # a 200: the form came back with its errors
            body = answer.read()
    except urllib.error.HTTPError as redirect:
        if redirect.code == 302 and f"/admin/pages/{page_id}/edit/" not in redirect.headers.get("Location", ""):
            return (time.perf_counter() - started) * 1000
        body = redirect.read()
    errors = [" ".join(item.text_content().split()) for item in lxml_html.fromstring(body).find_class("error-message")]
    raise ScaleError(f"publishing page {page_id} was refused: {'; '.join(errors) or 'the edit form came back'}")


def settled(opener, base_url, draft):
    """True once the published draft has its similar list, its search entry and its entity mention."""
    _ms, _status, body = timed_get(opener, f"{base_url}/api/v1/articles/{draft['id']}/similar")
    similar = _status == 200 and any(result["basis"] == "similarity" for result in json.loads(body)["results"])
    query = urllib.parse.urlencode({"q": " ".join(draft["words"]), "sort": "date"})
    _ms, _status, body = timed_get(opener, f"{base_url}/{draft['language']}/search/?{query}")
    found = _status == 200 and f'href="{draft["path"]}"' in body.decode()
    _ms, _status, body = timed_get(opener, f"{base_url}/api/v1/entities/{draft['entity']}")
    mentioned = _status == 200 and draft["id"] in [article["id"] for article in json.loads(body)["articles"]["results"]]
    return similar and found and mentioned


def measure_publishing(environment, report, count=21):
    drafts = make_drafts(environment, count)
    with EmbeddedSite(environment) as site:
        editor = signed_in_opener(site.url, environment, _NoRedirects())
        reader = urllib.request.build_opener()
        request_ms, settle_s = [], []
        for number, draft in enumerate(drafts):
            milliseconds = publish(editor, site.url, draft["id"])
            started = time.monotonic()
            while not settled(reader, site.url, draft):
                if time.monotonic() - started > SETTLE_TIMEOUT:
                    raise ScaleError(f"page {draft['id']} was not in place {SETTLE_TIMEOUT} s after its publication")
                time.sleep(0.1)
            if number:  # the first waits for the worker to load the archive, as after a restart
                request_ms.append(milliseconds)
                settle_s.append(time.monotonic() - started)
            report(f"published page {draft['id']} in {milliseconds:.0f} ms, in place after {time.monotonic() - started:.1f} s")
        worker_mb = site.worker_rss_mb()
    request_ms.sort()
    return {
        "publish_requests": len(request_ms),
        "publish_p50_ms": round(request_ms[len(request_ms) // 2]),
        "publish_p95_ms": round(request_ms[min(len(request_ms) - 1, round(0.95 * (len(request_ms) - 1)))]),
        "publish_settled_s": round(max(settle_s), 1),
        "publish_settled_p50_s": round(sorted(settle_s)[len(settle_s) // 2], 1),
        "worker_rss_mb": worker_mb,
        # The work one publication causes, task by task (the first publication's included).
        "publish_tasks": task_times(environment),
    }
