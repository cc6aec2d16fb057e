"""Views parse, call a service, render. Every budget view goes through `budget_view` (404 for strangers)."""

import datetime
from decimal import Decimal

from django.conf import settings
from django.contrib import messages
from django.contrib.auth import logout
from django.contrib.auth.decorators import login_required
from django.core.paginator import Paginator
from django.db.models import Exists, OuterRef, Sum
from django.http import FileResponse, Http404, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.utils import timezone
from django.views.decorators.http import require_GET, require_http_methods, require_POST

from budgets import charts, ledger, services
from budgets.evidence import download_name
from budgets.forms import (
    DeleteAccountForm,
    DeleteEntryForm,
    EntryFilterForm,
    EntryForm,
    EvidenceForm,
    InviteForm,
    RecurringPaymentForm,
)
from budgets.models import (
    AuditEvent,
    Budget,
    BudgetMembership,
    Element,
    EntryFlag,
    Evidence,
    Invitation,
    LedgerEntry,
    RecurringPayment,
)
from budgets.permissions import budget_view, visible_budgets
from budgets.requests import services as requesting
from budgets.requests.models import BudgetRequest
from budgets.templatetags.pounds import pounds

ZERO = Decimal("0.00")


@login_required
@require_GET
def budget_list(request):
    budgets = list(visible_budgets(request.user).select_related("council").order_by("holder_name"))
    sums: dict[int, list] = {}
    for budget_id, kind, total in (
        LedgerEntry.objects.filter(budget__in=budgets, is_deleted=False)
        .values_list("budget_id", "kind")
        .annotate(total=Sum("amount"))
        .order_by()
    ):
        sums.setdefault(budget_id, []).append((kind, total))
    memberships = {m.budget_id: m for m in BudgetMembership.objects.filter(user=request.user)}
    rows = [
        {
            "budget": budget,
            "membership": memberships.get(budget.pk),
            "held": ledger.totals(sums.get(budget.pk, [])).balance,
        }
        for budget in budgets
    ]
    return render(
        request,
        "budgets/budget_list.html",
        {
            "rows": rows,
            "budget_requests": BudgetRequest.objects.filter(requested_by=request.user).order_by("-created_at"),
            # A young person signing in sees the budget handed over to them, waiting for them to accept.
            "handovers": requesting.open_handovers_for(request.user),
            "page_title": "Personal budgets",
        },
    )


def budget_summary(budget: Budget, today: datetime.date) -> dict:
    """Dashboard figures from one aggregate query, whatever the number of entries."""
    elements = list(budget.elements.all())
    items = list(budget.provision_items.all())
    # Grouped by day, not month: SQLite truncates dates in Python, row by row; the ledger groups by month.
    grouped = (
        budget.entries.live()
        .values_list("kind", "element", "provision_item_id", "spent_on")
        .annotate(total=Sum("amount"))
        .order_by()
    )
    rows = [ledger.Row(*group) for group in grouped]
    allocations = {e.element: e.allocated_amount for e in elements}
    summary = ledger.summarise(rows, allocations, {item.pk: item.annual_amount for item in items})
    overall = summary.overall
    start, end = budget.starts_on, budget.ends_on
    as_of = min(max(today, start), end)
    expected = ledger.expected_spend(overall.allocated, start, end, as_of)
    surplus = ledger.surplus_over_threshold(
        overall.balance, overall.allocated, start, end, budget.council.surplus_threshold_weeks
    )
    projected = ledger.projected_remaining(overall.allocated, overall.spent, start, end, as_of)
    points = ledger.cumulative_spending(rows, overall.allocated, start, end, today)
    element_names = dict(Element.choices)
    return {
        "summary": summary,
        "overall": overall,
        "by_element": [(element_names.get(key, key), totals) for key, totals in summary.by_element.items()],
        "by_item": [(item, summary.by_provision_item.get(item.pk, ledger.Totals())) for item in items]
        + (
            [(None, summary.by_provision_item[None])]
            if summary.by_provision_item.get(None) and summary.by_provision_item[None].spent
            else []
        ),
        "expected": expected,
        "projected_remaining": projected,
        "projected_overspend": max(-projected, ZERO),
        "run_out_on": ledger.run_out_on(overall.allocated, overall.spent, start, end, as_of),
        "allocation_used_up": ledger.allocation_used_up(overall.allocated, overall.spent, end, as_of),
        "surplus": surplus,
        "threshold_weeks": budget.council.surplus_threshold_weeks,
        "weekly": ledger.weekly_amount(overall.allocated, start, end),
        "points": points,
        "chart": charts.spending_chart(points),
        "as_of": as_of,
    }


