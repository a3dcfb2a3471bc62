import re
import time

import pytest
from django.core import signing
from django.test import Client

from trendwatch.newsletter.models import RateCounter, Subscriber
from trendwatch.newsletter.tokens import confirmation_token, management_token

from .conftest import make_subscriber

pytestmark = pytest.mark.django_db


def subscribe(client, email, language="en", trends=(), **extra):
    return client.post("/en/newsletter/", {"email": email, "language": language, "trends": list(trends)}, **extra)


def without_csrf(response):
    return re.sub(r'name="csrfmiddlewaretoken" value="[^"]+"', "", response.content.decode())


def link_in(message, name):
    """The link's path; it leads to the address the form was sent to (the test client's)."""
    match = re.search(rf"http://testserver(/\w\w/newsletter/{name}/[^/\s]+/)", message.get_content())
    assert match, message.get_content()
    return match.group(1)


def test_double_opt_in_stores_nothing_until_the_link_is_confirmed(client, smtp_mail):
    response = subscribe(client, "  Anna.Reader@Example.ORG ", language="ru", trends=["security", "belarus-west"])
    assert response.status_code == 302 and response["Location"] == "/en/newsletter/check-your-inbox/"
    assert not Subscriber.objects.exists()
    [confirmation] = smtp_mail.messages_to("anna.reader@example.org")
    assert confirmation["Subject"].strip() == "Подтвердите подписку на Trendwatch"
    link = link_in(confirmation, "confirm")

    page = client.get(link)
    assert page.status_code == 200 and "anna.reader@example.org" in page.content.decode()
    assert not Subscriber.objects.exists()  # link scanners open links; only the button confirms

    client.post(link)
    subscriber = Subscriber.objects.get()
    assert (subscriber.email, subscriber.language, subscriber.status) == ("anna.reader@example.org", "ru", "subscribed")
    assert sorted(trend.slug for trend in subscriber.trends.all()) == ["belarus-west", "security"]


def test_the_form_answers_alike_for_new_and_subscribed_addresses(client, smtp_mail):
    make_subscriber("known@example.org")
    new = subscribe(client, "new@example.org")
    known = subscribe(client, "known@example.org")
    assert (new.status_code, new["Location"]) == (known.status_code, known["Location"])
    assert without_csrf(client.get(new["Location"])) == without_csrf(client.get(known["Location"]))
    [note] = smtp_mail.messages_to("known@example.org")
    assert "already subscribed" in note.get_content()
    assert "/newsletter/preferences/" in note.get_content()
    assert Subscriber.objects.count() == 1


def test_repeated_subscribes_cap_the_mails_to_one_address(client, smtp_mail):
    for _ in range(5):
        assert subscribe(client, "victim@example.org").status_code == 302
    assert len(smtp_mail.messages_to("victim@example.org")) == 3
    assert not Subscriber.objects.exists()
    assert not RateCounter.objects.filter(key__contains="victim").exists()  # counters keep hashes only


def test_each_client_is_rate_limited(client, smtp_mail, settings):
    settings.NEWSLETTER_SUBSCRIBES_PER_HOUR = 3
    for number in range(3):
        assert subscribe(client, f"reader{number}@example.org").status_code == 302
    refused = subscribe(client, "reader9@example.org")
    assert refused.status_code == 429 and "Too many attempts" in refused.content.decode()
    assert not smtp_mail.messages_to("reader9@example.org")
    other_client = subscribe(client, "reader9@example.org", REMOTE_ADDR="192.0.2.7")
    assert other_client.status_code == 302


@pytest.mark.parametrize(
    "address, complaint",
    [
        ("", "Enter your email address."),
        ("no-at-sign.example.org", "one @"),
        ("a@b@example.org", "one @"),
        ("Anna <anna@example.org>", "plain address"),
        ("anna@example.org\r\nBcc: everyone@example.org", "line break"),
        ("anna@example.org\nSubject: spam", "line break"),
        ("anna@example.org,bob@example.org", "plain address"),
        ('"anna smith"@example.org', "plain address"),
        ("анна@example.org", "Latin letters"),
        ("anna@" + "x" * 250 + ".org", "longer than 254"),
        ("anna@localhost", "not a valid domain name"),
        ("anna@exa_mple.org", "not a valid email address"),
    ],
)
def test_bad_addresses_are_refused_clearly_and_leave_nothing(client, smtp_mail, address, complaint):
    response = subscribe(client, address)
    assert response.status_code == 400
    assert complaint in response.content.decode()
    assert not Subscriber.objects.exists()
    assert smtp_mail.count() == 0


def test_international_domains_are_stored_in_ascii(client, smtp_mail):
    subscribe(client, "Reader@Пример.Бел")
    [confirmation] = smtp_mail.received
    assert confirmation[0] == ("reader@xn--e1afmkfd.xn--90ais",)


