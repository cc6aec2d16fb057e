"""The period a statement covers, typed as two GOV.UK date inputs."""

import datetime

from django import forms

from budgets.dates import DateInputField


class StatementPeriodForm(forms.Form):
    starts_on = DateInputField(label="From", error_name="The start date")
    ends_on = DateInputField(label="To", error_name="The end date")

    def clean(self):
        data = super().clean()
        if data.get("starts_on") and data.get("ends_on") and data["starts_on"] > data["ends_on"]:
            self.add_error("ends_on", "The end date must be the same as or after the start date")
        if data.get("starts_on") and data.get("ends_on") and (data["ends_on"] - data["starts_on"]).days > 366 * 5:
            self.add_error("ends_on", "A statement can cover at most five years")
        return data


def default_statement_period(budget, today: datetime.date) -> tuple[datetime.date, datetime.date]:
    """From the start of the budget to today (or the end of the period, if it has ended)."""
    end = min(max(today, budget.starts_on), budget.ends_on)
    return budget.starts_on, end
