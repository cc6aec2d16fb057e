"""`manage.py load_demo`: load the demo Camden Local Offer, then any other app's demo data.

Idempotent: running it again creates no duplicates. Prints the demo accounts at the end.

Adding a demo step (for example the budgets demo): write a function in your app taking keyword
arguments `stdout` and `stderr` and optionally returning a list of accounts (objects with
`role`, `email`, `password` and `note`), then append its dotted path to `DEMO_STEPS` below.
Steps are named by dotted path so `localoffer` never imports another app:

    DEMO_STEPS = ["localoffer.demo.load", "budgets.demo.load", "providers.demo.load"]
"""

from django.core.management.base import BaseCommand
from django.utils.module_loading import import_string

DEMO_STEPS = ["localoffer.demo.load", "budgets.demo.load", "providers.demo.load", "insight.demo.load"]


class Command(BaseCommand):
    help = "Load the demo Camden Local Offer (idempotent) and print the demo accounts."

    def handle(self, *args, verbosity=1, **options):
        accounts = []
        for dotted_path in DEMO_STEPS:
            result = import_string(dotted_path)(stdout=self.stdout, stderr=self.stderr)
            accounts += list(getattr(result, "accounts", result) or [])
        if accounts:
            self.stdout.write(self.style.SUCCESS("Demo accounts (sign in at /accounts/login/):"))
            width = max(len(account.role) for account in accounts)
            for account in accounts:
                note = f"  ({account.note})" if account.note else ""
                self.stdout.write(f"  {account.role:<{width}}  {account.email}  password: {account.password}{note}")
