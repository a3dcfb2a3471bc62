"""Editors' views: which published articles still lack a translation; releasing a weekly issue."""

from django.contrib.auth.decorators import permission_required
from django.core.paginator import Paginator
from django.contrib import messages
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods

from .languages import DEFAULT_LANGUAGE, LANGUAGE_CODES
from .models import ArticlePage, WeeklyIssue


@permission_required("wagtailadmin.access_admin")
def missing_translations(request):
    live = ArticlePage.objects.live().select_related("locale").order_by("-published_at", "-pk")
    languages_by_key = {}
    for key, language in live.values_list("translation_key", "locale__language_code"):
        languages_by_key.setdefault(key, set()).add(language)
    originals = live.filter(locale__language_code=DEFAULT_LANGUAGE)
    rows = [
        (article, [code for code in LANGUAGE_CODES if code not in languages_by_key[article.translation_key]])
        for article in originals
        if len(languages_by_key[article.translation_key]) < len(LANGUAGE_CODES)
    ]
    page = Paginator(rows, 50).get_page(request.GET.get("page"))
    return render(request, "publishing/admin/missing_translations.html", {"rows": page, "total": len(rows)})


@require_http_methods(["GET", "POST"])
@permission_required("publishing.change_weeklyissue")
def release_issue(request, issue_id):
    """The editors' "Release": the issue becomes the home page's (when it is the newest released)."""
    issue = get_object_or_404(WeeklyIssue, pk=issue_id)
    if request.method == "GET":
        return render(request, "publishing/admin/release_issue.html", {"issue": issue})
    issue.release()
    messages.success(request, _("The issue %(issue)s is released.") % {"issue": issue})
    return redirect("wagtailsnippets_publishing_weeklyissue:list")
