from django.apps import AppConfig


class RelatedConfig(AppConfig):
    name = "trendwatch.related"
    label = "related"
    verbose_name = "Similar articles"

    def ready(self):
        from trendwatch.workers.warmup import register

        from . import signals  # noqa: F401  (connects to the entities' events)

        register(_fit_the_index)


def _fit_the_index():
    from . import corpus  # the engine is loaded by workers only, not by every web process

    corpus.warm_up()
