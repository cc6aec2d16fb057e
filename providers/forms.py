"""The provider's forms: a service in plain-English steps, a place, nothing else.

Each step edits a few of the service's fields (and, for opening times, costs and contacts, its rows).
The field rules are the model's own (`fields_for_model`), so a provider gets the same messages an
editor would; the whole service is checked again with `full_clean` before the draft is kept.
"""

import uuid

from django import forms
from django.forms import fields_for_model
from django.utils.html import escape, strip_tags

from localoffer.models import CostOption, Location, Schedule, ServiceContact, ServicePage, Taxonomy, TaxonomyTerm

from .models import LocationRequest


def text_to_html(text: str) -> str:
    paragraphs = [part.strip() for part in text.replace("\r\n", "\n").split("\n\n") if part.strip()]
    return "".join(f"<p>{escape(part).replace(chr(10), '<br>')}</p>" for part in paragraphs)


def html_to_text(html: str) -> str:
    for closing in ("</p>", "</li>", "</h2>", "</h3>"):
        html = html.replace(closing, closing + "\n\n")
    html = html.replace("<br>", "\n").replace("<br/>", "\n")
    return "\n\n".join(part.strip() for part in strip_tags(html).split("\n\n") if part.strip())


class StepForm(forms.Form):
    """A step's page fields. `apply(draft)` copies the answers onto the draft service."""

    def __init__(self, *args, draft=None, user=None, **kwargs):
        self.draft, self.user = draft, user
        super().__init__(*args, **kwargs)

    def apply(self, draft):
        for name, value in self.cleaned_data.items():
            setattr(draft, name, value)


class WhatForm(StepForm):
    title = forms.CharField(label="Name of the service", max_length=255)
    summary = fields_for_model(ServicePage, fields=["summary"])["summary"]
    description_text = forms.CharField(
        label="What the service does",
        widget=forms.Textarea,
        help_text="Write for families. Leave a blank line between paragraphs.",
    )
    categories = forms.ModelMultipleChoiceField(
        label="What kind of service it is",
        queryset=TaxonomyTerm.objects.filter(taxonomy__vocabulary=Taxonomy.CATEGORIES),
        widget=forms.CheckboxSelectMultiple,
    )
    needs = forms.ModelMultipleChoiceField(
        label="Needs it supports",
        queryset=TaxonomyTerm.objects.filter(taxonomy__vocabulary=Taxonomy.NEEDS),
        widget=forms.CheckboxSelectMultiple,
        required=False,
    )
    status = forms.ChoiceField(label="Is the service running?", choices=ServicePage.STATUSES, widget=forms.RadioSelect)

    @classmethod
    def initial_from(cls, draft):
        return {
            "title": draft.title,
            "summary": draft.summary,
            "description_text": html_to_text(draft.description or ""),
            "categories": list(draft.categories.all()),
            "needs": list(draft.needs.all()),
            "status": draft.status,
        }

    def apply(self, draft):
        data = self.cleaned_data
        draft.title, draft.summary, draft.status = data["title"], data["summary"], data["status"]
        # Only a changed text replaces the description, so an editor's headings and links survive a
        # provider's visit to this step.
        if data["description_text"].strip() != html_to_text(draft.description or "").strip():
            draft.description = text_to_html(data["description_text"])
        draft.categories = list(data["categories"])
        draft.needs = list(data["needs"])


class WhoForm(StepForm):
    minimum_age = fields_for_model(ServicePage, fields=["minimum_age"])["minimum_age"]
    maximum_age = fields_for_model(ServicePage, fields=["maximum_age"])["maximum_age"]
    eligibility_description = forms.CharField(
        label="Who can use it",
        widget=forms.Textarea,
        required=False,
        help_text="For example: children with autism and their parents",
    )

    def clean(self):
        cleaned = super().clean()
        minimum, maximum = cleaned.get("minimum_age"), cleaned.get("maximum_age")
        if minimum is not None and maximum is not None and minimum > maximum:
            self.add_error("maximum_age", "Maximum age must be the same as or more than the minimum age")
        return cleaned

    @classmethod
    def initial_from(cls, draft):
        return {name: getattr(draft, name) for name in ("minimum_age", "maximum_age", "eligibility_description")}


