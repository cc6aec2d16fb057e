from django.apps import AppConfig


class BudgetsConfig(AppConfig):
    name = "budgets"
    default_auto_field = "django.db.models.BigAutoField"

    def ready(self):
        # The import and return features' models (app label "budgets", same tables) live in their own
        # packages and import budgets.models, never the other way round; loading them here registers them.
        from budgets.imports import models as import_models  # noqa: F401
        from budgets.requests import models as request_models  # noqa: F401
        from budgets.returns import models as return_models  # noqa: F401
