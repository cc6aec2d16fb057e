"""The one model field for an amount of money: pounds and pence, up to £9,999,999,999.99, stored exactly.

Every amount in the budgets app (allocations, provision, entries, regular payments, rules, bank
balances) is a ``MoneyField``, so precision and range are decided once. It deconstructs as Django's
own ``DecimalField``, so adopting it changes no table and needs no migration.
"""

from django.db import models


class MoneyField(models.DecimalField):
    def __init__(self, *args, **kwargs):
        kwargs.setdefault("max_digits", 12)
        kwargs.setdefault("decimal_places", 2)
        super().__init__(*args, **kwargs)

    def deconstruct(self):
        name, _, args, kwargs = super().deconstruct()
        return name, "django.db.models.DecimalField", args, kwargs
