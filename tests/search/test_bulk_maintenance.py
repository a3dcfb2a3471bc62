"""After a bulk write the tables are made fit to read (`plain_sql.tidy_after_bulk_write`)."""

import pytest
from django.core.management import call_command
from django.db import connection

from tests.browser.conftest import site_baseline  # noqa: F401  (lays the site structure a flushed database lacks)
from tests.conftest import make_article
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
