from django import forms
from django.core.exceptions import ValidationError

from budgets import money
from budgets.dates import DateInputField, example_date
from budgets.evidence import check_evidence_file
from budgets.models import BudgetMembership, Category, Element, Frequency, LedgerEntry
from budgets.services import MAX_AMOUNT


def within_period(field, budget):
    """Limit a date input to the budget period, and say so in its hint with an example inside it."""
    field.min_date, field.max_date = budget.starts_on, budget.ends_on
    middle = budget.starts_on + (budget.ends_on - budget.starts_on) / 2
    example = min(max(middle.replace(day=27), budget.starts_on), budget.ends_on)
    field.help_text = (
        f"Between {budget.starts_on:%-d %B %Y} and {budget.ends_on:%-d %B %Y}. For example, {example_date(example)}"
    )


class MoneyField(forms.CharField):
    """Pounds and pence as typed ("£1,250.50" is fine), read by the one money parser (budgets/money.py);
    never a float. Amounts of money spent or paid must be more than £0 unless ``allow_negative``
    (a bank balance, which can be overdrawn)."""

    messages = {
        "pence": "The amount cannot have more than 2 numbers after the decimal point",
        "digits": "Enter the amount using the digits 0 to 9, like 45.50",
        "commas": "Check the commas: write thousands like 1,250.50",
        "too_large": "The amount is too large: enter it in pounds and pence, like 45.50",
    }

    def __init__(self, *, allow_negative: bool = False, maximum=None, **kwargs):
        kwargs.setdefault("widget", forms.TextInput(attrs={"inputmode": "decimal", "spellcheck": "false"}))
        super().__init__(**kwargs)
        self.allow_negative = allow_negative
        self.maximum = MAX_AMOUNT if maximum is None and not allow_negative else maximum

    def to_python(self, value):
        value = super().to_python(value)
        if value in self.empty_values:
            return None
        try:
            amount = money.parse_amount(value, bank_notation=False)
        except money.AmountError as error:
            message = self.messages.get(error.code, "Enter the amount in pounds and pence, like 45.50")
            raise ValidationError(message, code=error.code if error.code in self.messages else "invalid") from None
        if not self.allow_negative and amount <= 0:
            raise ValidationError("The amount must be more than £0", code="min")
        if self.maximum is not None and abs(amount) > self.maximum:
            raise ValidationError(f"The amount must be £{self.maximum:,.2f} or less", code="max")
        return amount


class EvidenceField(forms.FileField):
    def clean(self, data, initial=None):
        upload = super().clean(data, initial)
        if upload and hasattr(upload, "size"):
            upload.detected_type = check_evidence_file(upload)
        return upload


class EntryForm(forms.Form):
    kind = forms.ChoiceField(
        label="Type of entry",
        choices=[(LedgerEntry.Kind.SPENDING, "Money spent"), (LedgerEntry.Kind.REFUND, "Refund received")],
        widget=forms.RadioSelect,
        initial=LedgerEntry.Kind.SPENDING,
    )
    spent_on = DateInputField(label="Date of payment")
    amount = MoneyField(label="Amount in pounds", help_text="For example, 45.50")
    payee = forms.CharField(label="Who was paid", max_length=200)
    element = forms.ChoiceField(label="Part of the budget", choices=Element.choices)
    provision_item = forms.ChoiceField(label="What it was for (agreed provision)", required=False)
    category = forms.ChoiceField(label="Category", choices=Category.choices)
    note = forms.CharField(label="Note (optional)", required=False, widget=forms.Textarea, max_length=2000)
    evidence = EvidenceField(
        label="Receipt, invoice or timesheet (optional)",
        required=False,
        help_text="A PDF, JPG, PNG or HEIC file, smaller than 10MB",
    )
    version = forms.IntegerField(widget=forms.HiddenInput, required=False)

    def __init__(self, *args, budget, **kwargs):
        super().__init__(*args, **kwargs)
        self.budget = budget
        self.items = {str(item.pk): item for item in budget.provision_items.all()}
        self.fields["provision_item"].choices = [("", "Not linked to an item")] + [
            (pk, f"{item.name} ({item.get_element_display()})") for pk, item in self.items.items()
        ]
        within_period(self.fields["spent_on"], budget)

    def clean_spent_on(self):
        day = self.cleaned_data["spent_on"]
        budget = self.budget
        if budget.is_closed_for(day):
            raise ValidationError(
                f"Entries on or before {budget.locked_until:%-d %B %Y} are locked by a submitted monitoring return"
            )
        return day

    def clean_provision_item(self):
        value = self.cleaned_data.get("provision_item")
        return self.items.get(value) if value else None

    def clean(self):
        cleaned = super().clean()
        item, element = cleaned.get("provision_item"), cleaned.get("element")
        if item is not None and element and item.element != element:
            self.add_error(
                "provision_item",
                f"{item.name} is paid from the {item.get_element_display().lower()} part of the budget. "
                "Choose that part, or a different item.",
            )
        return cleaned

    def entry_fields(self) -> dict:
        data = self.cleaned_data
        return {name: data[name] for name in ("kind", "spent_on", "amount", "payee", "element", "category", "note")} | {
            "provision_item": data["provision_item"]
        }

    def evidence_files(self):
        upload = self.cleaned_data.get("evidence")
        return [(upload, upload.detected_type)] if upload else []


