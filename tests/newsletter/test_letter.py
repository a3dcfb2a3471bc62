"""The weekly letter as readers receive it, and as editors preview, send and follow it."""

import pytest
from django.core.management import CommandError, call_command
from django.test import Client

from tests.conftest import make_article, translate
from trendwatch.newsletter.models import Letter, OutboxMessage, Subscriber
from trendwatch.newsletter.outbox import IssueNotReleased, OutboxWorker, queue_weekly_letter
from trendwatch.publishing.models import WeeklyIssue

from .conftest import make_subscriber

pytestmark = pytest.mark.django_db


@pytest.fixture
def week():
    """The week of December 12, 2016: two English commentaries (one translated into Russian) and a draft."""
    defence = make_article(direction="improved")
    make_article(
        "Minsk reshuffles the Security Council", trend="ruling-elite", direction="worsened",
        lead="Three deputies were replaced overnight.", published="2016-12-13 09:00",
    )
    make_article("A draft that must stay private", trend="belarus-west", live=False, published="2016-12-14 09:00")
    translate(defence, "ru", "Беларусь и Латвия подписали соглашение об оборонном сотрудничестве", lead="Министерства обороны договорились о диалоге.")
    issue = WeeklyIssue.objects.get(week_start="2016-12-12")
    issue.overview_en = "Security improved while the elite was reshuffled."
    issue.overview_ru = "Безопасность улучшилась, элиту перетасовали."
    issue.save()
    issue.release()
    return issue


def letter_to(sink, address):
    [message] = sink.messages_to(address)
    return message, message.get_body(("plain",)).get_content(), message.get_body(("html",)).get_content()


def test_each_language_gets_its_letter_with_markers_overview_and_links(smtp_mail, week):
    make_subscriber("english@example.org", "en")
    make_subscriber("russian@example.org", "ru")
    make_subscriber("belarusian@example.org", "be")
    # Belarusian readers get the week too: every commentary in its original, marked.
    assert queue_weekly_letter(week) == {"en": 1, "ru": 1, "be": 1}
    OutboxWorker().run_until_empty()

    message, text, html = letter_to(smtp_mail, "english@example.org")
    assert message["Subject"].strip() == "Trendwatch weekly: December 12 – December 18, 2016"
    assert "Security improved while the elite was reshuffled." in text
    assert "▲ Improved" in text and "▼ Worsened" in text
    assert "Belarus and Latvia sign a defence cooperation agreement" in text
    assert "https://news.example.org/en/articles/" in text
    assert "https://news.example.org/en/weeks/2016-12-12/" in text
    assert "A draft that must stay private" not in text + html
    assert text.index("THE RULING ELITE") < text.index("SECURITY ISSUES")  # trends in the editors' order
    assert "direction--improved" in html and "Minsk reshuffles the Security Council" in html

    _message, russian_text, russian_html = letter_to(smtp_mail, "russian@example.org")
    assert "Беларусь и Латвия подписали соглашение" in russian_text and "Вопросы безопасности".upper() in russian_text
    assert "Безопасность улучшилась" in russian_html
    # No Russian version was published: the English one, said to be in English.
    assert "Minsk reshuffles the Security Council (на английском)" in russian_text
    assert "https://news.example.org/ru/newsletter/unsubscribe/" in russian_text
    _message, belarusian_text, _html = letter_to(smtp_mail, "belarusian@example.org")
    assert "Belarus and Latvia sign a defence cooperation agreement (па-англійску)" in belarusian_text


def test_only_a_released_issue_has_a_letter(week):
    WeeklyIssue.objects.filter(pk=week.pk).update(released_at=None)
    week.refresh_from_db()
    with pytest.raises(IssueNotReleased):
        queue_weekly_letter(week)
    with pytest.raises(CommandError, match="has not been released"):
        call_command("send_weekly_letter", "2016-12-12", "--no-deliver")
    call_command("send_weekly_letter", "2016-12-12", "--no-deliver", "--release", stdout=open("/dev/null", "w"))
    week.refresh_from_db()
    assert week.released


