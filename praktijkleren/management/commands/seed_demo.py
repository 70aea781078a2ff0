from django.core.management.base import BaseCommand

from praktijkleren.demo import ACCOUNTS, DEMO_PASSWORD, seed_demo


class Command(BaseCommand):
    help = "Load the demo data set (pilots, organisations, participants, one account per role)."

    def handle(self, *args, **options):  # type: ignore[no-untyped-def]
        counts = seed_demo()
        self.stdout.write(", ".join(f"{k}: {v}" for k, v in counts.items()))
        self.stdout.write(f"Demo accounts (password '{DEMO_PASSWORD}'):")
        for email, *_rest in ACCOUNTS:
            self.stdout.write(f"  {email}")
