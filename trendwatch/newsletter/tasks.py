from django_tasks import task

from .mails import subscription_mail
from .outbox import OutboxWorker


@task()
def send_subscription_mail(email, language, trend_slugs, site_url=None):
    """Mail the confirmation link (or the already-subscribed note) off the request path when tasks are
    queued; its links lead to `site_url`, the address the form was sent to (default SITE_URL)."""
    subscription_mail(email, language, trend_slugs, site_url).send()


@task()
def deliver_outbox():
    """Send every due outbox row; long-running `send_outbox` workers do the same and may run alongside."""
    return OutboxWorker().run_until_empty()
