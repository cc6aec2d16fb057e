from django import forms

from .models import ProblemReport

DETAILS_MAX_LENGTH = ProblemReport._meta.get_field("details").max_length


class ProblemReportForm(forms.ModelForm):
    # A honeypot, as on the "you said, we did" form: hidden from people, filled in by spam robots,
    # never stored and never given an error a person would see.
    website = forms.CharField(required=False, label="Leave this field empty")

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

    @property
    def is_spam(self) -> bool:
        return bool(self.cleaned_data.get("website"))

    def visible_fields(self):
        return [field for field in super().visible_fields() if field.name != "website"]