def test_forged_and_expired_confirmation_links_change_nothing(client, smtp_mail, monkeypatch):
    genuine = confirmation_token("anna@example.org", "en", [])
    forged = genuine[:-3] + ("AAA" if not genuine.endswith("AAA") else "BBB")
    for token in [forged, "not-a-token", signing.dumps({"email": "anna@example.org"}, salt="other")]:
        for method in (client.get, client.post):
            response = method(f"/en/newsletter/confirm/{token}/")
            assert response.status_code == 400 and "This link is not valid" in response.content.decode()
    real_time = time.time()
    monkeypatch.setattr(time, "time", lambda: real_time - 8 * 86400)
    old = confirmation_token("anna@example.org", "en", [])
    monkeypatch.undo()
    response = client.post(f"/en/newsletter/confirm/{old}/")
    assert response.status_code == 400 and "This link has expired" in response.content.decode()
    assert not Subscriber.objects.exists()


def test_a_confirmation_link_older_than_an_unsubscribe_does_not_resubscribe(client):
    token = confirmation_token("anna@example.org", "en", [])
    client.post(f"/en/newsletter/confirm/{token}/")
    subscriber = Subscriber.objects.get()
    client.post(f"/en/newsletter/unsubscribe/{management_token(subscriber)}/")
    response = client.post(f"/en/newsletter/confirm/{token}/")
    assert "This link is out of date" in response.content.decode()
    assert Subscriber.objects.get().status == "unsubscribed"


def test_browser_forms_keep_csrf_while_one_click_needs_none():
    browser = Client(enforce_csrf_checks=True)
    subscriber = make_subscriber("anna@example.org")
    token = management_token(subscriber)
    assert browser.post("/en/newsletter/", {"email": "x@example.org", "language": "en"}).status_code == 403
    assert browser.post(f"/en/newsletter/unsubscribe/{token}/").status_code == 403
    assert browser.post(f"/en/newsletter/preferences/{token}/", {"language": "ru"}).status_code == 403
    assert Subscriber.objects.get().is_subscribed

    page = browser.get(f"/en/newsletter/unsubscribe/{token}/")
    csrf = re.search(r'name="csrfmiddlewaretoken" value="([^"]+)"', page.content.decode()).group(1)
    assert Subscriber.objects.get().is_subscribed  # opening the page changes nothing
    browser.post(f"/en/newsletter/unsubscribe/{token}/", {"csrfmiddlewaretoken": csrf})
    assert Subscriber.objects.get().status == "unsubscribed"


def test_one_click_unsubscribe_follows_rfc_8058():
    mail_client = Client(enforce_csrf_checks=True)
    subscriber = make_subscriber("anna@example.org")
    url = f"/en/newsletter/one-click/{management_token(subscriber)}/"
    assert mail_client.get(url).status_code == 302  # a GET never unsubscribes
    assert mail_client.post(url, {}).status_code == 400  # the One-Click field is required
    assert Subscriber.objects.get().is_subscribed
    response = mail_client.post(url, "List-Unsubscribe=One-Click", content_type="application/x-www-form-urlencoded")
    assert response.status_code == 200
    assert Subscriber.objects.get().status == "unsubscribed"
    assert mail_client.post(url, {"List-Unsubscribe": "One-Click"}).status_code == 200  # twice is fine


def test_forged_letter_links_change_nothing(client):
    subscriber = make_subscriber("anna@example.org")
    token = management_token(subscriber)
    forged = signing.dumps(subscriber.pk, salt="somebody.else")
    for url in ["unsubscribe", "preferences"]:
        response = client.post(f"/en/newsletter/{url}/{forged}/", {"language": "ru"})
        assert response.status_code == 400 and "This link is not valid" in response.content.decode()
    response = client.post(f"/en/newsletter/one-click/{token}x/", {"List-Unsubscribe": "One-Click"})
    assert response.status_code == 400
    subscriber.refresh_from_db()
    assert subscriber.is_subscribed and subscriber.language == "en"


def test_preferences_change_language_and_trends_and_allow_resubscribing(client):
    subscriber = make_subscriber("anna@example.org", trends=["security"])
    url = f"/en/newsletter/preferences/{management_token(subscriber)}/"
    page = client.get(url).content.decode()
    assert "anna@example.org" in page and re.search(r'value="security"[^>]*checked', page)
    response = client.post(url, {"language": "be", "trends": ["ruling-elite", "belarus-russia"]})
    assert "Saved." in response.content.decode()
    subscriber.refresh_from_db()
    assert subscriber.language == "be"
    assert sorted(trend.slug for trend in subscriber.trends.all()) == ["belarus-russia", "ruling-elite"]

    client.post(f"/en/newsletter/unsubscribe/{management_token(subscriber)}/")
    client.post(url, {"action": "resubscribe"})
    assert Subscriber.objects.get().is_subscribed


def test_every_page_carries_the_subscribe_form_in_its_language(client):
    english = client.get("/en/").content.decode()
    russian = client.get("/ru/").content.decode()
    assert 'action="/en/newsletter/"' in english and 'name="csrfmiddlewaretoken"' in english
    assert 'action="/ru/newsletter/"' in russian
    assert '<option value="ru" selected>' in russian


def test_the_confirmation_link_leads_to_the_site_that_sent_it(client, smtp_mail):
    """Served on another port than SITE_URL says, the link still reaches the site the reader used."""
    subscribe(client, "reader@example.org", HTTP_HOST="127.0.0.1:8123")
    [confirmation] = smtp_mail.messages_to("reader@example.org")
    assert re.search(r"http://127\.0\.0\.1:8123/en/newsletter/confirm/\S+/", confirmation.get_content())
    assert "news.example.org" not in confirmation.get_content()
