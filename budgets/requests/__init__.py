"""Asking for a personal budget, and moving to adulthood.

A family (a parent for a child, or a young person of 16 to 25 for themselves) asks for a personal budget
one question at a time; the council's officers move the request through received, being considered,
agreed (which creates the budget, the family already a member), set up or declined (with a reason the
family may ask to be reviewed). A budget a parent manages can be handed to the young person at 16, and
officers are prompted six months before an 18th birthday, when social care moves to adult rules.

models.py (registered by BudgetsConfig.ready()), services.py (every change, atomic and audited),
forms.py and views.py (the family's pages), admin.py (the officer's queue and prompts, registered from
budgets/wagtail_hooks.py), urls.py, demo.py."""
