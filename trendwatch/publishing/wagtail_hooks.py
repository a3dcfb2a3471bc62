from django.urls import path, reverse
from django.utils.translation import gettext_lazy as _
from wagtail import hooks
from wagtail.admin.menu import MenuItem
from wagtail.snippets.models import register_snippet
from wagtail.snippets.views.snippets import SnippetViewSet

from .admin_views import missing_translations
from .models import Author, Trend, WeeklyIssue


class TrendViewSet(SnippetViewSet):
    model = Trend
    icon = "tag"
    list_display = ["name_en", "slug", "sort_order"]
    sort_order_field = "sort_order"
    menu_order = 200
    add_to_admin_menu = True


class WeeklyIssueViewSet(SnippetViewSet):
    model = WeeklyIssue
    icon = "date"
    list_display = ["__str__", "week_start"]
    add_to_admin_menu = True
    menu_order = 210


class AuthorViewSet(SnippetViewSet):
    model = Author
    icon = "user"
    list_display = ["name_en", "slug"]


register_snippet(TrendViewSet)
register_snippet(WeeklyIssueViewSet)
register_snippet(AuthorViewSet)


@hooks.register("register_admin_urls")
def register_missing_translations_url():
    return [path("reports/missing-translations/", missing_translations, name="missing_translations")]


@hooks.register("register_reports_menu_item")
def register_missing_translations_menu_item():
    return MenuItem(_("Missing translations"), reverse("missing_translations"), icon_name="globe", order=900)