def test_letters_carry_one_click_unsubscribe_headers_that_work(smtp_mail, week):
    make_subscriber("reader@example.org")
    queue_weekly_letter(week)
    OutboxWorker().run_until_empty()
    message, _text, _html = letter_to(smtp_mail, "reader@example.org")
    assert message["List-Unsubscribe-Post"].strip() == "List-Unsubscribe=One-Click"
    one_click = message["List-Unsubscribe"].strip().strip("<>")
    assert one_click.startswith("https://news.example.org/en/newsletter/one-click/")
    assert message["Message-ID"].strip() == OutboxMessage.objects.get().message_id

    mail_client = Client(enforce_csrf_checks=True)
    response = mail_client.post(one_click.removeprefix("https://news.example.org"), {"List-Unsubscribe": "One-Click"})
    assert response.status_code == 200
    assert Subscriber.objects.get().status == "unsubscribed"


def test_subscribers_read_only_their_trends(smtp_mail, week):
    make_subscriber("security@example.org", trends=["security"])
    make_subscriber("russia@example.org", trends=["belarus-russia"])  # nothing this week
    queue_weekly_letter(week, ["en"])
    OutboxWorker().run_until_empty()
    _message, text, _html = letter_to(smtp_mail, "security@example.org")
    assert "Belarus and Latvia sign" in text and "Minsk reshuffles" not in text
    assert not smtp_mail.messages_to("russia@example.org")


def test_send_weekly_letter_names_what_is_wrong_with_its_argument(week):
    for argument, complaint in [
        ("12.12.2016", "not a date like 2016-12-12"),
        ("2016-12-13", "is a Tuesday"),
        ("2017-01-02", "no weekly issue starting on 2017-01-02"),
    ]:
        with pytest.raises(CommandError, match=complaint):
            call_command("send_weekly_letter", argument)


def test_send_weekly_letter_queues_and_delivers_once(mailoutbox, week):
    make_subscriber("reader@example.org")
    call_command("send_weekly_letter", "2016-12-12", stdout=open("/dev/null", "w"))
    call_command("send_weekly_letter", "2016-12-12", stdout=open("/dev/null", "w"))
    assert [message.to for message in mailoutbox] == [["reader@example.org"]]
    assert Letter.objects.filter(issue=week).count() == 3  # English and Russian


def test_editors_preview_send_follow_and_export(admin_client, mailoutbox, week, django_capture_on_commit_callbacks):
    make_subscriber("=cmd@example.org", "en", trends=["security"])
    make_subscriber("reader@example.org", "ru")
    preview = admin_client.get(f"/admin/newsletter/issues/{week.pk}/preview/en/").content.decode()
    assert "Trendwatch weekly: December 12 – December 18, 2016" in preview and "▲ Improved" in preview
    html = admin_client.get(f"/admin/newsletter/issues/{week.pk}/preview/en/html/").content.decode()
    assert "Belarus and Latvia sign a defence cooperation agreement" in html
    assert not Letter.objects.exists()  # previewing composes nothing for good

    listing = admin_client.get("/admin/snippets/publishing/weeklyissue/").content.decode()
    assert f"/admin/newsletter/issues/{week.pk}/" in listing

    with django_capture_on_commit_callbacks(execute=True):
        response = admin_client.post(f"/admin/newsletter/issues/{week.pk}/send/")
    assert response.status_code == 302
    assert len(mailoutbox) == 2
    progress = admin_client.get(f"/admin/newsletter/issues/{week.pk}/").content.decode()
    assert "Send the weekly letter" in progress
    assert OutboxMessage.objects.filter(status="sent").count() == 2

    dashboard = admin_client.get("/admin/newsletter/").content.decode()
    assert "2 subscribers" in dashboard
    export = admin_client.get("/admin/newsletter/subscribers.csv")
    lines = export.content.decode().splitlines()
    assert lines[0] == "email,language,trends,status,confirmed_at,unsubscribed_at"
    assert lines[1].startswith("'=cmd@example.org,en,security,subscribed,")  # never a spreadsheet formula


def test_sending_needs_the_permission(client, django_user_model, week):
    from django.contrib.auth.models import Permission

    editor = django_user_model.objects.create_user("editor", password="x")
    editor.user_permissions.add(Permission.objects.get(codename="access_admin"))
    client.force_login(editor)
    assert client.get(f"/admin/newsletter/issues/{week.pk}/").status_code == 200
    assert client.post(f"/admin/newsletter/issues/{week.pk}/send/").status_code in (302, 403)
    assert not Letter.objects.exists()
