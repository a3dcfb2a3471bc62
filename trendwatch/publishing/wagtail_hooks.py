from django.urls import path, reverse
from django.utils.translation import gettext_lazy as _
from wagtail import hooks
from wagtail.admin.menu import MenuItem
from wagtail.admin.ui.tables import Column, DateColumn
from wagtail.admin.viewsets.pages import PageListingViewSet
from wagtail.admin.widgets import ListingButton
from wagtail.snippets.models import register_snippet
from wagtail.snippets.views.snippets import SnippetViewSet

from .admin_views import missing_translations, release_issue
from .models import ArticlePage, Author, Trend, WeeklyIssue


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
    list_display = ["__str__", "week_start", "released_at"]
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
def register_publishing_admin_urls():
    return [
        path("reports/missing-translations/", missing_translations, name="missing_translations"),
        path("issues/<int:issue_id>/release/", release_issue, name="release_issue"),
    ]


@hooks.register("register_snippet_listing_buttons")
def release_button(snippet, user, next_url=None):
    if isinstance(snippet, WeeklyIssue) and not snippet.released:
        yield ListingButton(_("Release"), reverse("release_issue", args=[snippet.pk]), icon_name="upload", priority=20)


class ArticleListingViewSet(PageListingViewSet):
    """Every article with what editors look for first: trend, direction, date, language and status."""

    model = ArticlePage
    icon = "doc-full"
    menu_label = _("Articles")
    menu_order = 190
    add_to_admin_menu = True
    columns = [
        *[column for column in PageListingViewSet.columns if column.name in ("bulk_actions", "title")],
        Column("trend", label=_("Trend"), accessor="trend", sort_key="trend__sort_order"),
        Column("direction", label=_("Direction"), accessor="get_direction_display", sort_key="direction"),
        DateColumn("published_at", label=_("Publication date"), sort_key="published_at"),
        Column("locale", label=_("Language"), accessor="locale", sort_key="locale"),
        *[column for column in PageListingViewSet.columns if column.name == "status"],
    ]


@hooks.register("register_admin_viewset")
def register_article_listing():
    return ArticleListingViewSet("articles")


@hooks.register("register_reports_menu_item")
def register_missing_translations_menu_item():
    return MenuItem(_("Missing translations"), reverse("missing_translations"), icon_name="globe", order=900)
