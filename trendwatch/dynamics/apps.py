from django.apps import AppConfig


class DynamicsConfig(AppConfig):
    name = "trendwatch.dynamics"
    label = "dynamics"
    verbose_name = "Trend dynamics and forecasts"
