"""Monitoring returns: the council's schedule, each period's return, the family's submission and the
officer's review. models.py (registered by BudgetsConfig.ready()), services.py (every change, audited),
views.py and forms.py (the family's pages), admin.py (the officer's screens, registered from
budgets/wagtail_hooks.py), urls.py, demo.py."""