@budget_view()
@require_GET
def dashboard(request, access):
    budget = access.budget
    context = budget_summary(budget, timezone.localdate())
    recent = (
        budget.entries.select_related("provision_item")
        .annotate(
            has_evidence=Exists(Evidence.objects.filter(entry=OuterRef("pk"))),
            is_flagged=Exists(EntryFlag.objects.filter(entry=OuterRef("pk"))),
        )
        .order_by("-spent_on", "-id")[:5]
    )
    template = "budgets/young_person_dashboard.html" if access.is_young_person else "budgets/dashboard.html"
    return render(
        request,
        template,
        context
        | {
            "access": access,
            "budget": budget,
            "recent": recent,
            "items": budget.provision_items.all(),
            "page_title": f"{budget.holder_name}'s budget",
        },
    )


def filtered_entries(budget, form):
    evidence = Evidence.objects.filter(entry=OuterRef("pk"))
    flags = EntryFlag.objects.filter(entry=OuterRef("pk"))
    entries = (
        budget.entries.select_related("provision_item")
        .annotate(has_evidence=Exists(evidence), is_flagged=Exists(flags))
        .order_by("-spent_on", "-id")
    )
    if not form.is_valid():
        return entries
    data = form.cleaned_data
    if data["element"]:
        entries = entries.filter(element=data["element"])
    if data["provision_item"]:
        entries = entries.filter(provision_item_id=data["provision_item"])
    if data["payee"]:
        entries = entries.filter(payee__icontains=data["payee"])
    if data["date_from"]:
        entries = entries.filter(spent_on__gte=data["date_from"])
    if data["date_to"]:
        entries = entries.filter(spent_on__lte=data["date_to"])
    if data["flagged"]:
        entries = entries.filter(is_flagged=True)
    if data["missing_evidence"]:
        entries = entries.filter(has_evidence=False, kind=LedgerEntry.Kind.SPENDING, is_deleted=False)
    return entries


def page_numbers(current: int, last: int) -> list[int | None]:
    wanted = {1, last, current - 1, current, current + 1}
    numbers, previous = [], 0
    for number in sorted(n for n in wanted if 1 <= n <= last):
        if number - previous > 1:
            numbers.append(None)
        numbers.append(number)
        previous = number
    return numbers


@budget_view()
@require_GET
def entry_list(request, access):
    budget = access.budget
    form = EntryFilterForm(request.GET or None, budget=budget)
    entries = filtered_entries(budget, form)
    paginator = Paginator(entries, 50)
    page = paginator.get_page(request.GET.get("page"))
    query = request.GET.copy()
    query.pop("page", None)
    return render(
        request,
        "budgets/entry_list.html",
        {
            "access": access,
            "budget": budget,
            "form": form,
            "page": page,
            "numbers": page_numbers(page.number, paginator.num_pages),
            "querystring": query.urlencode(),
            "page_title": f"Spending and payments – {budget.holder_name}",
        },
    )


def _entry(access, pk):
    return get_object_or_404(
        LedgerEntry.objects.select_related("budget", "provision_item", "created_by", "deleted_by"),
        pk=pk,
        budget=access.budget,
    )


@budget_view(manage=True)
@require_http_methods(["GET", "POST"])
def entry_create(request, access):
    budget = access.budget
    form = EntryForm(request.POST or None, request.FILES or None, budget=budget)
    if request.method == "POST" and form.is_valid():
        try:
            entry = services.record_entry(
                budget=budget, actor=request.user, evidence_files=form.evidence_files(), **form.entry_fields()
            )
        except services.BudgetError as error:
            form.add_error(None, str(error))
        else:
            message = f"{pounds(entry.display_amount)} to {entry.payee} recorded"
            if entry.flags.exists():
                message += ", and flagged for the council to check"
            messages.success(request, message)
            return redirect("budgets:entry_detail", budget=budget.uuid, entry=entry.pk)
    return render(
        request,
        "budgets/entry_form.html",
        {"access": access, "budget": budget, "form": form, "page_title": "Record spending"},
    )


@budget_view()
@require_GET
def entry_detail(request, access, entry):
    entry = _entry(access, entry)
    events = AuditEvent.objects.filter(budget=access.budget, target_type="LedgerEntry", target_id=str(entry.pk))
    return render(
        request,
        "budgets/entry_detail.html",
        {
            "access": access,
            "budget": access.budget,
            "entry": entry,
            "evidence": entry.evidence.all(),
            "flags": entry.flags.all(),
            "events": events,
            "evidence_form": EvidenceForm(),
            "page_title": f"{entry.payee or entry.get_kind_display()} on {entry.spent_on:%-d %B %Y}",
        },
    )


