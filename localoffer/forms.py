from django import forms

from .models import Feedback


class FeedbackForm(forms.ModelForm):
    # A honeypot: hidden from people (and assistive technology), filled in by spam robots.
    website = forms.CharField(required=False, label="Leave this field empty")

    class Meta:
        model = Feedback
        fields = ["about", "comment"]
        labels = {
            "about": "What is your comment about? (optional)",
            "comment": "Your comment",
        }
        help_texts = {
            "about": "For example, a service, a page, or the Local Offer as a whole",
            "comment": "Do not include names or anything that could identify you or your child",
        }
        error_messages = {
            "comment": {
                "required": "Enter your comment",
                "max_length": "Your comment must be 3,000 characters or fewer",
            }
        }

    @property
    def is_spam(self) -> bool:
        return bool(self.cleaned_data.get("website"))

    def visible_fields(self):
        return [field for field in super().visible_fields() if field.name != "website"]
