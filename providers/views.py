"""A provider's own pages on the public site (GOV.UK style, no JavaScript needed).

Views parse, call `providers/services.py`, render. Every object is looked up through
`providers/access.py`, so another organisation's service or place is a 404.
"""

from functools import wraps

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.http import Http404
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.views.decorators.http import require_http_methods

from . import access, services
from .api import is_stale, review_settings
from .forms import (
    ROWS,
    STEPS,
    ConfirmReviewForm,
    LocationRequestForm,
    NewServiceForm,
    WhereForm,
    apply_rows,
    rows_formset,
    text_to_html,
)
from .models import LocationRequest, ProviderInvitation


def provider_required(view):
    """Signed in and a member of at least one organisation; anyone else gets a 404 (a provider's pages
    say nothing to people who are not providers)."""

    @wraps(view)
    @login_required
    def wrapped(request, *args, **kwargs):
        if not access.is_provider(request.user):
            raise Http404("Not a provider")
        return view(request, *args, **kwargs)

    return wrapped


def _service_row(page, settings_object):
    draft = services.draft_of(page)
    state = services.pending_state(page)
    if state is not None and state.status == state.STATUS_IN_PROGRESS:
        status = "Waiting for approval"
    elif state is not None:
        status = "Sent back"
    elif page.has_unpublished_changes and page.live:
        status = "Draft changes"
    elif not page.live:
        status = "Not published"
    else:
        status = "Published"
    return {
        "page": page,
        "title": draft.title,
        "status": status,
        "last_confirmed": services.last_confirmed(page),
        "stale": page.live and is_stale(page, settings_object=settings_object),
        "due": page.is_due_for_review,
        "reason": services.rejection_reason(page),
    }


@require_http_methods(["GET", "HEAD"])
@provider_required
def dashboard(request):
    settings_object = review_settings()
    rows = [
        _service_row(page, settings_object) for page in access.services_for(request.user).select_related("organization")
    ]
    return render(
        request,
        "providers/dashboard.html",
        {
            "page_title": "Your services",
            "organizations": access.organizations_for(request.user),
            "rows": rows,
            "locations": access.locations_for(request.user),
            "location_requests": LocationRequest.objects.filter(
                organization__in=access.organizations_for(request.user)
            ).exclude(status=LocationRequest.APPROVED)[:20],
        },
    )


def _sections(draft):
    """The check-your-answers summary, one card per step."""
    return [
        (
            "what",
            [
                ("Name", draft.title),
                ("Summary", draft.summary),
                ("Categories", ", ".join(map(str, draft.categories.all()))),
                ("Needs", ", ".join(map(str, draft.needs.all())) or "None given"),
                ("Running", draft.get_status_display()),
            ],
        ),
        ("who", [("Ages", draft.age_range_label), ("Who can use it", draft.eligibility_description or "Not given")]),
        (
            "where",
            [
                ("How", ", ".join(draft.delivery_method_labels) or "Not given"),
                ("Places", "; ".join(str(row.location) for row in draft.service_at_locations.all()) or "None"),
            ],
        ),
        (
            "when",
            [
                (row.day_name, f"{row.opens_at:%H:%M} to {row.closes_at:%H:%M} {row.description}".strip())
                for row in draft.schedules.all()
            ]
            or [("Opening times", "None given")],
        ),
        (
            "cost",
            [("Free", "Yes" if draft.is_free else "No"), ("About costs", draft.fees_description or "Not given")]
            + [(row.option, f"£{row.amount} {row.amount_description}") for row in draft.cost_options.all()],
        ),
        (
            "how",
            [
                ("Referral", draft.get_referral_route_display()),
                ("Website", draft.website or "Not given"),
                ("Email", draft.email or "Not given"),
                ("Phone", draft.phone or "Not given"),
                ("Languages", ", ".join(draft.languages or []) or "Not given"),
            ],
        ),
        (
            "contacts",
            [(row.name, " ".join(filter(None, [row.title, row.email, row.phone]))) for row in draft.contacts.all()]
            or [("Contacts", "None given")],
        ),
        ("accessibility", [("Accessibility", draft.accessibility_description or "Not given")]),
    ]


@require_http_methods(["GET", "HEAD"])
@provider_required
def service(request, page_id):
    page = access.service_for(request.user, page_id)
    draft = services.draft_of(page)
    row = _service_row(page, review_settings())
    sections = [(slug, STEPS[slug][0], items) for slug, items in _sections(draft)]
    return render(
        request,
        "providers/service.html",
        {"page_title": draft.title, "service": page, "draft": draft, "row": row, "sections": sections},
    )


