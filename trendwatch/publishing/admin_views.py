"""Editors' view of which published articles still lack a translation."""

from django.conf import settings
from django.contrib.auth.decorators import permission_required
from django.core.paginator import Paginator
from django.shortcuts import render

from .models import ArticlePage


@permission_required("wagtailadmin.access_admin")
def missing_translations(request):
    languages = [code for code, _name in settings.LANGUAGES]
    live = ArticlePage.objects.live().select_related("locale").order_by("-published_at", "-pk")
    languages_by_key = {}
    for key, language in live.values_list("translation_key", "locale__language_code"):
        languages_by_key.setdefault(key, set()).add(language)
    originals = live.filter(locale__language_code=settings.LANGUAGE_CODE)
    rows = [
        (article, [code for code in languages if code not in languages_by_key[article.translation_key]])
        for article in originals
        if len(languages_by_key[article.translation_key]) < len(languages)
    ]
    page = Paginator(rows, 50).get_page(request.GET.get("page"))
    return render(request, "publishing/admin/missing_translations.html", {"rows": page, "total": len(rows)})
