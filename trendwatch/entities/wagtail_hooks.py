from django.urls import path, reverse
from django.utils.translation import gettext_lazy as _
from wagtail import hooks
from wagtail.admin.menu import MenuItem
from wagtail.snippets.models import register_snippet
from wagtail.snippets.views.snippets import SnippetViewSet

from . import admin_views
from .models import Entity
from .signals import entities_changed


class EntityViewSet(SnippetViewSet):
    model = Entity
    icon = "group"
    list_display = ["name_en", "kind", "slug"]
    list_filter = ["kind"]
    search_fields = ["name_en", "name_ru", "name_be"]
    add_to_admin_menu = True
    menu_order = 220


register_snippet(EntityViewSet)


@hooks.register("after_create_snippet")
@hooks.register("after_edit_snippet")
@hooks.register("after_delete_snippet")
def match_again_after_entity_change(request, instance_or_instances):
    # Runs once the aliases are saved too (a model signal would fire before them). Creating and
    # editing pass one instance, deleting passes a list.
    changed = instance_or_instances if hasattr(instance_or_instances, "__iter__") else [instance_or_instances]
    if any(isinstance(instance, Entity) for instance in changed):
        entities_changed()


@hooks.register("register_admin_urls")
def register_suggestion_urls():
    return [
        path("entities/suggestions/", admin_views.suggestions, name="entity_suggestions"),
        path("entities/suggestions/<int:pk>/accept/", admin_views.accept_suggestion, name="accept_entity_suggestion"),
        path("entities/suggestions/<int:pk>/dismiss/", admin_views.dismiss_suggestion, name="dismiss_entity_suggestion"),
    ]


class SuggestionsMenuItem(MenuItem):
    def is_shown(self, request):
        return request.user.has_perm("entities.add_entity")


@hooks.register("register_admin_menu_item")
def register_suggestions_menu_item():
    return SuggestionsMenuItem(_("Suggested entities"), reverse("entity_suggestions"), icon_name="help", order=221)
