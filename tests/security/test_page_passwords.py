"""Passwords of password-protected pages cannot be guessed at speed: each client has a few an hour."""

import pytest
from wagtail.models import PageViewRestriction

from tests.conftest import make_article

pytestmark = pytest.mark.django_db


@pytest.fixture
def protected():
    article = make_article()
    restriction = PageViewRestriction.objects.create(page=article, restriction_type=PageViewRestriction.PASSWORD, password="members")
    return article, f"/en/_util/authenticate_with_password/{restriction.pk}/{article.pk}/"


def try_password(client, address, password, client_address="203.0.113.5"):
    return client.post(address, {"password": password, "return_url": "/en/"}, REMOTE_ADDR=client_address)


def test_the_right_password_opens_the_page(client, protected):
    article, address = protected
    assert try_password(client, address, "members").status_code == 302
    assert client.get(article.url).status_code == 200


def test_a_client_guessing_is_stopped_before_the_right_password(client, protected, settings):
    article, address = protected
    for attempt in range(settings.PAGE_PASSWORDS_PER_CLIENT_PER_HOUR):
        assert try_password(client, address, f"guess {attempt}").status_code == 200
    refused = try_password(client, address, "members")
    assert refused.status_code == 429
    assert "Too many passwords were tried from your address" in refused.content.decode()
    assert "The agreement covers" not in client.get(article.url).content.decode()
    # Another reader is not held up by it.
    assert try_password(client, address, "members", "192.0.2.9").status_code == 302
