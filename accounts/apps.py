from django.apps import AppConfig
from django.core.management import call_command
from django.db.models.signals import pre_migrate


def create_cache_table(using="default", **kwargs):
    """The database cache (the embedded default) needs its table; `migrate` makes it first, idempotently,
    so that data migrations which publish pages can already bump the page cache's content version."""
    call_command("createcachetable", database=using, verbosity=0)


class AccountsConfig(AppConfig):
    name = "accounts"
    verbose_name = "Accounts and sign-in"
    default_auto_field = "django.db.models.BigAutoField"

    def ready(self):
        # Sign-in, two-factor and lockout events are written to the security log from allauth's signals.
        from accounts import signals  # noqa: F401

        pre_migrate.connect(create_cache_table, sender=self)
