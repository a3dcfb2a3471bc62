"""The embedded server (`manage.py serve`, what `make run` starts) keeps answering readers while a
hundred clients hold half-sent requests: they hold sockets, never the threads that answer."""

import pytest

from tests.browser.conftest import site_baseline  # noqa: F401  (lays the site structure a flushed database lacks)
from tests.conftest import make_article
from tests.loadtest.test_short_load import served_database_url
from trendwatch.robustness import EmbeddedServer, half_open_connections, reader_times

pytestmark = pytest.mark.django_db(transaction=True)
HALF_OPEN = 100


def test_readers_are_answered_while_a_hundred_connections_hang_half_open(static_root):
    article = make_article()
    with EmbeddedServer(served_database_url(), static_root, threads=4) as server:
        with half_open_connections(server.port, HALF_OPEN):
            answered = reader_times(server.url, ["/robots.txt", "/en/", article.url], requests=30)
        assert None not in answered, f"{answered.count(None)} of 30 requests were not answered:\n{server.output()}"
