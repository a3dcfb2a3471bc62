"""After a bulk write the tables are made fit to read (`plain_sql.tidy_after_bulk_write`)."""

import threading

import pytest
from django.core.management import call_command
from django.db import connection, connections

from tests.browser.conftest import site_baseline  # noqa: F401  (lays the site structure a flushed database lacks)
from tests.conftest import make_article
from trendwatch.search import index
from trendwatch.search.models import Posting

pytestmark = pytest.mark.django_db(transaction=True)  # VACUUM runs outside a transaction only


def test_a_rebuild_leaves_the_index_ready_for_index_only_reads():
    for number in range(3):
        make_article(f"Grain report {number}", body="<p>Farms sold grain at the border.</p>")
    call_command("rebuild_search", verbosity=0)
    with connection.cursor() as cursor:
        if connection.vendor == "postgresql":  # VACUUM marked the postings' pages all-visible
            cursor.execute("SELECT relallvisible FROM pg_class WHERE relname = %s", [Posting._meta.db_table])
        else:  # ANALYZE gave SQLite's planner the postings' statistics
            cursor.execute("SELECT count(*) FROM sqlite_stat1 WHERE tbl = %s", [Posting._meta.db_table])
        assert cursor.fetchone()[0] > 0


def test_a_rebuild_leaves_the_postings_table_as_the_migrations_made_it(client):
    # On PostgreSQL a rebuild writes a copy of the table, which gets the indexes and takes its place.
    make_article("Grain report", body="<p>Farms sold grain at the border.</p>")
    with connection.cursor() as cursor:
        made = connection.introspection.get_constraints(cursor, Posting._meta.db_table)
    for _ in range(2):  # the second copy's names must not collide with what the first left
        call_command("rebuild_search", verbosity=0)
        with connection.cursor() as cursor:
            assert connection.introspection.get_constraints(cursor, Posting._meta.db_table) == made
    if connection.vendor == "postgresql":
        with connection.cursor() as cursor:
            cursor.execute("SELECT pg_get_serial_sequence(%s, 'id')", [Posting._meta.db_table])
            assert cursor.fetchone()[0] == f"public.{Posting._meta.db_table}_id_seq"
    make_article("Harvest forecast", body="<p>Wheat prices rose.</p>")  # new postings are numbered on
    assert "Harvest forecast" in client.get("/en/search/", {"q": "wheat"}).content.decode()
    assert "Grain report" in client.get("/en/search/", {"q": "farms"}).content.decode()  # the rebuilt postings


def test_an_article_published_during_a_rebuild_is_found_after_it(client):
    make_article("Grain report", body="<p>Farms sold grain at the border.</p>")
    halfway, go_on = threading.Event(), threading.Event()

    def hold_at_the_first_batch(done, total):
        halfway.set()
        go_on.wait(30)

    errors = []

    def in_thread(work):
        try:
            work()
        except Exception as error:  # a deadlock between the two, for one
            errors.append(error)
        finally:
            connections.close_all()

    rebuilding = threading.Thread(target=in_thread, args=(lambda: index.rebuild(progress=hold_at_the_first_batch),))
    rebuilding.start()
    assert halfway.wait(30)
    # The publication's search task waits for the rebuild's transaction (PostgreSQL: its lock on the
    # postings; SQLite: its write lock), then indexes the article in the rebuilt table.
    publishing = threading.Thread(target=in_thread, args=(lambda: make_article("Harvest forecast", body="<p>Wheat prices rose.</p>"),))
    publishing.start()
    publishing.join(2)
    go_on.set()
    rebuilding.join(60)
    publishing.join(60)
    assert errors == []
    assert "Harvest forecast" in client.get("/en/search/", {"q": "wheat"}).content.decode()
    assert "Grain report" in client.get("/en/search/", {"q": "farms"}).content.decode()
