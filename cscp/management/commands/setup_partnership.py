from django.core.management.base import BaseCommand, CommandError

from cscp.models import User
from cscp.partnership.services import user_grant_business_support


class Command(BaseCommand):
    help = (
        "First run without the demo: give an existing user (e.g. the one createsuperuser made) "
        "the business support role. They then sign in and follow the set-up page (/setup/)."
    )

    def add_arguments(self, parser):
        parser.add_argument("--support", required=True, help="username to make business support")

    def handle(self, *args, support, **options):
        user = User.objects.filter(username=support).first()
        if user is None:
            raise CommandError(f"No user {support!r}: run `manage.py createsuperuser` first.")
        user_grant_business_support(user=user)
        self.stdout.write(
            self.style.SUCCESS(f"{support} is business support. Sign in and open Set-up (/setup/).")
        )
