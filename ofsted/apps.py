from django.apps import AppConfig
from django.db.models.signals import post_migrate

# Editors keep the register: they import Ofsted's file and act on ended registrations.
EDITOR_PERMISSIONS = [
    "add_ofstedimport",
    "view_ofstedimport",
    "view_ofstedregistration",
    "change_ofstedregistration",
    "add_ofstedregistration",
]


def grant_ofsted_permissions(**kwargs):
    from accounts.staff import grant_to_groups

    grant_to_groups("ofsted", {"Editors": EDITOR_PERMISSIONS, "Moderators": EDITOR_PERMISSIONS})


class OfstedConfig(AppConfig):
    name = "ofsted"
    verbose_name = "Ofsted childcare register"
    default_auto_field = "django.db.models.BigAutoField"

    def ready(self):
        # A childminder's location is cut down to its outcode whenever it is saved, from any screen.
        from . import signals  # noqa: F401

        # For every app's post_migrate, not only ours: Django creates our permissions in a handler that
        # runs after this one, so they exist by a later app's signal (granting is idempotent).
        post_migrate.connect(grant_ofsted_permissions, dispatch_uid="ofsted_grant_permissions")
