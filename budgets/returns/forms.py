"""Forms for statements and monitoring returns. The statement upload forms are in budgets/imports/forms.py."""

from django import forms

from budgets.returns.models import ReturnSchedule


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
