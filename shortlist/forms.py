from django import forms


class EmailShortlistForm(forms.Form):
    # Used to send one email and then forgotten: it is never saved, logged or put in a message.
    email = forms.EmailField(
        label="Email address",
        help_text="We will send your shortlist to this address once. We do not keep the address.",
        max_length=254,
        error_messages={
            "required": "Enter your email address",
            "invalid": "Enter an email address in the correct format, like name@example.com",
            "max_length": "Email address must be 254 characters or fewer",
        },
        widget=forms.EmailInput(attrs={"autocomplete": "email"}),
    )