@budget_view(manage=True)
@require_http_methods(["GET", "POST"])
def entry_edit(request, access, entry):
    entry = _entry(access, entry)
    if entry.is_deleted or entry.kind not in (LedgerEntry.Kind.SPENDING, LedgerEntry.Kind.REFUND):
        raise Http404("Only spending and refunds can be edited")
    initial = {
        "kind": entry.kind,
        "spent_on": entry.spent_on,
        "amount": f"{entry.display_amount:.2f}",
        "payee": entry.payee,
        "element": entry.element,
        "provision_item": str(entry.provision_item_id or ""),
        "category": entry.category,
        "note": entry.note,
        "version": entry.version,
    }
    form = EntryForm(request.POST or None, request.FILES or None, budget=access.budget, initial=initial)
    if request.method == "POST" and form.is_valid():
        try:
            services.update_entry(
                entry=entry,
                actor=request.user,
                expected_version=form.cleaned_data["version"] or 0,
                evidence_files=form.evidence_files(),
                **form.entry_fields(),
            )
        except services.BudgetError as error:
            form.add_error(None, str(error))
        else:
            messages.success(request, "Entry updated")
            return redirect("budgets:entry_detail", budget=access.budget.uuid, entry=entry.pk)
    return render(
        request,
        "budgets/entry_form.html",
        {"access": access, "budget": access.budget, "form": form, "entry": entry, "page_title": "Change entry"},
    )


@budget_view(manage=True)
@require_http_methods(["GET", "POST"])
def entry_delete(request, access, entry):
    entry = _entry(access, entry)
    form = DeleteEntryForm(request.POST or None, initial={"version": entry.version})
    errors = []
    if request.method == "POST" and form.is_valid():
        try:
            services.delete_entry(entry=entry, actor=request.user, expected_version=form.cleaned_data["version"])
        except services.BudgetError as error:
            errors.append(str(error))
        else:
            messages.success(request, "Entry deleted. It stays in the history, marked as deleted.")
            return redirect("budgets:entry_list", budget=access.budget.uuid)
    return render(
        request,
        "budgets/entry_delete.html",
        {
            "access": access,
            "budget": access.budget,
            "entry": entry,
            "form": form,
            "errors": errors,
            "page_title": "Delete entry",
        },
    )


@budget_view(manage=True)
@require_POST
def evidence_add(request, access, entry):
    entry = _entry(access, entry)
    form = EvidenceForm(request.POST, request.FILES)
    if form.is_valid():
        upload = form.cleaned_data["evidence"]
        try:
            services.add_evidence(entry=entry, actor=request.user, upload=upload, content_type=upload.detected_type)
        except services.BudgetError as error:
            form.add_error("evidence", str(error))
        else:
            messages.success(request, f"{upload.name} added")
            return redirect("budgets:entry_detail", budget=access.budget.uuid, entry=entry.pk)
    events = AuditEvent.objects.filter(budget=access.budget, target_type="LedgerEntry", target_id=str(entry.pk))
    return render(
        request,
        "budgets/entry_detail.html",
        {
            "access": access,
            "budget": access.budget,
            "entry": entry,
            "evidence": entry.evidence.all(),
            "flags": entry.flags.all(),
            "events": events,
            "evidence_form": form,
            "page_title": "Add evidence",
        },
        status=400,
    )


@budget_view()
@require_GET
def evidence_download(request, access, evidence):
    item = get_object_or_404(Evidence.objects.select_related("entry"), pk=evidence, entry__budget=access.budget)
    response = FileResponse(
        item.file.open("rb"),
        content_type=item.content_type,
        as_attachment=True,
        filename=download_name(item.original_name, item.content_type),
    )
    response["X-Content-Type-Options"] = "nosniff"
    response["Cache-Control"] = "private, no-store"
    return response


@budget_view()
@require_GET
def recurring_list(request, access):
    return render(
        request,
        "budgets/recurring_list.html",
        {
            "access": access,
            "budget": access.budget,
            "payments": access.budget.recurring_payments.all(),
            "page_title": "Regular payments",
        },
    )


@budget_view(manage=True)
@require_http_methods(["GET", "POST"])
def recurring_create(request, access):
    budget = access.budget
    form = RecurringPaymentForm(request.POST or None, budget=budget)
    if request.method == "POST" and form.is_valid():
        try:
            recurring = services.create_recurring_payment(
                budget=budget, actor=request.user, today=timezone.localdate(), **form.cleaned_data
            )
        except services.BudgetError as error:
            form.add_error(None, str(error))
        else:
            messages.success(request, f"Regular payment to {recurring.payee} set up")
            return redirect("budgets:recurring_list", budget=budget.uuid)
    return render(
        request,
        "budgets/recurring_form.html",
        {"access": access, "budget": budget, "form": form, "page_title": "Set up a regular payment"},
    )


