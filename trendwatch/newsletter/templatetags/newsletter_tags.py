from django import template
from django.template.loader import render_to_string
from django.utils import translation

from trendwatch.pagecache.memo import memoised

from ..forms import SubscribeForm

register = template.Library()


@register.inclusion_tag("newsletter/includes/subscribe_form.html", takes_context=True)
def subscribe_form(context):
    """The footer's subscribe form, in the page's language; its fields are the same on every page."""
    language = translation.get_language()

    def fields():
        form = SubscribeForm(initial={"language": language}, auto_id="newsletter-%s")
        return render_to_string("newsletter/includes/subscribe_fields.html", {"form": form})

    return {"fields": memoised(("subscribe form fields", language), fields), "csrf_token": context.get("csrf_token")}
