from django.apps import AppConfig


class SearchConfig(AppConfig):
    label = "search"
    name = "search"
    verbose_name = "Search"
    default_auto_field = "django.db.models.BigAutoField"

    def ready(self):
        from . import signals

        signals.connect(self)
