"""The family's side: ask for a personal budget one question a page (saved as they go, no JavaScript
needed), check the answers and send, follow the request, ask for a review; and hand a budget to the
young person at 16. A request is seen only by the person who made it: anyone else gets a 404."""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import Http404
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils import timezone
from django.views.decorators.http import require_http_methods

from budgets.models import BudgetMembership, Council
from budgets.permissions import budget_view
from budgets.requests import forms as request_forms
from budgets.requests import services as requesting
from budgets.requests.models import BudgetRequest, Handover

# The questions, in order: (slug in the URL, form, label on the check page).
QUESTIONS = [
    ("council", request_forms.CouncilForm, "Council"),
    ("who", request_forms.AskedByForm, "Who is asking"),
    ("name", request_forms.NameForm, "Name"),
    ("date-of-birth", request_forms.DateOfBirthForm, "Date of birth"),
    ("plan", request_forms.PlanForm, "EHC plan"),
    ("parts", request_forms.ElementsForm, "Parts of the plan"),
    ("pay-for", request_forms.WishesForm, "What it would pay for"),
    ("hold", request_forms.HoldingForm, "How you would like to hold it"),
    ("consent", request_forms.ConsentForm, "Consent"),
]
FORMS = {slug: form for slug, form, _ in QUESTIONS}
PERSONAL_FORMS = (request_forms.NameForm, request_forms.DateOfBirthForm)


def questions_for(item: BudgetRequest) -> list[str]:
    """The question slugs this family is asked: the council only when there is more than one."""
    slugs = [slug for slug, _, _ in QUESTIONS]
    if item.council_id is not None and Council.objects.count() == 1:
        slugs.remove("council")
    return slugs


def _own(request, budget_request) -> BudgetRequest:
    item = BudgetRequest.objects.select_related("council", "budget").filter(uuid=budget_request).first()
    if item is None or item.requested_by_id != request.user.pk:
        raise Http404("No such request")
    return item


def _initial(item: BudgetRequest) -> dict:
    return {
        "council": item.council_id,
        "asked_by": item.asked_by,
        "child_name": item.child_name,
        "child_date_of_birth": item.child_date_of_birth,
        "plan": item.plan,
        "plan_reference": item.plan_reference,
        "elements": item.elements,
        "wishes": item.wishes,
        "holding_arrangement": item.holding_arrangement,
        "consent": item.consent,
    }


def _form(slug, item, data=None):
    form_class = FORMS[slug]
    kwargs = {"item": item} if form_class in PERSONAL_FORMS else {}
    return form_class(data, initial=_initial(item), **kwargs)


@login_required
@require_http_methods(["GET", "POST"])
def request_start(request):
    """The start page. Starting makes a request the family's answers are saved into as they go."""
    if request.method == "POST":
        item = requesting.start_request(user=request.user)
        return redirect("budgets:request_question", budget_request=item.uuid, question=questions_for(item)[0])
    items = BudgetRequest.objects.filter(requested_by=request.user).order_by("-created_at")
    return render(
        request,
        "budgets/requests/start.html",
        {"items": items, "page_title": "Ask for a personal budget"},
    )


@login_required
@require_http_methods(["GET", "POST"])
def request_question(request, budget_request, question):
    item = _own(request, budget_request)
    slugs = questions_for(item)
    if question not in slugs:
        raise Http404("No such question")
    if not item.is_draft:
        messages.info(request, "This request has been sent, so its answers can no longer be changed.")
        return redirect("budgets:request_detail", budget_request=item.uuid)
    changing = request.GET.get("change") == "1"
    form = _form(question, item, request.POST if request.method == "POST" else None)
    if request.method == "POST" and form.is_valid():
        requesting.save_answers(item=item, actor=request.user, **form.cleaned_data)
        index = slugs.index(question)
        if changing or index == len(slugs) - 1:
            return redirect("budgets:request_check", budget_request=item.uuid)
        return redirect("budgets:request_question", budget_request=item.uuid, question=slugs[index + 1])
    index = slugs.index(question)
    if changing:
        back = reverse("budgets:request_check", kwargs={"budget_request": item.uuid})
    elif index == 0:
        back = reverse("budgets:request_start")
    else:
        back = reverse("budgets:request_question", kwargs={"budget_request": item.uuid, "question": slugs[index - 1]})
    first = next(iter(form))
    return render(
        request,
        "budgets/requests/question.html",
        {
            "item": item,
            "form": form,
            "question_field": first,
            "other_fields": [field for field in form if field.name != first.name],
            "back": back,
            "step": index + 1,
            "steps": len(slugs),
            "page_title": str(first.label),
        },
    )


def answer_rows(item: BudgetRequest, slugs) -> list[dict]:
    values = {
        "council": str(item.council) if item.council_id else "",
        "who": item.get_asked_by_display() if item.asked_by else "",
        "name": item.child_name,
        "date-of-birth": f"{item.child_date_of_birth.day} {item.child_date_of_birth:%B %Y}"
        if item.child_date_of_birth
        else "",
        "plan": (
            f"Yes, reference {item.plan_reference}"
            if item.plan == BudgetRequest.Plan.HAS_PLAN and item.plan_reference
            else (item.get_plan_display() if item.plan else "")
        ),
        "parts": ", ".join(item.element_labels()),
        "pay-for": item.wishes,
        "hold": item.get_holding_arrangement_display() if item.holding_arrangement else "",
        "consent": "Yes, I agree" if item.consent else "",
    }
    labels = {slug: label for slug, _, label in QUESTIONS}
    return [
        {
            "slug": slug,
            "label": labels[slug],
            "value": values[slug],
            "url": reverse("budgets:request_question", kwargs={"budget_request": item.uuid, "question": slug})
            + "?change=1",
        }
        for slug in slugs
    ]


