"""Behind a proxy every request comes from the proxy's address: per-client limits must count the readers."""

import pytest

pytestmark = pytest.mark.django_db

PROXY = "10.0.0.2"


def subscribe(client, number, forwarded_for):
    return client.post(
        "/en/newsletter/",
        {"email": f"reader{number}@example.org", "language": "en"},
        REMOTE_ADDR=PROXY,
        HTTP_X_FORWARDED_FOR=forwarded_for,
    )


def test_readers_behind_one_proxy_each_have_their_own_limit(client, settings):
    settings.TRUSTED_PROXIES = 1
    settings.NEWSLETTER_SUBSCRIBES_PER_HOUR = 2
    for number in range(2):
        assert subscribe(client, number, "198.51.100.7").status_code == 302
    assert subscribe(client, 2, "198.51.100.7").status_code == 429
    # Another reader through the same proxy is not affected.
    assert subscribe(client, 3, "203.0.113.9").status_code == 302


def test_a_forged_forwarded_address_does_not_escape_the_limit(client, settings):
    settings.TRUSTED_PROXIES = 1
    settings.NEWSLETTER_SUBSCRIBES_PER_HOUR = 2
    for number in range(2):
        assert subscribe(client, number, f"192.0.2.{number}, 198.51.100.7").status_code == 302
    # The proxy appended the real address last; what the client put before it is ignored.
    assert subscribe(client, 2, "192.0.2.99, 198.51.100.7").status_code == 429


def test_without_trusted_proxies_the_header_is_ignored(client, settings):
    settings.TRUSTED_PROXIES = 0
    settings.NEWSLETTER_SUBSCRIBES_PER_HOUR = 2
    for number in range(2):
        assert subscribe(client, number, f"198.51.100.{number}").status_code == 302
    assert subscribe(client, 2, "198.51.100.50").status_code == 429


def sign_in(client, username, password, forwarded_for):
    return client.post(
        "/admin/login/", {"username": username, "password": password}, REMOTE_ADDR=PROXY, HTTP_X_FORWARDED_FOR=forwarded_for
    )


def test_the_admin_sign_in_limit_counts_clients_behind_the_proxy(client, settings, django_user_model):
    settings.TRUSTED_PROXIES = 1
    settings.ADMIN_LOGINS_PER_CLIENT_PER_HOUR = 2
    django_user_model.objects.create_superuser("editor", password="correct horse battery")
    for attempt in range(2):
        sign_in(client, f"guess{attempt}", "wrong", "198.51.100.7")
    refused = sign_in(client, "editor", "correct horse battery", "198.51.100.7")
    assert "Too many sign-in attempts" in refused.content.decode()
    assert sign_in(client, "editor", "correct horse battery", "203.0.113.9").status_code == 302
