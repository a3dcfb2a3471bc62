"""RSS 2.0 and Atom feeds of the commentaries, for each language and each trend."""

from django.conf import settings
from django.contrib.syndication.views import Feed
from django.shortcuts import get_object_or_404
from django.utils import translation
from django.utils.feedgenerator import Atom1Feed, Rss201rev2Feed
from django.utils.html import format_html
from django.utils.translation import gettext as _

from .listing import ListedArticles
from .models import Direction, Trend, locale_ids_by_language, published_articles
from .stories import published_stories

FEED_LENGTH = 30


class ArticleFeed(Feed):
    feed_type = Rss201rev2Feed

    def get_object(self, request, trend=None):
        self.language = translation.get_language() or settings.LANGUAGE_CODE
        return get_object_or_404(Trend, slug=trend) if trend else None

    def title(self, trend):
        if trend is None:
            return f"{settings.SITE_NAME}: {_('Latest commentaries')}"
        return f"{settings.SITE_NAME}: {trend.localized('name', self.language)}"

    def link(self, trend):
        prefix = f"/{self.language}/"
        return f"{prefix}trends/{trend.slug}/" if trend else prefix

    def description(self, trend):
        if trend is None:
            return _("Weekly expert commentaries")
        return trend.localized("description", self.language) or trend.localized("name", self.language)

    def items(self, trend):
        # The feed's articles are the stories of the reader lists of its language whose version is in
        # that language: found by walking the lists' date index, where a query of the articles
        # themselves read and sorted every article of the language.
        stories = published_stories(self.language).filter(article__locale_id=locale_ids_by_language().get(self.language))
        if trend is not None:
            stories = stories.filter(trend=trend)
        articles = published_articles().prefetch_related("authors")
        return ListedArticles(stories, article_id="article_id", articles=articles)[:FEED_LENGTH]

    def item_title(self, article):
        return article.title

    def item_description(self, article):
        # Readers show an entry's description as HTML; the lead is plain text, so it goes in escaped.
        return format_html("{} ({}: {})", article.lead, _("Direction of change"), Direction(article.direction).label)

    def item_link(self, article):
        return article.url

    def item_guid(self, article):
        return f"{settings.SITE_NAME.lower()}-article-{article.translation_key}-{article.language}"

    item_guid_is_permalink = False

    def item_pubdate(self, article):
        return article.published_at

    def item_updateddate(self, article):
        return article.last_published_at or article.published_at

    def item_author_name(self, article):
        return ", ".join(author.localized("name", self.language) for author in article.authors.all()) or None

    def item_categories(self, article):
        return [article.trend.localized("name", self.language), str(Direction(article.direction).label)]


class AtomArticleFeed(ArticleFeed):
    feed_type = Atom1Feed
    subtitle = ArticleFeed.description
