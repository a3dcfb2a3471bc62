from django.urls import path

from .feeds import ArticleFeed, AtomArticleFeed

urlpatterns = [
    path("feeds/rss/", ArticleFeed(), name="feed_rss"),
    path("feeds/atom/", AtomArticleFeed(), name="feed_atom"),
    path("feeds/<slug:trend>/rss/", ArticleFeed(), name="trend_feed_rss"),
    path("feeds/<slug:trend>/atom/", AtomArticleFeed(), name="trend_feed_atom"),
]
