"""The family's question pages (one question a page) and the hand-over forms, in plain English."""

from django import forms
from django.utils import timezone

from budgets.dates import DateInputField
from budgets.models import Council, Element
from budgets.requests.models import BudgetRequest, Handover
from budgets.requests.services import age_problem


class CouncilForm(forms.Form):
    council = forms.ModelChoiceField(
        label="Which council looks after the EHC plan?",
        queryset=Council.objects.all(),
        widget=forms.RadioSelect,
        empty_label=None,
        error_messages={"required": "Select the council that looks after the plan"},
    )


class AskedByForm(forms.Form):
    asked_by = forms.ChoiceField(
        label="Who is asking for the personal budget?",
        choices=BudgetRequest.AskedBy.choices,
        widget=forms.RadioSelect,
        error_messages={"required": "Select who is asking for the personal budget"},
    )


class NameForm(forms.Form):
    child_name = forms.CharField(
        label="What is the child or young person's full name?",
        max_length=200,
        error_messages={
            "required": "Enter the child or young person's full name",
            "max_length": "Name must be 200 characters or fewer",
        },
    )

    def __init__(self, *args, item=None, **kwargs):
        super().__init__(*args, **kwargs)
        if item is not None and item.asked_by == BudgetRequest.AskedBy.YOUNG_PERSON:
            self.fields["child_name"].label = "What is your full name?"
            self.fields["child_name"].error_messages["required"] = "Enter your full name"
        self.fields["child_name"].widget.attrs["autocomplete"] = "name" if self.young_person(item) else "off"

    @staticmethod
    def young_person(item):
        return item is not None and item.asked_by == BudgetRequest.AskedBy.YOUNG_PERSON


class DateOfBirthForm(forms.Form):
    child_date_of_birth = DateInputField(
        label="What is their date of birth?", error_name="Date of birth", help_text="For example, 27 3 2009"
    )

    def __init__(self, *args, item=None, **kwargs):
        super().__init__(*args, **kwargs)
        self.item = item
        if NameForm.young_person(item):
            self.fields["child_date_of_birth"].label = "What is your date of birth?"

    def clean_child_date_of_birth(self):
        born = self.cleaned_data["child_date_of_birth"]
        problem = age_problem(self.item.asked_by if self.item else "", born, timezone.localdate())
        if problem:
            raise forms.ValidationError(problem)
        return born


class PlanForm(forms.Form):
    plan = forms.ChoiceField(
        label="Is there an education, health and care (EHC) plan?",
        choices=BudgetRequest.Plan.choices,
        widget=forms.RadioSelect,
        error_messages={"required": "Select whether there is an EHC plan"},
    )
    plan_reference = forms.CharField(
        label="EHC plan reference, if there is a plan",
        help_text="It is on the front page of the plan, for example EHCP-0412",
        max_length=60,
        required=False,
        error_messages={"max_length": "The plan reference must be 60 characters or fewer"},
    )

    def clean(self):
        data = super().clean()
        if data.get("plan") == BudgetRequest.Plan.HAS_PLAN and not data.get("plan_reference", "").strip():
            self.add_error("plan_reference", "Enter the EHC plan reference")
        return data


class ElementsForm(forms.Form):
    elements = forms.MultipleChoiceField(
        label="Which parts of the plan would you like a personal budget for?",
        help_text="Select all that apply",
        choices=Element.choices,
        widget=forms.CheckboxSelectMultiple,
        error_messages={"required": "Select at least one part of the plan"},
    )


class WishesForm(forms.Form):
    wishes = forms.CharField(
        label="What would you like the personal budget to pay for?",
        help_text="For example, a personal assistant to go to clubs, speech therapy, or travel training",
        widget=forms.Textarea,
        max_length=5000,
        error_messages={
            "required": "Enter what you would like the personal budget to pay for",
            "max_length": "Keep this to 5,000 characters or fewer",
        },
    )


class HoldingForm(forms.Form):
    holding_arrangement = forms.ChoiceField(
        label="How would you like to hold the personal budget?",
        choices=BudgetRequest.Holding.choices,
        widget=forms.RadioSelect,
        error_messages={"required": "Select how you would like to hold the personal budget"},
    )


class ConsentForm(forms.Form):
    consent = forms.BooleanField(
        label="I agree that the council can use these answers, and the EHC plan, to decide on the personal budget",
        error_messages={"required": "Agree to the council using your answers, or you cannot send the request"},
    )


class ReviewForm(forms.Form):
    reason = forms.CharField(
        label="Why would you like the decision reviewed?",
        help_text="Say what you think was missed or is wrong",
        widget=forms.Textarea,
        max_length=5000,
        error_messages={
            "required": "Say why you would like the decision reviewed",
            "max_length": "Keep this to 5,000 characters or fewer",
        },
    )


class HandoverForm(forms.Form):
    email = forms.EmailField(
        label="The young person's email address",
        help_text="They sign in, or create an account, with this address to accept",
        error_messages={
            "required": "Enter the young person's email address",
            "invalid": "Enter an email address in the correct format, like name@example.com",
        },
    )


class AcceptHandoverForm(forms.Form):
    parent_role = forms.ChoiceField(
        label="Can the person who managed your budget still help with it?",
        choices=Handover.ParentRole.choices,
        widget=forms.RadioSelect,
        error_messages={"required": "Select whether they can still help with your budget"},
    )


class DecisionForm(forms.Form):
    """The officer's next step on a request."""

    step = forms.ChoiceField(label="What happens next", widget=forms.RadioSelect, choices=())
    reason = forms.CharField(
        label="Reason (needed to decline; sent to the family)", widget=forms.Textarea, required=False
    )
