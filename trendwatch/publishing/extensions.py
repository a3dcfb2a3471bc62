"""What apps built on publishing add to the article page, registered in their `AppConfig.ready()`.

Publishing is the bottom layer: it never imports the apps that react to it, so they hand it what the
article page needs here instead.
"""

# Column name -> function(article id or OuterRef) -> expression, annotated on the article page's own
# query so that the records it reads come in the page's row (see `json_rows`).
_article_page_columns = {}
_similar_box = None


def add_article_page_column(name, column):
    """Read `column(article)` with every article page, as the attribute `name`."""
    _article_page_columns[name] = column


def article_page_columns(article):
    """The registered columns for `article`, in the order they were added."""
    return {name: column(article) for name, column in _article_page_columns.items()}


def set_similar_box(provider):
    """`provider(article, preview=, with_reasons=)` returns the page's (similar, more on the trend) lists."""
    global _similar_box
    _similar_box = provider


def similar_box(article, preview, with_reasons):
    """(similar, more on the trend) for the article page; empty when no app offers similar articles."""
    if _similar_box is None:
        return [], []
    return _similar_box(article, preview=preview, with_reasons=with_reasons)
