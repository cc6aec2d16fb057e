from django.apps import AppConfig


class ShortlistConfig(AppConfig):
    name = "shortlist"
    verbose_name = "Shortlist"
    default_auto_field = "django.db.models.BigAutoField"

    def ready(self):
        from allauth.account.signals import user_logged_in

        from .store import merge_at_sign_in

        user_logged_in.connect(merge_at_sign_in, dispatch_uid="shortlist_merge_at_sign_in")
