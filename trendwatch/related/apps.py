from django.apps import AppConfig


class RelatedConfig(AppConfig):
    name = "trendwatch.related"
    label = "related"
    verbose_name = "Similar articles"

    def ready(self):
        from trendwatch.publishing.extensions import set_similar_box
        from trendwatch.workers.warmup import register

        from . import signals  # noqa: F401  (connects to the entities' events)
        from .models import similar_box_for

        set_similar_box(similar_box_for)
        register(_fit_the_index)


def _fit_the_index():
    from . import corpus  # the engine is loaded by workers only, not by every web process

    corpus.warm_up()
