from django.apps import AppConfig


class NewsletterConfig(AppConfig):
    name = "trendwatch.newsletter"
    label = "newsletter"
    verbose_name = "Newsletter"
