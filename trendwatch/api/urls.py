"""The API's URLs, at the site root (no language prefix): one address per resource for every reader.

This module is also the URLconf the API middleware hands to LocaleMiddleware (see middleware.py).
"""

from django.urls import path

from .api import api_v1
from .reference import api_reference

urlpatterns = [path("api/v1/", api_reference, name="api_reference"), path("api/v1/", api_v1.urls)]
