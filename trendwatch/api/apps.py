from django.apps import AppConfig


class ApiConfig(AppConfig):
    name = "trendwatch.api"
    label = "api"
    verbose_name = "Public JSON API"
