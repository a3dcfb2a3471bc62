from django.apps import AppConfig


class WorkersConfig(AppConfig):
    name = "trendwatch.workers"
    label = "workers"
    verbose_name = "Task workers"
