from django.core.management.base import BaseCommand

from budgets import demo


class Command(BaseCommand):
    help = "Load the demo personal budgets (idempotent): two families and a budget officer."

    def handle(self, *args, **options):
        accounts = demo.load(stdout=self.stdout, stderr=self.stderr, family_accounts=True)
        for account in accounts:
            self.stdout.write(f"  {account.role}  {account.email}  password: {account.password}  ({account.note})")
