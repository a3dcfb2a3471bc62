"""Addresses of the home page's routes (trends, weeks, authors, the archive) in a page's language,
for the template tags and the page metadata alike."""

from django.utils import translation

from trendwatch.pagecache.memo import memoised

from .languages import DEFAULT_LANGUAGE
from .models import live_homes


def context_language(context):
    """The language of the page a template context renders: the context's, else the active one."""
    return context.get("language") or translation.get_language() or DEFAULT_LANGUAGE


def context_homes(context):
    """The live home page of each language, from the context processor (one query per request)."""
    homes = context.get("homes")
    return live_homes() if homes is None else homes


def route_address(home, name, *args, **kwargs):
    """The address of one of `home`'s routes, computed once per content version."""
    return memoised(
        ("route address", home.pk, name, args, tuple(sorted(kwargs.items()))),
        lambda: home.url + home.reverse_subpage(name, args=args or None, kwargs=kwargs or None),
    )


def route_url(context, name, *args, **kwargs):
    """URL of one of the home page's routes (trends, weeks, archive) in the page language."""
    home = context_homes(context).get(context_language(context))
    return route_address(home, name, *args, **kwargs) if home is not None else "#"
