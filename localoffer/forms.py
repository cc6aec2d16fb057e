from django import forms

from .models import Feedback

# Limits every public text box states in its message; the model holds the same limits.
ABOUT_MAX_LENGTH = Feedback._meta.get_field("about").max_length
COMMENT_MAX_LENGTH = Feedback._meta.get_field("comment").max_length
NO_CONTROL_CHARACTERS = "null_characters_not_allowed"  # Django's code for a null byte in text


class HoneypotMixin(forms.Form):
    """A honeypot for the public forms: hidden from people (and assistive technology), filled in by spam
    robots (templates/components/honeypot.html). Never stored, and never given an error a person would
    see, so it has no length limit of its own (the request body is bounded by DATA_UPLOAD_MAX_MEMORY_SIZE)."""

    website = forms.CharField(required=False, label="Leave this field empty")

    @property
    def is_spam(self) -> bool:
        return bool(self.cleaned_data.get("website"))

    def visible_fields(self):
        return [field for field in super().visible_fields() if field.name != "website"]


class FeedbackForm(HoneypotMixin, forms.ModelForm):
    class Meta:
        model = Feedback
        fields = ["about", "comment"]
        labels = {
            "about": "What is your comment about? (optional)",
            "comment": "Your comment",
        }
        help_texts = {
            "about": "For example, a service, a page, or the Local Offer as a whole",
            # GOV.UK asks for the limit to be stated rather than enforced with maxlength, which cuts
            # text off without saying so.
            "comment": (
                "Do not include names or anything that could identify you or your child. "
                f"You can enter up to {COMMENT_MAX_LENGTH:,} characters"
            ),
        }
        error_messages = {
            "comment": {
                "required": "Enter your comment",
                "max_length": f"Your comment must be {COMMENT_MAX_LENGTH:,} characters or fewer",
                NO_CONTROL_CHARACTERS: "Your comment must only include letters, numbers, spaces and punctuation",
            },
            "about": {
                "max_length": f"What your comment is about must be {ABOUT_MAX_LENGTH:,} characters or fewer",
                NO_CONTROL_CHARACTERS: (
                    "What your comment is about must only include letters, numbers, spaces and punctuation"
                ),
            },
        }