class WhereForm(StepForm):
    delivery_methods = forms.MultipleChoiceField(
        label="How the service is delivered",
        choices=ServicePage.DELIVERY_METHODS,
        widget=forms.CheckboxSelectMultiple,
        required=False,
    )
    locations = forms.ModelMultipleChoiceField(
        label="Where it happens",
        queryset=Location.objects.none(),
        widget=forms.CheckboxSelectMultiple,
        required=False,
        help_text="A place that is not listed can be added from your services page.",
    )

    def __init__(self, *args, locations=None, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["locations"].queryset = locations if locations is not None else Location.objects.none()

    @classmethod
    def initial_from(cls, draft):
        return {
            "delivery_methods": list(draft.delivery_methods or []),
            "locations": [row.location_id for row in draft.service_at_locations.all()],
        }

    def apply(self, draft):
        from localoffer.models import ServiceAtLocation

        draft.delivery_methods = list(self.cleaned_data["delivery_methods"])
        existing = {row.location_id: row for row in draft.service_at_locations.all()}
        draft.service_at_locations = [
            existing.get(location.pk) or ServiceAtLocation(id=uuid.uuid4(), location=location)
            for location in self.cleaned_data["locations"]
        ]


class HowForm(StepForm):
    referral_route = forms.ChoiceField(
        label="How families get the service", choices=ServicePage.REFERRAL_ROUTES, widget=forms.RadioSelect
    )
    website = fields_for_model(ServicePage, fields=["website"])["website"]
    email = fields_for_model(ServicePage, fields=["email"])["email"]
    phone = fields_for_model(ServicePage, fields=["phone"])["phone"]
    languages = forms.CharField(
        label="Languages", required=False, help_text="Separate languages with commas, for example: English, Bengali"
    )

    @classmethod
    def initial_from(cls, draft):
        return {
            "referral_route": draft.referral_route,
            "website": draft.website,
            "email": draft.email,
            "phone": draft.phone,
            "languages": ", ".join(draft.languages or []),
        }

    def apply(self, draft):
        data = self.cleaned_data
        draft.referral_route, draft.website, draft.email, draft.phone = (
            data["referral_route"],
            data["website"],
            data["email"],
            data["phone"],
        )
        draft.languages = [part.strip() for part in data["languages"].split(",") if part.strip()]


class CostForm(StepForm):
    is_free = forms.TypedChoiceField(
        label="Is it free?",
        choices=[("yes", "Yes, it is free"), ("no", "No, there is a charge")],
        coerce=lambda value: value == "yes",
        widget=forms.RadioSelect,
    )
    fees_description = forms.CharField(label="About costs", widget=forms.Textarea, required=False)

    @classmethod
    def initial_from(cls, draft):
        return {"is_free": "yes" if draft.is_free else "no", "fees_description": draft.fees_description}


class AccessibilityForm(StepForm):
    accessibility_description = forms.CharField(
        label="Accessibility",
        widget=forms.Textarea,
        required=False,
        help_text="Step-free access, quiet spaces, British Sign Language, changing facilities...",
    )

    @classmethod
    def initial_from(cls, draft):
        return {"accessibility_description": draft.accessibility_description}


class RowsForm(forms.Form):
    """A row of a service (cost option, opening time, contact); its id keeps the row the same row."""

    row_id = forms.UUIDField(required=False, widget=forms.HiddenInput)


def rows_form(model, names, clean=None):
    attrs = dict(fields_for_model(model, fields=names))
    if clean is not None:
        attrs["clean"] = clean
    return type(f"{model.__name__}RowForm", (RowsForm,), attrs)


def _clean_schedule(self):
    cleaned = forms.Form.clean(self)
    opens, closes = cleaned.get("opens_at"), cleaned.get("closes_at")
    if opens and closes and opens >= closes:
        self.add_error("closes_at", "Closing time must be after opening time")
    return cleaned


ROWS = {
    "cost": ("cost_options", CostOption, ["option", "amount", "amount_description"], None, "Charge"),
    "when": ("schedules", Schedule, ["byday", "opens_at", "closes_at", "description"], _clean_schedule, "Opening time"),
    "contacts": ("contacts", ServiceContact, ["name", "title", "email", "phone"], None, "Contact"),
}


def rows_formset(step, draft=None, data=None):
    relation, model, names, clean, _ = ROWS[step]
    formset_class = forms.formset_factory(rows_form(model, names, clean), extra=1, can_delete=True, max_num=30)
    initial = None
    if draft is not None:
        initial = [
            {"row_id": row.pk, **{name: getattr(row, name) for name in names}} for row in getattr(draft, relation).all()
        ]
    return formset_class(data=data, initial=initial, prefix=relation)


def apply_rows(step, draft, formset) -> None:
    relation, model, names, _, _ = ROWS[step]
    existing = {row.pk for row in getattr(draft, relation).all()}
    rows = []
    for form in formset.forms:
        if not form.cleaned_data or form.cleaned_data.get("DELETE"):
            continue  # the empty row left for a new one, or a row the provider removed
        row_id = form.cleaned_data.get("row_id")
        row = model(
            id=row_id if row_id in existing else uuid.uuid4(), **{name: form.cleaned_data[name] for name in names}
        )
        rows.append(row)
    setattr(draft, relation, rows)


STEPS = {
    "what": ("What the service is", WhatForm),
    "who": ("Who it is for", WhoForm),
    "where": ("Where it happens", WhereForm),
    "when": ("When it is open", None),
    "cost": ("What it costs", CostForm),
    "how": ("How to get it", HowForm),
    "contacts": ("Contacts", None),
    "accessibility": ("Accessibility", AccessibilityForm),
}


class NewServiceForm(WhatForm):
    organization = forms.ModelChoiceField(label="Organisation", queryset=None, empty_label=None)

    def __init__(self, *args, organizations=None, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["organization"].queryset = organizations
        self.order_fields(["organization"])


class LocationRequestForm(forms.ModelForm):
    class Meta:
        model = LocationRequest
        fields = ["name", "address_1", "address_2", "city", "postal_code", "description", "accessibility_description"]
        labels = {"name": "Name of the place", "description": "About the place"}

    def __init__(self, *args, organizations=None, **kwargs):
        super().__init__(*args, **kwargs)
        # A new place belongs to one of the provider's organisations; asked only when they have several.
        if organizations is not None and organizations.count() > 1:
            self.fields["organization"] = forms.ModelChoiceField(
                label="Organisation", queryset=organizations, empty_label=None
            )
            self.order_fields(["organization"])


class ConfirmReviewForm(forms.Form):
    """No fields: the button is the whole answer ("this is still correct")."""
