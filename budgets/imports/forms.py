"""The statement upload, column matching and reconciliation forms."""

from django import forms

from budgets.dates import DateInputField
from budgets.forms import MoneyField
from budgets.imports.parsing import DATE_FORMAT_CHOICES, ColumnMapping
from budgets.models import Element

NOT_IN_FILE = ("", "Not in this file")


class UploadStatementForm(forms.Form):
    statement = forms.FileField(
        label="Statement file",
        help_text=(
            "A CSV, OFX, QFX or TXT (Santander) file downloaded from your bank or prepaid card website, up to 5 MB."
        ),
        error_messages={"required": "Choose the statement file to upload"},
    )


def _element_choices(budget):
    names = dict(Element.choices)
    return [(e.element, names[e.element]) for e in budget.elements.all()]


class ColumnMappingForm(forms.Form):
    """Which column holds what. Each choice lists the file's headers."""

    date = forms.ChoiceField(label="Date", error_messages={"required": "Choose the column that holds the date"})
    date_format = forms.ChoiceField(label="Date format", choices=DATE_FORMAT_CHOICES)
    description = forms.ChoiceField(
        label="Description or payee", error_messages={"required": "Choose the column that holds the description"}
    )
    amount = forms.ChoiceField(
        label="Amount (one column, money out shown as minus)",
        required=False,
        help_text="Leave as “Not in this file” if your bank uses separate paid in and paid out columns.",
    )
    paid_in = forms.ChoiceField(label="Paid in", required=False)
    paid_out = forms.ChoiceField(label="Paid out", required=False)
    transaction_id = forms.ChoiceField(label="Bank transaction ID (optional)", required=False)
    balance = forms.ChoiceField(label="Balance (optional)", required=False)
    status = forms.ChoiceField(
        label="Status (optional)",
        required=False,
        help_text="A column saying if each payment is completed, pending, reverted or declined.",
    )
    amounts_are_spending = forms.BooleanField(
        label="The amount column shows spending as positive numbers", required=False
    )
    element = forms.ChoiceField(label="Which part of the budget is this account for?")

    def __init__(self, *args, headers, budget, **kwargs):
        super().__init__(*args, **kwargs)
        columns = [(h, h) for h in headers]
        for name in ("date", "description"):
            self.fields[name].choices = [("", "Choose a column")] + columns
        for name in ("amount", "paid_in", "paid_out", "transaction_id", "balance", "status"):
            self.fields[name].choices = [NOT_IN_FILE] + columns
        self.fields["element"].choices = _element_choices(budget)

    @classmethod
    def initial_from(cls, mapping: ColumnMapping, element: str) -> dict:
        return {**mapping.as_dict(), "element": element}

    def clean(self):
        data = super().clean()
        if not self.errors:
            has_amount = bool(data.get("amount"))
            has_split = bool(data.get("paid_in") or data.get("paid_out"))
            if not has_amount and not has_split:
                self.add_error("amount", "Choose the amount column, or the paid in and paid out columns")
            elif has_amount and has_split:
                self.add_error("amount", "Choose either one amount column or paid in and paid out columns, not both")
        return data

    def mapping(self) -> ColumnMapping:
        data = self.cleaned_data
        return ColumnMapping(
            date=data["date"],
            description=data["description"],
            amount=data.get("amount") or "",
            paid_in=data.get("paid_in") or "",
            paid_out=data.get("paid_out") or "",
            transaction_id=data.get("transaction_id") or "",
            balance=data.get("balance") or "",
            status=data.get("status") or "",
            date_format=data["date_format"],
            amounts_are_spending=bool(data.get("amounts_are_spending")),
        )


class ElementForm(forms.Form):
    element = forms.ChoiceField(label="Which part of the budget is this account for?")

    def __init__(self, *args, budget, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["element"].choices = _element_choices(budget)


class ReconciliationForm(forms.Form):
    as_of = DateInputField(
        label="Statement date",
        help_text="The date of the closing balance on your bank or card statement. For example, 31 1 2026",
    )
    statement_balance = MoneyField(
        allow_negative=True,
        label="Closing balance on the statement (£)",
        error_messages={"required": "Enter the closing balance from the statement"},
    )

    def __init__(self, *args, budget, **kwargs):
        super().__init__(*args, **kwargs)
        self.budget = budget
        self.fields["as_of"].min_date = budget.starts_on
