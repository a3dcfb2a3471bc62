import pytest
from django.contrib.auth.models import Group, User
from wagtail.models import Page

from tests.conftest import make_article
from trendwatch.editorial.roles import ADMINISTRATORS, ANALYSTS, EDITORS, WORKFLOW_NAME
from trendwatch.publishing.models import ArticleIndexPage, published_articles

pytestmark = pytest.mark.django_db


def member(group_name, username):
    user = User.objects.create_user(username, password="a long password for tests")
    user.groups.add(Group.objects.get(name=group_name))
    return user


def english_index():
    return ArticleIndexPage.objects.get(locale__language_code="en")


def draft_by(owner, title="Minsk and Vilnius reopen a border crossing"):
    article = make_article(title, live=False, owner=owner)
    return article


def test_a_fresh_install_has_the_three_roles_and_no_starter_moderators():
    names = set(Group.objects.values_list("name", flat=True))
    assert {ANALYSTS, EDITORS, ADMINISTRATORS} <= names
    assert "Moderators" not in names


def test_every_article_index_in_every_language_goes_through_review_then_publish():
    for index in ArticleIndexPage.objects.all():
        assert index.get_workflow().name == WORKFLOW_NAME
        article = make_article(f"An article in {index.locale.language_code}", language=index.locale.language_code, live=False)
        assert article.get_workflow().name == WORKFLOW_NAME


def test_an_analyst_writes_and_submits_but_cannot_publish_or_touch_others_drafts():
    analyst = member(ANALYSTS, "analyst")
    colleague = member(ANALYSTS, "colleague")
    own = draft_by(analyst)
    others = draft_by(colleague, "Another analyst's draft")
    index_rights = english_index().permissions_for_user(analyst)
    assert index_rights.can_add_subpage()
    own_rights = own.permissions_for_user(analyst)
    assert own_rights.can_edit() and own_rights.can_submit_for_moderation()
    assert not own_rights.can_publish()
    assert not others.permissions_for_user(analyst).can_edit()
    assert not analyst.has_perm("publishing.change_trend")
    assert analyst.has_perm("wagtailadmin.access_admin")


def test_an_editor_edits_publishes_and_curates_but_only_articles():
    editor = member(EDITORS, "editor")
    article = draft_by(member(ANALYSTS, "writer"))
    rights = article.permissions_for_user(editor)
    assert rights.can_edit() and rights.can_publish() and rights.can_lock()
    for model in ("trend", "author", "weeklyissue"):
        assert editor.has_perm(f"publishing.change_{model}")
        assert editor.has_perm(f"publishing.add_{model}")
    home = Page.objects.get(pk=english_index().get_parent().pk)
    assert not home.permissions_for_user(editor).can_edit()
    assert not editor.has_perm("auth.change_user")


def test_an_administrator_may_do_everything():
    administrator = member(ADMINISTRATORS, "administrator")
    home = english_index().get_parent()
    assert home.permissions_for_user(administrator).can_edit()
    assert administrator.has_perm("auth.change_user")
    assert administrator.has_perm("publishing.delete_trend")


def test_a_submitted_article_is_published_by_an_editors_approval_and_only_then():
    analyst, editor = member(ANALYSTS, "analyst"), member(EDITORS, "editor")
    article = draft_by(analyst)
    workflow_state = article.get_workflow().start(article, analyst)
    article.refresh_from_db()
    assert not article.live
    assert article not in published_articles("en")
    task_state = workflow_state.current_task_state
    assert editor in [user for user in User.objects.all() if task_state.task.specific.user_can_access_editor(article, user)]
    assert not task_state.task.specific.user_can_access_editor(article, member(ANALYSTS, "bystander"))
    task_state.task.specific.on_action(task_state, editor, "approve")
    article.refresh_from_db()
    assert article.live
    assert article in published_articles("en")


def test_an_editor_can_send_a_submission_back():
    analyst, editor = member(ANALYSTS, "analyst"), member(EDITORS, "editor")
    article = draft_by(analyst)
    workflow_state = article.get_workflow().start(article, analyst)
    task_state = workflow_state.current_task_state
    task_state.task.specific.on_action(task_state, editor, "reject")
    article.refresh_from_db()
    assert not article.live
    workflow_state.refresh_from_db()
    assert workflow_state.status == workflow_state.STATUS_NEEDS_CHANGES
