from django_tasks import task

from .mails import subscription_mail
from .outbox import OutboxWorker


@task()
def send_subscription_mail(email, language, trend_slugs):
    """Mail the confirmation link (or the already-subscribed note) off the request path when tasks are queued."""
    subscription_mail(email, language, trend_slugs).send()


@task()
def deliver_outbox():
    """Send every due outbox row; long-running `send_outbox` workers do the same and may run alongside."""
    return OutboxWorker().run_until_empty()
