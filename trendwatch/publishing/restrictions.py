"""Pages behind a view restriction (a password, a sign-in, a group): left out of every public list.

A site usually has none, so whether it has any is read once per content version (the content memo)
rather than by every page and every list.
"""

from wagtail.models import PageViewRestriction

from trendwatch.pagecache.memo import memoised


def restricted_paths():
    """Tree paths of the pages with a view restriction (their subtrees are not public); usually none."""
    return memoised("restricted paths", lambda: tuple(PageViewRestriction.objects.values_list("page__path", flat=True)))


def _read_leaves_and_branches():
    leaves, branches = [], []
    for page_id, path, children in PageViewRestriction.objects.values_list("page_id", "page__path", "page__numchild"):
        if children:
            branches.append(path)
        else:
            leaves.append(page_id)
    return tuple(sorted(set(leaves))), tuple(branches)


def restricted_leaves_and_branches():
    """(ids of restricted pages without children, paths of restricted pages with children)."""
    return memoised("restricted leaves and branches", _read_leaves_and_branches)


def public(pages, read_now=False):
    """`pages` without those under a view restriction: Wagtail's `.public()` without its query per call.

    A restricted article (a page without children) is left out by its id: one clause whatever
    their number, where a path pattern per restricted page was tested against every row.
    read_now: read the restrictions from the database rather than the content memo, so that one
    saved a moment ago counts (default False)."""
    leaves, branches = _read_leaves_and_branches() if read_now else restricted_leaves_and_branches()
    if leaves:
        pages = pages.exclude(pk__in=leaves)
    for restricted in branches:
        pages = pages.exclude(path__startswith=restricted)
    return pages


class MemoisedSiteData:
    """Pages learn whether the site has view restrictions from the content memo: usually it has
    none, and Wagtail would query the page's ancestors and their restrictions on every view."""

    def get_view_restrictions(self):
        if not restricted_paths():
            return PageViewRestriction.objects.none()
        return super().get_view_restrictions()
