from django import template
from django.utils import translation

from ..forms import SubscribeForm

register = template.Library()


@register.inclusion_tag("newsletter/includes/subscribe_form.html", takes_context=True)
def subscribe_form(context):
    """The footer's subscribe form, in the page's language."""
    return {
        "form": SubscribeForm(initial={"language": translation.get_language()}, auto_id="newsletter-%s"),
        "csrf_token": context.get("csrf_token"),
    }
