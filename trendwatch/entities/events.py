"""The entities app's one event: which articles' entity mentions were read again.

`mentions_changed` is sent with `page_ids` after the mentions of those articles were stored anew
(their text changed, they were published or removed, or editors changed the entities). The
similar-article lists read the mentions, so they follow this event rather than publishing's.
Background work sends it without `stage`; bulk work sends the `stage` of its progress bars and
expects receivers to finish their part before it goes on (see `publishing.events`).
"""

from django.dispatch import Signal

mentions_changed = Signal()