@login_required
@require_http_methods(["GET", "POST"])
def request_check(request, budget_request):
    item = _own(request, budget_request)
    if not item.is_draft:
        return redirect("budgets:request_detail", budget_request=item.uuid)
    errors = []
    if request.method == "POST":
        try:
            requesting.submit_request(item=item, actor=request.user)
        except requesting.RequestError as error:
            errors.append(str(error))
        else:
            messages.success(request, "Request sent. We have emailed you to confirm.")
            return redirect("budgets:request_detail", budget_request=item.uuid)
    slugs = questions_for(item)
    return render(
        request,
        "budgets/requests/check.html",
        {
            "item": item,
            "rows": answer_rows(item, slugs),
            "errors": errors,
            "back": reverse("budgets:request_question", kwargs={"budget_request": item.uuid, "question": slugs[-1]}),
            "page_title": "Check your answers before sending your request",
        },
    )


@login_required
@require_http_methods(["GET"])
def request_detail(request, budget_request):
    item = _own(request, budget_request)
    if item.is_draft:
        return redirect("budgets:request_check", budget_request=item.uuid)
    return render(
        request,
        "budgets/requests/detail.html",
        {
            "item": item,
            "rows": answer_rows(item, questions_for(item)),
            "can_ask_for_review": item.status == BudgetRequest.Status.DECLINED and item.review_requested_at is None,
            "page_title": f"Your request for {item.child_name}'s personal budget",
        },
    )


@login_required
@require_http_methods(["GET", "POST"])
def request_review(request, budget_request):
    item = _own(request, budget_request)
    form = request_forms.ReviewForm(request.POST if request.method == "POST" else None)
    errors = []
    if item.status != BudgetRequest.Status.DECLINED or item.review_requested_at is not None:
        errors.append(
            "You have already asked for this decision to be reviewed."
            if item.review_requested_at
            else "You can ask for a review only after a request has been declined."
        )
    elif request.method == "POST" and form.is_valid():
        try:
            requesting.ask_for_review(item=item, actor=request.user, reason=form.cleaned_data["reason"])
        except requesting.RequestError as error:
            errors.append(str(error))
        else:
            messages.success(request, "You have asked for a review. We have emailed you to confirm.")
            return redirect("budgets:request_detail", budget_request=item.uuid)
    return render(
        request,
        "budgets/requests/review.html",
        {"item": item, "form": form, "errors": errors, "page_title": "Ask for the decision to be reviewed"},
        status=400 if errors and request.method == "POST" else 200,
    )


# Moving to adulthood ------------------------------------------------------------------------------------


@budget_view(manage=True)
@require_http_methods(["GET", "POST"])
def handover_offer(request, access):
    budget = access.budget
    form = request_forms.HandoverForm(request.POST if request.method == "POST" else None)
    age = budget.holder_age_on(timezone.localdate())
    errors = []
    if request.method == "POST" and form.is_valid():
        try:
            requesting.offer_handover(budget=budget, actor=request.user, email=form.cleaned_data["email"])
        except requesting.RequestError as error:
            errors.append(str(error))
        else:
            messages.success(request, f"We have emailed {form.cleaned_data['email']} to accept the budget.")
            return redirect("budgets:member_list", budget=budget.uuid)
    return render(
        request,
        "budgets/requests/handover_offer.html",
        {
            "access": access,
            "budget": budget,
            "form": form,
            "errors": errors,
            "age": age,
            "old_enough": age is not None and age >= requesting.HANDOVER_AGE,
            "is_parent": access.membership is not None and access.membership.role == BudgetMembership.Role.PARENT_CARER,
            "waiting": [h for h in budget.handovers.all() if h.is_open],
            "page_title": "Hand the budget over",
        },
    )


@login_required
@require_http_methods(["GET", "POST"])
def handover_accept(request, handover):
    handover = get_object_or_404(Handover.objects.select_related("budget", "invited_by"), token=handover)
    form = request_forms.AcceptHandoverForm(request.POST if request.method == "POST" else None)
    errors = []
    if request.method == "POST" and form.is_valid():
        try:
            budget = requesting.accept_handover(
                handover=handover, user=request.user, parent_role=form.cleaned_data["parent_role"]
            )
        except requesting.RequestError as error:
            errors.append(str(error))
        else:
            messages.success(request, "You now manage your own personal budget.")
            return redirect("budgets:dashboard", budget=budget.uuid)
    elif request.method == "GET" and not handover.is_open:
        errors.append("This hand-over has expired or has already been accepted.")
    return render(
        request,
        "budgets/requests/handover_accept.html",
        {"handover": handover, "form": form, "errors": errors, "page_title": "Take over your personal budget"},
        status=400 if errors and request.method == "POST" else 200,
    )
