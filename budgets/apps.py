from django.apps import AppConfig


class BudgetsConfig(AppConfig):
    name = "budgets"
    default_auto_field = "django.db.models.BigAutoField"

    def ready(self):
        # The import feature's models (app label "budgets", same tables) live in their own package and
        # import budgets.models, never the other way round; loading them here registers them.
        from budgets.imports import models  # noqa: F401
