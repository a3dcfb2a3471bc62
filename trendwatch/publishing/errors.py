"""Error pages in the site's frame and the reader's language, and the icon browsers ask for at /favicon.ico."""

from django.conf import settings
from django.http import HttpResponsePermanentRedirect, HttpResponseServerError
from django.shortcuts import render
from django.template import loader
from django.templatetags.static import static
from django.utils import translation
from django.views.decorators.csrf import requires_csrf_token


@requires_csrf_token
def page_not_found(request, exception):
    """Header, navigation, search and footer as on every page, in the language of the address."""
    return render(request, "404.html", status=404)


def server_error(request):
    """A page that reads nothing from the database (it may be what failed): the site's name,
    stylesheet and a way home, in the language of the address."""
    language = translation.get_language() or settings.LANGUAGE_CODE
    context = {"language": language, "site_name": settings.SITE_NAME}
    return HttpResponseServerError(loader.get_template("500.html").render(context))


def favicon(request):
    return HttpResponsePermanentRedirect(static("publishing/favicon.ico"))
