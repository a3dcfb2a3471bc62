import datetime

import pytest
from django.core.exceptions import ValidationError

from trendwatch.publishing.models import ArticlePage, WeeklyIssue
from tests.conftest import make_article, make_image

pytestmark = pytest.mark.django_db


def test_week_follows_the_publication_date():
    article = make_article(published="2016-12-11 23:30")
    assert article.weekly_issue.week_start == datetime.date(2016, 12, 5)
    assert str(article.weekly_issue) == "December 5 – December 11, 2016"


def test_moving_the_date_moves_the_article_to_another_week():
    article = make_article(published="2016-12-12 10:22")
    article.published_at = article.published_at + datetime.timedelta(days=7)
    article.save()
    assert article.weekly_issue.week_start == datetime.date(2016, 12, 19)


def test_an_editor_can_override_the_week_with_one_that_contains_the_date():
    override = WeeklyIssue.objects.create(week_start=datetime.date(2016, 12, 12))
    article = make_article(published="2016-12-12 10:22", week_override=override)
    assert article.weekly_issue == override


def test_a_week_override_that_does_not_contain_the_date_is_refused():
    other_week = WeeklyIssue.objects.create(week_start=datetime.date(2016, 11, 28))
    article = make_article(published="2016-12-12 10:22")
    article.week_override = other_week
    with pytest.raises(ValidationError) as error:
        article.full_clean()
    assert "does not contain the publication date 2016-12-12" in str(error.value.message_dict["week_override"])


def test_a_weekly_issue_must_start_on_monday():
    with pytest.raises(ValidationError, match="starts on a Monday"):
        WeeklyIssue(week_start=datetime.date(2016, 12, 7)).full_clean()


def test_cyrillic_headlines_get_readable_latin_slugs():
    article = make_article("Лукашенко посетил Гродно", language="ru")
    assert article.slug == "lukashenko-posetil-grodno"
    belarusian = make_article("Лукашэнка наведаў Гродна", language="be")
    assert belarusian.slug == "lukashenka-naviedau-hrodna"


def test_a_slug_stays_once_published():
    article = make_article("Minsk and Riga sign a defence memorandum")
    article.title = "Minsk and Riga sign a defence memorandum, details emerge"
    article.save_revision().publish()
    article.refresh_from_db()
    assert article.slug == "minsk-and-riga-sign-a-defence-memorandum"


def test_an_image_knows_what_it_lacks_for_publication():
    assert make_image().missing_for_publication() == []
    lacking = [str(item) for item in make_image(credit="", alt="").missing_for_publication()]
    assert lacking == ["a credit line", "alt text (the image's description)"]


def test_drafts_have_no_week_until_they_have_a_date():
    draft = make_article(published=None, live=False)
    assert ArticlePage.objects.get(pk=draft.pk).weekly_issue is None
