from django.apps import AppConfig
from django.db.models.signals import post_migrate


class ProblemsConfig(AppConfig):
    name = "problems"
    verbose_name = "Problems reported"
    default_auto_field = "django.db.models.BigAutoField"

    def ready(self):
        from .permissions import grant_problem_permissions

        # Every app's post_migrate, not only this one's: auth creates the permissions in its own receiver,
        # connected after this one.
        post_migrate.connect(grant_problem_permissions, dispatch_uid="problems_grant_permissions")
