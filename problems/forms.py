from django import forms

from localoffer.forms import HoneypotMixin

from .models import ProblemReport

DETAILS_MAX_LENGTH = ProblemReport._meta.get_field("details").max_length


class ProblemReportForm(HoneypotMixin, forms.ModelForm):
    class Meta:
        model = ProblemReport
        fields = ["kind", "details"]
        widgets = {"kind": forms.RadioSelect}
        labels = {"kind": "What is wrong with this page?", "details": "Tell us more"}
        help_texts = {
            "details": (
                "For example, the right phone number or the new address. Do not include your name or anything "
                f"that could identify you or your child. You can enter up to {DETAILS_MAX_LENGTH:,} characters"
            )
        }
        error_messages = {
            "kind": {
                "required": "Select what is wrong with this page",
                "invalid_choice": "Select what is wrong with this page",
            },
            "details": {
                "required": "Enter what is wrong with this page",
                "max_length": f"What is wrong must be {DETAILS_MAX_LENGTH:,} characters or fewer",
                "null_characters_not_allowed": (
                    "What is wrong must only include letters, numbers, spaces and punctuation"
                ),
            },
        }

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["kind"].choices = ProblemReport.KINDS  # no empty "---------" radio
