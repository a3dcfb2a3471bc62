"""Editors' review of suggested entities: accept one as a new entity, or dismiss it."""

from django.contrib import messages
from django.contrib.auth.decorators import permission_required
from django.db import transaction
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from trendwatch.publishing.slugs import headline_slug

from .models import Entity, EntityAlias, Kind, Suggestion
from .signals import entities_changed


@permission_required("entities.add_entity")
def suggestions(request):
    return render(request, "entities/admin/suggestions.html", {"suggestions": Suggestion.objects.filter(dismissed=False)})


@require_POST
@permission_required("entities.add_entity")
def accept_suggestion(request, pk):
    suggestion = get_object_or_404(Suggestion, pk=pk, dismissed=False)
    with transaction.atomic():
        entity = Entity.objects.create(
            kind=suggestion.kind_guess if suggestion.kind_guess in Kind.values else Kind.PERSON,
            slug=_free_slug(headline_slug(suggestion.name, _script_language(suggestion.name))),
            name_en=suggestion.name[: Entity._meta.get_field("name_en").max_length],
        )
        EntityAlias.objects.bulk_create(
            EntityAlias(entity=entity, name=variant) for variant in suggestion.variants if variant != entity.name_en
        )
        suggestion.delete()
    entities_changed()
    messages.success(
        request, _("“%(name)s” is now an entity: check its kind and add its names in each language.") % {"name": entity.name_en}
    )
    return redirect(reverse("wagtailsnippets_entities_entity:edit", args=[entity.pk]))


@require_POST
@permission_required("entities.add_entity")
def dismiss_suggestion(request, pk):
    suggestion = get_object_or_404(Suggestion, pk=pk)
    suggestion.dismissed = True
    suggestion.save(update_fields=["dismissed"])
    messages.success(request, _("“%(name)s” will not be suggested again.") % {"name": suggestion.name})
    return redirect("entity_suggestions")


def _script_language(name):
    if any(c in "іўІЎ" for c in name):
        return "be"
    return "ru" if any("\u0400" <= c <= "\u04ff" for c in name) else "en"


def _free_slug(base):
    max_length = Entity._meta.get_field("slug").max_length
    slug, number = base[:max_length], 2
    while Entity.objects.filter(slug=slug).exists():
        suffix = f"-{number}"
        slug, number = base[: max_length - len(suffix)] + suffix, number + 1
    return slug
