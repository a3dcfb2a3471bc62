"""The read-only public JSON API at /api/v1/: articles, trends, weekly issues and similar articles.

Everything it returns comes from `published_articles()`, so it shows exactly what a reader of the
site can see. The OpenAPI 3 description is served at /api/v1/openapi.json.
"""
