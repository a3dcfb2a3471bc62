from wagtail.snippets.models import register_snippet
from wagtail.snippets.views.snippets import SnippetViewSet

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
