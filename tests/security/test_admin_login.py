import pytest
from django.contrib.auth.models import User

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


def test_a_client_trying_many_accounts_is_refused(client, editor, settings):
    settings.ADMIN_LOGINS_PER_CLIENT_PER_HOUR = 3
    for attempt in range(3):
        assert REFUSAL not in sign_in(client, f"user{attempt}", "password").content.decode()
    assert REFUSAL in sign_in(client, "editor", "correct horse battery").content.decode()
    # Another client signs in as usual.
    assert sign_in(client, "editor", "correct horse battery", "192.0.2.9").status_code == 302
