import datetime
import io
import itertools

import pytest
from django.core.files.images import ImageFile
from django.utils import timezone, translation
from PIL import Image as PILImage
from wagtail.models import Locale

from trendwatch.publishing.models import ArticleIndexPage, ArticlePage, CreditedImage, Trend

_counter = itertools.count(1)


@pytest.hookimpl(trylast=True)
def pytest_collection_modifyitems(items):
    """Browser tests last, after pytest-django's own ordering: their live server's thread lasts
    until the session ends, and the engine never forks beside other threads, so tests of its
    forked work that came after them would run in one process."""
    items.sort(key=lambda item: item.get_closest_marker("browser") is not None)


@pytest.fixture(autouse=True)
def _fresh_similarity_index():
    """Each test's database starts anew, so the process's engine index must too."""
    from trendwatch.related import corpus

    corpus.forget()


@pytest.fixture(autouse=True)
def _media_in_tmp(settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path / "media"
    # Pages render static URLs without needing a collectstatic run first.
    settings.STORAGES = {
        **settings.STORAGES,
        "staticfiles": {"BACKEND": "django.contrib.staticfiles.storage.StaticFilesStorage"},
    }


@pytest.fixture(autouse=True)
def _page_cache_off(settings):
    """Tests write rows directly, behind the page cache's and the content memo's back; tests that need
    them use ``page_cache_on``."""
    settings.PAGE_CACHE = False
    settings.CONTENT_MEMO = False


@pytest.fixture
def page_cache_on(settings):
    """Anonymous readers get whole pages from the page cache, and shared records from the content memo,
    as in production, both starting empty."""
    from django.core.cache import caches

    from trendwatch.pagecache.memo import content_memo
    from trendwatch.pagecache.version import process_view

    settings.PAGE_CACHE = settings.CONTENT_MEMO = True
    forgetting = (caches["pages"].clear, caches["page_queries"].clear, process_view.forget, content_memo.forget)
    for forget in forgetting:
        forget()
    yield
    for forget in forgetting:
        forget()


@pytest.fixture(scope="session")
def compiled_catalogues():
    """The Russian and Belarusian interface needs the .mo files, build products that plain pytest makes
    when `make test` has not."""
    from django.conf import settings
    from django.core.management import call_command
    from django.test.utils import override_settings

    call_command("compile_catalogues", verbosity=0)
    # Re-setting LOCALE_PATHS empties Django's catalogue cache, in case a language was loaded before it was compiled.
    with override_settings(LOCALE_PATHS=list(settings.LOCALE_PATHS)):
        yield


@pytest.fixture(autouse=True)
def _english_after_each_test():
    """LocaleMiddleware leaves the last request's language active in the thread; the next test starts in English."""
    yield
    translation.deactivate()


def local_time(text):
    """'2016-12-12 10:22' in the outlet's time zone."""
    return timezone.make_aware(datetime.datetime.fromisoformat(text))


def make_image(credit="Ministry of Defence of the Republic of Belarus", alt="Officers at a signing ceremony"):
    buffer = io.BytesIO()
    PILImage.new("RGB", (64, 36), (40, 80, 120)).save(buffer, "JPEG")
    image = CreditedImage(title=f"picture {next(_counter)}", credit=credit, description=alt)
    image.file = ImageFile(io.BytesIO(buffer.getvalue()), name="picture.jpg")
    image.save()
    return image


def make_article(
    title="Belarus and Latvia sign a defence cooperation agreement",
    *,
    language="en",
    trend="security",
    published="2016-12-12 10:22",
    lead="The defence ministries agreed on a bilateral military dialogue.",
    body="<p>The agreement covers airspace control, arms control and military medicine.</p>",
    direction="improved",
    live=True,
    image=None,
    **fields,
):
    """An article page under the language's article index, published unless live=False."""
    index = ArticleIndexPage.objects.get(locale__language_code=language)
    page = ArticlePage(
        title=title,
        lead=lead,
        body=body,
        trend=Trend.objects.get(slug=trend),
        published_at=local_time(published) if published else None,
        direction=direction,
        lead_image=image,
        locale=Locale.objects.get(language_code=language),
        live=False,
        **fields,
    )
    index.add_child(instance=page)
    revision = page.save_revision()
    if live:
        revision.publish()
    page.refresh_from_db()
    return page


def translate(page, language, title, lead="", body="<p>Перевод.</p>", live=True):
    translation = page.copy_for_translation(Locale.objects.get(language_code=language))
    translation.title = title
    translation.slug = ""
    translation.lead = lead or title
    translation.body = body
    translation.full_clean()
    translation.save()
    revision = translation.save_revision()
    if live:
        revision.publish()
    translation.refresh_from_db()
    return translation


def admin_article_form(**overrides):
    """The POST data of Wagtail's "add article" form, published at once unless overridden."""
    from wagtail.test.utils.form_data import inline_formset, nested_form_data, rich_text

    data = {
        "title": "Belarus and Latvia sign a defence cooperation agreement",
        "slug": "belarus-latvia-defence",
        "published_at": "2016-12-12 10:22",
        "lead": "The defence ministries agreed on a bilateral military dialogue.",
        "body": rich_text("<p>The agreement covers airspace control and arms control.</p>"),
        "trend": Trend.objects.get(slug="security").pk,
        "direction": "improved",
        "similar_pins": inline_formset([]),
        "similar_exclusions": inline_formset([]),
        "forecasts": inline_formset([]),
        "comments": inline_formset([]),
        "action-publish": "publish",
    }
    data.update(overrides)
    return nested_form_data(data)


def release_weeks():
    """Release every weekly issue, as editors do once a week is complete: home pages show the newest."""
    from trendwatch.publishing.models import WeeklyIssue

    for issue in WeeklyIssue.objects.filter(released_at__isnull=True):
        issue.release()


@pytest.fixture
def connection_kept_open():
    """Requests through the WSGI application close the database connection after each request, and
    with it the test's transaction; Django's own test client unhooks the same handler for the same reason."""
    from django.core import signals
    from django.db import close_old_connections

    for signal in (signals.request_started, signals.request_finished):
        signal.disconnect(close_old_connections)
    yield
    for signal in (signals.request_started, signals.request_finished):
        signal.connect(close_old_connections)
