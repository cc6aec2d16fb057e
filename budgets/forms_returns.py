"""Forms for statement imports, reconciliation, statements and monitoring returns (issue 5)."""

from decimal import Decimal, InvalidOperation

from django import forms

from budgets.banking import DATE_FORMAT_CHOICES, ColumnMapping, parse_amount
from budgets.dates import DateInputField
from budgets.models import Element
from budgets.models_returns import ReturnSchedule

NOT_IN_FILE = ("", "Not in this file")


class UploadStatementForm(forms.Form):
    statement = forms.FileField(
        label="Statement file",
        help_text="A CSV, OFX or QFX file downloaded from your bank or prepaid card website, up to 5 MB.",
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
    amounts_are_spending = forms.BooleanField(
        label="The amount column shows spending as positive numbers", required=False
    )
    element = forms.ChoiceField(label="Which part of the budget is this account for?")

    def __init__(self, *args, headers, budget, **kwargs):
        super().__init__(*args, **kwargs)
        columns = [(h, h) for h in headers]
        for name in ("date", "description"):
            self.fields[name].choices = [("", "Choose a column")] + columns
        for name in ("amount", "paid_in", "paid_out", "transaction_id", "balance"):
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
            date_format=data["date_format"],
            amounts_are_spending=bool(data.get("amounts_are_spending")),
        )


class ElementForm(forms.Form):
    element = forms.ChoiceField(label="Which part of the budget is this account for?")

    def __init__(self, *args, budget, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["element"].choices = _element_choices(budget)


class MoneyField(forms.CharField):
    """Pounds and pence as typed ("£1,234.56", "-20"), cleaned to a Decimal."""

    def clean(self, value):
        value = super().clean(value)
        if value in (None, ""):
            return None
        try:
            return parse_amount(value)
        except ValueError:
            raise forms.ValidationError("Enter an amount in pounds and pence, like 1,234.56") from None


class ReconciliationForm(forms.Form):
    as_of = DateInputField(
        label="Statement date",
        help_text="The date of the closing balance on your bank or card statement. For example, 31 1 2026",
    )
    statement_balance = MoneyField(
        label="Closing balance on the statement (£)",
        error_messages={"required": "Enter the closing balance from the statement"},
    )

    def __init__(self, *args, budget, **kwargs):
        super().__init__(*args, **kwargs)
        self.budget = budget
        self.fields["as_of"].min_date = budget.starts_on


class SubmitReturnForm(forms.Form):
    declaration = forms.BooleanField(
        label="I declare that this return is accurate and complete to the best of my knowledge",
        required=False,
    )
    answer = forms.CharField(
        label="Your answer to the council's question", widget=forms.Textarea, required=False, max_length=5000
    )

    def __init__(self, *args, flags=(), **kwargs):
        super().__init__(*args, **kwargs)
        self.flags = list(flags)
        for flag in self.flags:
            self.fields[f"explanation_{flag.pk}"] = forms.CharField(
                label=f"Why was {flag.entry.payee or 'this entry'} on {flag.entry.spent_on:%-d %B %Y} needed?",
                help_text=flag.reason,
                widget=forms.Textarea,
                required=False,
                max_length=2000,
                initial=flag.explanation,
            )

    def explanation_fields(self):
        return [self[f"explanation_{flag.pk}"] for flag in self.flags]

    def explanations(self) -> dict:
        return {flag.pk: self.cleaned_data.get(f"explanation_{flag.pk}", "") for flag in self.flags}


class ReturnScheduleForm(forms.Form):
    frequency = forms.ChoiceField(
        label="Return schedule", choices=ReturnSchedule.Frequency.choices, widget=forms.RadioSelect
    )
    monitoring_tier = forms.ChoiceField(label="Monitoring tier", widget=forms.RadioSelect)
    days_to_submit = forms.IntegerField(
        label="Days the family has to submit after each period", min_value=7, max_value=90, initial=28
    )

    def __init__(self, *args, tier_choices, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["monitoring_tier"].choices = tier_choices


class ReviewReturnForm(forms.Form):
    decision = forms.ChoiceField(
        label="Decision",
        choices=[("approve", "Approve the return"), ("query", "Query the return: ask the family a question")],
        widget=forms.RadioSelect,
        error_messages={"required": "Choose whether to approve or query the return"},
    )
    message = forms.CharField(
        label="Message to the family",
        widget=forms.Textarea,
        required=False,
        max_length=5000,
        help_text="Required when you query the return: say what needs changing.",
    )

    def clean(self):
        data = super().clean()
        if data.get("decision") == "query" and not (data.get("message") or "").strip():
            self.add_error("message", "Write the question for the family")
        return data


def parse_money(text: str) -> Decimal | None:
    try:
        return parse_amount(text)
    except (ValueError, InvalidOperation):
        return None
