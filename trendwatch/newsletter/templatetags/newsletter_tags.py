from django import template
from django.template.backends.utils import csrf_input
from django.template.loader import render_to_string
from django.urls import reverse
from django.utils import translation
from django.utils.html import format_html

from trendwatch.pagecache.memo import memoised

from ..forms import SubscribeForm

register = template.Library()


@register.simple_tag(takes_context=True)
def subscribe_form(context):
    """The footer's subscribe form in the page's language: the same on every page but for its CSRF token."""
    language = translation.get_language()

    def address_and_contents():
        form = SubscribeForm(initial={"language": language}, auto_id="newsletter-%s")
        return reverse("newsletter_subscribe"), render_to_string("newsletter/includes/subscribe_form.html", {"form": form})

    address, contents = memoised(("subscribe form", language), address_and_contents)
    request = context.get("request")
    token = csrf_input(request) if request is not None else ""
    return format_html('<form class="newsletter-form" method="post" action="{}">{}{}</form>', address, token, contents)
