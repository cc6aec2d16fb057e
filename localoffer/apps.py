from django.apps import AppConfig
from django.db.models.signals import post_migrate


class LocalofferConfig(AppConfig):
    name = "localoffer"
    default_auto_field = "django.db.models.BigAutoField"

    def ready(self):
        from . import caching
        from .permissions import grant_directory_permissions

        caching.connect()

        post_migrate.connect(grant_directory_permissions, dispatch_uid="localoffer_grant_directory_permissions")

        # Directory imports' admin screens live with the rest of the ORUK code.
        from .oruk import wagtail_hooks  # noqa: F401
