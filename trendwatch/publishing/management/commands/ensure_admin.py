import secrets

from django.contrib.auth import get_user_model
from django.core.management.base import BaseCommand


class Command(BaseCommand):
    help = "Create an administrator account if there is none, and print its generated password once."

    def add_arguments(self, parser):
        parser.add_argument("--username", default="admin")

    def handle(self, *args, **options):
        users = get_user_model()
        if users.objects.filter(is_superuser=True).exists():
            return
        password = secrets.token_urlsafe(12)
        users.objects.create_superuser(options["username"], email="", password=password)
        self.stdout.write(
            self.style.WARNING(
                f"Created the administrator account '{options['username']}' with password: {password}\n"
                "It is shown only this once; change it in the admin under Account."
            )
        )
