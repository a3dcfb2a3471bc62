import pytest
from django.contrib.auth.models import User
from django.test import Client

from trendwatch.security import KNOWN_CLIENT_COOKIE

pytestmark = pytest.mark.django_db

REFUSAL = "Too many sign-in attempts"


@pytest.fixture
def editor():
    return User.objects.create_superuser("editor", "editor@example.org", "correct horse battery")


def sign_in(client, username, password, address="203.0.113.5"):
    return client.post(
        "/admin/login/", {"username": username, "password": password}, REMOTE_ADDR=address
    )


def test_right_password_signs_in(client, editor):
    response = sign_in(client, "editor", "correct horse battery")
    assert response.status_code == 302
    assert client.get("/admin/").status_code == 200


def test_an_account_guessed_at_too_often_is_locked_even_for_the_right_password(client, editor, settings):
    for attempt in range(settings.ADMIN_LOGINS_PER_ACCOUNT_PER_HOUR):
        address = f"198.51.100.{attempt}"  # spread over clients: the account limit still holds
        response = sign_in(client, "editor", f"guess {attempt}", address)
        assert REFUSAL not in response.content.decode()
    response = sign_in(client, "Editor", "correct horse battery", "198.51.100.200")
    assert response.status_code == 200
    assert REFUSAL in response.content.decode()
    assert client.get("/admin/").status_code == 302  # still signed out


def test_the_owner_signs_in_from_a_known_browser_while_the_account_is_locked_for_others(client, editor, settings):
    assert sign_in(client, "editor", "correct horse battery").status_code == 302
    client.post("/admin/logout/")
    attacker = Client()
    for attempt in range(settings.ADMIN_LOGINS_PER_ACCOUNT_PER_HOUR + 5):
        sign_in(attacker, "editor", f"guess {attempt}", f"198.51.100.{attempt}")
    assert REFUSAL in sign_in(attacker, "editor", "correct horse battery", "198.51.100.250").content.decode()
    # The owner's browser carries the cookie of its earlier sign-in, from any address.
    assert sign_in(client, "editor", "correct horse battery", "192.0.2.77").status_code == 302
    assert client.get("/admin/").status_code == 200


def test_a_known_browser_guessing_is_limited_on_its_own(client, editor, settings):
    assert sign_in(client, "editor", "correct horse battery").status_code == 302
    client.post("/admin/logout/")
    for attempt in range(settings.ADMIN_LOGINS_PER_ACCOUNT_PER_HOUR):
        assert REFUSAL not in sign_in(client, "editor", f"guess {attempt}").content.decode()
    assert REFUSAL in sign_in(client, "editor", "correct horse battery").content.decode()
    # Its cookie names the account it signed in to: another account is limited as from any client.
    User.objects.create_user("analyst", password="another long password")
    assert sign_in(client, "analyst", "another long password", "192.0.2.80").status_code == 302


def test_a_forged_known_client_cookie_counts_for_nothing(client, editor, settings):
    client.cookies[KNOWN_CLIENT_COOKIE] = "editor:forged"
    for attempt in range(settings.ADMIN_LOGINS_PER_ACCOUNT_PER_HOUR):
        sign_in(client, "editor", f"guess {attempt}", f"198.51.100.{attempt}")
    assert REFUSAL in sign_in(client, "editor", "correct horse battery").content.decode()


def test_the_sign_in_of_restricted_pages_shares_the_limits(client, editor, settings):
    for attempt in range(settings.ADMIN_LOGINS_PER_ACCOUNT_PER_HOUR):
        client.post("/en/_util/login/", {"username": "editor", "password": f"guess {attempt}"}, REMOTE_ADDR=f"198.51.100.{attempt}")
    assert REFUSAL in sign_in(client, "editor", "correct horse battery").content.decode()
    refused = client.post("/en/_util/login/", {"username": "editor", "password": "correct horse battery"})
    assert REFUSAL in refused.content.decode()


def test_a_client_trying_many_accounts_is_refused(client, editor, settings):
    settings.ADMIN_LOGINS_PER_CLIENT_PER_HOUR = 3
    for attempt in range(3):
        assert REFUSAL not in sign_in(client, f"user{attempt}", "password").content.decode()
    assert REFUSAL in sign_in(client, "editor", "correct horse battery").content.decode()
    # Another client signs in as usual.
    assert sign_in(client, "editor", "correct horse battery", "192.0.2.9").status_code == 302
