from django import forms

from .models import Feedback


class FeedbackForm(forms.ModelForm):
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
