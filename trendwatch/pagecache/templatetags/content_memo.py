"""`{% shared_fragment "name" language %}...{% endshared_fragment %}`: markup that every page of a
language shows alike (navigation, labels, links to feeds), rendered once per content version and key
in each process (see pagecache.memo).

What is inside must depend on nothing but the key: not on the request, the page or a CSRF token.
"""

from django import template
from django.utils import translation
from django.utils.safestring import mark_safe

from ..memo import memoised

register = template.Library()


class SharedFragmentNode(template.Node):
    def __init__(self, nodelist, key):
        self.nodelist, self.key = nodelist, key

    def render(self, context):
        # The active language too: addresses and translated labels follow it.
        key = ("shared fragment", translation.get_language(), *(part.resolve(context) for part in self.key))
        return memoised(key, lambda: mark_safe(self.nodelist.render(context)))  # nosec B308: rendered template output


@register.tag
def shared_fragment(parser, token):
    key = token.split_contents()[1:]
    if not key:
        raise template.TemplateSyntaxError("shared_fragment needs a name, then what the markup depends on")
    nodelist = parser.parse(("endshared_fragment",))
    parser.delete_first_token()
    return SharedFragmentNode(nodelist, [parser.compile_filter(part) for part in key])
