from django.urls import path, reverse
from django.utils.translation import gettext_lazy as _
from wagtail import hooks
from wagtail.admin.menu import MenuItem
from wagtail.admin.widgets import ListingButton

from trendwatch.publishing.models import WeeklyIssue

from . import admin_views


@hooks.register("register_admin_urls")
def register_newsletter_urls():
    return [
        path("newsletter/", admin_views.dashboard, name="newsletter_dashboard"),
        path("newsletter/subscribers.csv", admin_views.export_subscribers, name="newsletter_export"),
        path("newsletter/issues/<int:issue_id>/", admin_views.issue_letter, name="newsletter_issue"),
        path("newsletter/issues/<int:issue_id>/send/", admin_views.send_letter, name="newsletter_send"),
        path("newsletter/issues/<int:issue_id>/preview/<str:language>/", admin_views.preview_letter, name="newsletter_preview"),
        path(
            "newsletter/issues/<int:issue_id>/preview/<str:language>/html/",
            admin_views.preview_letter_html,
            name="newsletter_preview_html",
        ),
    ]


@hooks.register("register_admin_menu_item")
def register_newsletter_menu_item():
    return MenuItem(_("Newsletter"), reverse("newsletter_dashboard"), icon_name="mail", order=220)


@hooks.register("register_snippet_listing_buttons")
def weekly_letter_button(snippet, user, next_url=None):
    """WeeklyIssue is publishing's snippet; the letter's button joins its listing from here."""
    if isinstance(snippet, WeeklyIssue):
        yield ListingButton(_("Weekly letter"), reverse("newsletter_issue", args=[snippet.pk]), icon_name="mail", priority=30)