@require_http_methods(["GET", "HEAD", "POST"])
@provider_required
def edit_step(request, page_id, step):
    page = access.service_for(request.user, page_id)
    if step not in STEPS:
        raise Http404("No such step")
    heading, form_class = STEPS[step]
    draft = services.draft_of(page)
    data = request.POST if request.method == "POST" else None
    form = formset = None
    extra = {"locations": access.locations_for(request.user)} if form_class is WhereForm else {}
    if form_class is not None:
        form = form_class(data, initial=form_class.initial_from(draft), draft=draft, user=request.user, **extra)
    if step in ROWS:
        formset = rows_formset(step, draft=draft, data=data)
    if request.method == "POST":
        valid = (form is None or form.is_valid()) & (formset is None or formset.is_valid())
        if valid:
            if form is not None:
                form.apply(draft)
            if formset is not None:
                apply_rows(step, draft, formset)
            try:
                _, withdrawn = services.save_draft(draft=draft, user=request.user)
            except ValidationError as error:
                target = form or formset.forms[0]
                for message in error.messages:
                    target.add_error(None, message)
            else:
                if withdrawn:
                    messages.warning(
                        request,
                        f"“{heading}” saved. Your changes were waiting for approval: they have been taken back "
                        "so the council sees all of them. Send them for approval again when you are ready.",
                    )
                else:
                    messages.success(
                        request, f"“{heading}” saved as a draft. Send your changes for approval when you are ready."
                    )
                return redirect("providers:service", page_id=page.pk)
    return render(
        request,
        "providers/step.html",
        {
            "page_title": f"{heading}: {draft.title}",
            "heading": heading,
            "service": page,
            "draft": draft,
            "form": form,
            "formset": formset,
            "row_label": ROWS[step][4] if step in ROWS else "",
            "step": step,
        },
    )


@require_http_methods(["GET", "HEAD", "POST"])
@provider_required
def submit(request, page_id):
    page = access.service_for(request.user, page_id)
    if request.method != "POST":
        return redirect("providers:service", page_id=page.pk)
    try:
        services.submit_for_approval(page=page, user=request.user)
    except services.ProviderError as error:
        messages.error(request, str(error))
    else:
        messages.success(
            request, "Your changes have been sent to the council. Families will see them once they are approved."
        )
    return redirect("providers:service", page_id=page.pk)


@require_http_methods(["GET", "HEAD", "POST"])
@provider_required
def confirm_review(request, page_id):
    page = access.service_for(request.user, page_id)
    if not page.live:
        raise Http404("Only a published service is reviewed")
    if request.method == "POST" and ConfirmReviewForm(request.POST).is_valid():
        services.confirm_review(page=page, user=request.user)
        messages.success(request, f"Thank you. {page.title} is marked as checked today.")
        return redirect("providers:dashboard")
    return render(
        request,
        "providers/confirm_review.html",
        {
            "page_title": f"Is {page.title} still correct?",
            "service": page,
            "sections": [(slug, STEPS[slug][0], items) for slug, items in _sections(page)],
        },
    )


@require_http_methods(["GET", "HEAD", "POST"])
@provider_required
def new_service(request):
    organizations = access.organizations_for(request.user)
    form = NewServiceForm(request.POST or None, organizations=organizations, initial={"status": "active"})
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        try:
            page = services.create_service(
                organization=data["organization"],
                user=request.user,
                title=data["title"],
                summary=data["summary"],
                description=text_to_html(data["description_text"]),
                status=data["status"],
                categories=list(data["categories"]),
                needs=list(data["needs"]),
            )
        except (services.ProviderError, ValidationError) as error:
            form.add_error(None, " ".join(getattr(error, "messages", [str(error)])))
        else:
            messages.success(request, "Service saved as a draft. Add the other sections, then send it for approval.")
            return redirect("providers:service", page_id=page.pk)
    return render(request, "providers/new_service.html", {"page_title": "Add a service", "form": form})


@require_http_methods(["GET", "HEAD", "POST"])
@provider_required
def location(request, location_id=None):
    place = access.location_for(request.user, location_id) if location_id else None
    organizations = access.organizations_for(request.user)
    initial = {name: getattr(place, name) for name in LocationRequest.FIELDS} if place else {}
    form = LocationRequestForm(
        request.POST or None, initial=initial, organizations=organizations if place is None else None
    )
    if request.method == "POST" and form.is_valid():
        fields = {name: form.cleaned_data[name] for name in LocationRequest.FIELDS}
        problems = services.location_problems(fields)
        for field, message in problems.items():
            form.add_error(field if field in form.fields else None, message)
        if not problems:
            if place is None:
                organization = form.cleaned_data.get("organization") or organizations.first()
            else:
                organization = _owner(place, organizations)
            services.request_location(user=request.user, organization=organization, location=place, **fields)
            messages.success(request, "Sent to the council. The place will change once it is approved.")
            return redirect("providers:dashboard")
    return render(
        request,
        "providers/location.html",
        {"page_title": f"Change {place.name}" if place else "Add a place", "form": form, "place": place},
    )


def _owner(place, organizations):
    """The provider's organisation that delivers at this place (the first, when several do)."""
    owner = organizations.filter(services__service_at_locations__location=place).first()
    return owner or organizations.filter(pk__in=place.provider_requests.values("organization")).first()


@require_http_methods(["GET", "HEAD", "POST"])
@login_required
def accept_invitation(request, token):
    invitation = get_object_or_404(ProviderInvitation, token=token)
    if request.method == "POST":
        try:
            services.accept_invitation(invitation=invitation, user=request.user)
        except services.ProviderError as error:
            messages.error(request, str(error))
        else:
            messages.success(request, "You can now keep your organisation's services up to date.")
            return redirect("providers:dashboard")
    if invitation.accepted_at and access.is_provider(request.user):
        return redirect("providers:dashboard")
    return render(
        request,
        "providers/accept_invitation.html",
        {
            "page_title": "Keep your services up to date",
            "invitation": invitation,
            "signup_url": reverse("account_signup"),
        },
    )