class EvidenceForm(forms.Form):
    evidence = EvidenceField(label="Receipt, invoice or timesheet", help_text="A PDF, JPG, PNG or HEIC file")


class DeleteEntryForm(forms.Form):
    version = forms.IntegerField(widget=forms.HiddenInput)


class EntryFilterForm(forms.Form):
    element = forms.ChoiceField(label="Part of the budget", required=False)
    provision_item = forms.ChoiceField(label="Agreed provision", required=False)
    payee = forms.CharField(label="Who was paid", required=False, max_length=200)
    date_from = DateInputField(label="From", error_name="The from date", required=False)
    date_to = DateInputField(label="To", error_name="The to date", required=False)
    flagged = forms.BooleanField(label="Only entries that break a spending rule", required=False)
    missing_evidence = forms.BooleanField(label="Only spending with no receipt", required=False)

    def __init__(self, *args, budget, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["element"].choices = [("", "All")] + list(Element.choices)
        self.fields["provision_item"].choices = [("", "All")] + [
            (str(item.pk), item.name) for item in budget.provision_items.all()
        ]

    def clean(self):
        cleaned = super().clean()
        start, end = cleaned.get("date_from"), cleaned.get("date_to")
        if start and end and start > end:
            self.add_error("date_to", "The to date must be the same as or after the from date")
        return cleaned


class InviteForm(forms.Form):
    email = forms.EmailField(label="Email address", help_text="We will email them a link that works for 14 days")
    role = forms.ChoiceField(label="Their role", choices=BudgetMembership.Role.choices, widget=forms.RadioSelect)


class RecurringPaymentForm(forms.Form):
    payee = forms.CharField(label="Who is paid", max_length=200)
    amount = MoneyField(label="Amount each time, in pounds")
    element = forms.ChoiceField(label="Part of the budget", choices=Element.choices)
    category = forms.ChoiceField(label="Category", choices=Category.choices, initial=Category.PERSONAL_ASSISTANT)
    frequency = forms.ChoiceField(label="How often", choices=Frequency.choices, widget=forms.RadioSelect)
    starts_on = DateInputField(label="First payment date")
    ends_on = DateInputField(label="Last payment date (optional)", error_name="Last payment date", required=False)

    def __init__(self, *args, budget, **kwargs):
        super().__init__(*args, **kwargs)
        self.budget = budget
        within_period(self.fields["starts_on"], budget)

    def clean(self):
        cleaned = super().clean()
        start, end = cleaned.get("starts_on"), cleaned.get("ends_on")
        if start and end and end < start:
            self.add_error("ends_on", "The last payment date must be the same as or after the first")
        return cleaned


class DeleteAccountForm(forms.Form):
    confirm = forms.BooleanField(
        label="I understand my account will be deleted and I will no longer be able to see these budgets",
        error_messages={"required": "Confirm that you want to delete your account"},
    )
    password = forms.CharField(label="Your password", widget=forms.PasswordInput)

    def __init__(self, *args, user, **kwargs):
        super().__init__(*args, **kwargs)
        self.user = user

    def clean_password(self):
        password = self.cleaned_data["password"]
        if not self.user.check_password(password):
            raise ValidationError("The password is not correct")
        return password
