from django.apps import AppConfig


class ProvidersConfig(AppConfig):
    default_auto_field = "django.db.models.BigAutoField"
    name = "providers"
    verbose_name = "Provider accounts"

    def ready(self):
        from django.db.models.signals import post_migrate

        from . import signals
        from .permissions import grant_invitation_permissions

        signals.connect()
        post_migrate.connect(grant_invitation_permissions, dispatch_uid="providers.permissions")
