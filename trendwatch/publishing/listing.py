"""Long lists of published articles read a page at a time, whatever the archive's size.

A page of a list is read in two steps: the ids of its articles first, in a narrow query that the
database answers by walking an index in the list's order and stopping at the page's end; then
those few articles whole, with what their list shows. Asked for whole rows at once (texts,
trends, weeks joined), SQLite chose to read every candidate of a language and sort them, which
grew with the archive: the latest ten English articles of 30,000 took tens of milliseconds.
"""


class ListedArticles:
    """A list of published articles that Django's Paginator, the API's pages and slicing read by ids first.

    rows: a query ordered as the list, whose `article_id` field (default "pk") names the articles;
    articles: the query the articles are read from (default: `rows` itself, which must then be a
    query of published articles).
    """

    def __init__(self, rows, article_id="pk", articles=None):
        self.rows = rows
        self.article_id = article_id
        self.articles = rows if articles is None else articles

    def count(self):
        return self.rows.count()

    def __len__(self):
        return self.count()

    def __getitem__(self, key):
        if not isinstance(key, slice):
            return self[key : key + 1][0]
        ids = self._ids(key)
        found = {article.pk: article for article in self.articles.filter(pk__in=ids)}
        return [found[pk] for pk in ids if pk in found]

    def _ids(self, key):
        return list(self.rows.values_list(self.article_id, flat=True)[key])

    # Reading a whole list is what this class is here to prevent: slice it.
    __iter__ = None


class ListedIds(ListedArticles):
    """A list of published articles whose ids are known already, in the list's order (a memoised
    list): counting it and finding a page's ids cost nothing."""

    def __init__(self, ids, articles):
        self.ids = ids
        self.articles = articles

    def count(self):
        return len(self.ids)

    def _ids(self, key):
        return self.ids[key]
