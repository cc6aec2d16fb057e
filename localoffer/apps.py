from django.apps import AppConfig


class LocalofferConfig(AppConfig):
    name = "localoffer"
    default_auto_field = "django.db.models.BigAutoField"