@budget_view(manage=True)
@require_POST
def recurring_stop(request, access, recurring):
    recurring = get_object_or_404(RecurringPayment, pk=recurring, budget=access.budget)
    try:
        services.stop_recurring_payment(recurring=recurring, actor=request.user)
    except services.BudgetError as error:
        messages.error(request, str(error))
    else:
        messages.success(request, f"Regular payment to {recurring.payee} stopped")
    return redirect("budgets:recurring_list", budget=access.budget.uuid)


@budget_view()
@require_GET
def member_list(request, access):
    budget = access.budget
    return render(
        request,
        "budgets/member_list.html",
        {
            "access": access,
            "budget": budget,
            "memberships": budget.memberships.select_related("user", "budget"),
            "invitations": [i for i in budget.invitations.all() if i.is_open],
            "page_title": "People who can see this budget",
        },
    )


@budget_view(manage=True)
@require_http_methods(["GET", "POST"])
def member_invite(request, access):
    form = InviteForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            services.invite_member(budget=access.budget, actor=request.user, request=request, **form.cleaned_data)
        except services.BudgetError as error:
            form.add_error("email", str(error))
        else:
            messages.success(request, f"Invitation sent to {form.cleaned_data['email']}")
            return redirect("budgets:member_list", budget=access.budget.uuid)
    return render(
        request,
        "budgets/member_invite.html",
        {"access": access, "budget": access.budget, "form": form, "page_title": "Invite someone"},
    )


@budget_view(manage=True)
@require_POST
def member_remove(request, access, membership):
    membership = get_object_or_404(
        BudgetMembership.objects.select_related("user", "budget"), pk=membership, budget=access.budget
    )
    try:
        services.remove_member(membership=membership, actor=request.user)
    except services.BudgetError as error:
        return render(
            request,
            "budgets/member_list.html",
            {
                "access": access,
                "budget": access.budget,
                "memberships": access.budget.memberships.select_related("user", "budget"),
                "invitations": [i for i in access.budget.invitations.all() if i.is_open],
                "errors": [str(error)],
                "page_title": "People who can see this budget",
            },
            status=400,
        )
    messages.success(request, f"{membership.user.email} can no longer see this budget")
    if membership.user_id == request.user.id:
        return redirect("budgets:budget_list")
    return redirect("budgets:member_list", budget=access.budget.uuid)


@login_required
@require_http_methods(["GET", "POST"])
def accept_invitation(request, token):
    invitation = get_object_or_404(Invitation.objects.select_related("budget"), token=token)
    errors = []
    if request.method == "POST":
        try:
            services.accept_invitation(invitation=invitation, user=request.user)
        except services.BudgetError as error:
            errors.append(str(error))
        else:
            messages.success(request, f"You can now see {invitation.budget.holder_name}'s budget")
            return redirect("budgets:dashboard", budget=invitation.budget.uuid)
    elif not invitation.is_open:
        errors.append(
            "This invitation has expired or has already been used. Ask the person who invited you for a new one."
        )
    return render(
        request,
        "budgets/accept_invitation.html",
        {"invitation": invitation, "errors": errors, "page_title": "Accept an invitation"},
    )


@login_required
@require_GET
def account(request):
    return render(
        request,
        "budgets/account.html",
        {"page_title": "Your account and data", "retention_years": settings.BUDGET_RETENTION_YEARS},
    )


@login_required
@require_GET
def account_export(request):
    data = services.export_member_data(request.user)
    AuditEvent.record(actor=request.user, action="account.exported")
    response = HttpResponse(data, content_type="application/zip")
    stamp = timezone.localdate().isoformat()
    response["Content-Disposition"] = f'attachment; filename="my-personal-budget-data-{stamp}.zip"'
    response["Cache-Control"] = "private, no-store"
    return response


@login_required
@require_http_methods(["GET", "POST"])
def account_delete(request):
    form = DeleteAccountForm(request.POST or None, user=request.user)
    if request.method == "POST" and form.is_valid():
        user = request.user
        logout(request)
        services.delete_account(user)
        messages.success(request, "Your account has been deleted")
        return redirect("/")
    return render(request, "budgets/account_delete.html", {"form": form, "page_title": "Delete your account"})
