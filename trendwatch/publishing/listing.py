"""Long lists of published articles read a page at a time, whatever the archive's size.

A page of a list is read in two steps: the ids of its articles first, in a narrow query that the
database answers by walking its index on the publication date and stopping at the page's end;
then those few articles whole, with what their list shows. Asked for whole rows at once (texts,
trends, weeks joined), SQLite chose to read every candidate of a language and sort them, which
grew with the archive: the latest ten English articles of 30,000 took tens of milliseconds.
"""


class ListedArticles:
    """A query of published articles (`published_articles()`, filtered and ordered) that Django's
    Paginator, the API's pages and slicing read by ids first."""

    def __init__(self, articles):
        self.articles = articles

    def count(self):
        return self.articles.count()

    def __len__(self):
        return self.count()

    def __getitem__(self, key):
        if not isinstance(key, slice):
            return self[key : key + 1][0]
        ids = list(self.articles.values_list("pk", flat=True)[key])
        found = {article.pk: article for article in self.articles.filter(pk__in=ids)}
        return [found[pk] for pk in ids if pk in found]

    # Reading a whole list is what this class is here to prevent: slice it.
    __iter__ = None
