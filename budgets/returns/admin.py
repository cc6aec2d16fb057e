"""The officer's side of monitoring returns, in the Wagtail admin.

Imported from budgets/wagtail_hooks.py. An officer sees only budgets in the councils
`budgets.permissions.councils_for` gives them (superusers see all); anything else is a 404, and the
overview and its CSV export list only those budgets. Views parse, call budgets/returns/services.py, render.
"""

from django.contrib import messages
from django.db.models import Q
from django.http import Http404, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import path, reverse
from django.utils import timezone
from django.views.decorators.http import require_http_methods
from wagtail import hooks
from wagtail.admin.menu import MenuItem

from budgets.models import Budget
from budgets.permissions import councils_for, officer_budgets
from budgets.returns import services as returns
from budgets.returns.forms import ReturnScheduleForm, ReviewReturnForm
from budgets.returns.models import MonitoringReturn, ReturnSchedule
from budgets.statements import positions_csv

FILTERS = [
    ("", "All budgets"),
    ("overdue", "With an overdue return"),
    ("awaiting_review", "With a return to review"),
    ("surplus", "With a surplus above the threshold"),
    ("no_activity", "With no activity for 60 days"),
]


def _budget_for(user, pk) -> Budget:
    budget = officer_budgets(user).select_related("council").filter(pk=pk).first()
    if budget is None:
        raise Http404("No such budget")
    return budget


def _filtered_rows(request):
    budgets = officer_budgets(request.user)
    council = request.GET.get("council", "")
    if council.isdigit() and len(council) <= 9:
        budgets = budgets.filter(council_id=int(council))
    search = request.GET.get("q", "").strip()
    if search:
        budgets = budgets.filter(Q(holder_name__icontains=search) | Q(reference__icontains=search))
    rows = returns.overview_rows(budgets, timezone.localdate())
    show = request.GET.get("show", "")
    if show == "overdue":
        rows = [r for r in rows if r["overdue"]]
    elif show == "awaiting_review":
        rows = [r for r in rows if r["awaiting_review"]]
    elif show == "surplus":
        rows = [r for r in rows if r["surplus"] > 0]
    elif show == "no_activity":
        rows = [r for r in rows if r["no_activity"]]
    return rows, show, council, search


def overview(request):
    rows, show, council, search = _filtered_rows(request)
    if request.GET.get("format") == "csv":
        response = HttpResponse(
            positions_csv(
                {
                    "Budget": r["budget"].holder_name,
                    "Reference": r["budget"].reference,
                    "Council": r["budget"].council.name,
                    "Period starts": r["budget"].starts_on,
                    "Period ends": r["budget"].ends_on,
                    "Monitoring tier": r["budget"].get_monitoring_tier_display(),
                    "Allocated": r["allocated"],
                    "Paid in": r["paid_in"],
                    "Spent": r["spent"],
                    "Balance": r["balance"],
                    "Surplus over threshold": r["surplus"],
                    "Last activity": r["last_activity"],
                    "Next return due": r["next_return"].due_on if r["next_return"] else None,
                    "Overdue returns": len(r["overdue"]),
                }
                for r in rows
            ),
            content_type="text/csv; charset=utf-8",
        )
        response["Content-Disposition"] = f'attachment; filename="budget-positions-{timezone.localdate():%Y-%m-%d}.csv"'
        return response
    query = request.GET.copy()
    query["format"] = "csv"
    return render(
        request,
        "budgets/returns/admin_overview.html",
        {
            "rows": rows,
            "filters": FILTERS,
            "show": show,
            "councils": councils_for(request.user),
            "council": council,
            "search": search,
            "csv_query": query.urlencode(),
            "today": timezone.localdate(),
        },
    )


@require_http_methods(["GET", "POST"])
def review(request, pk):
    item = get_object_or_404(
        MonitoringReturn.objects.select_related("budget__council"), pk=pk, budget__in=officer_budgets(request.user)
    )
    form = ReviewReturnForm(request.POST if request.method == "POST" else None)
    errors = []
    if request.method == "POST" and form.is_valid():
        try:
            if form.cleaned_data["decision"] == "approve":
                returns.approve_return(monitoring_return=item, officer=request.user, note=form.cleaned_data["message"])
                messages.success(request, f"{item} for {item.budget.holder_name} approved.")
            else:
                returns.query_return(monitoring_return=item, officer=request.user, message=form.cleaned_data["message"])
                messages.success(request, f"Query sent to {item.budget.holder_name}'s family; the period is unlocked.")
        except returns.ReturnError as error:
            errors.append(str(error))
        else:
            return redirect("budget_returns:review", pk=item.pk)
    item.refresh_from_db()
    return render(
        request,
        "budgets/returns/admin_review.html",
        {
            "item": item,
            "review": returns.review_return(item),
            "form": form,
            "errors": errors,
            "today": timezone.localdate(),
        },
    )


@require_http_methods(["GET", "POST"])
def schedule(request, budget_pk):
    budget = _budget_for(request.user, budget_pk)
    current = ReturnSchedule.objects.filter(budget=budget).first()
    initial = {
        "frequency": current.frequency if current else ReturnSchedule.Frequency.QUARTERLY,
        "days_to_submit": current.days_to_submit if current else 28,
        "monitoring_tier": budget.monitoring_tier,
    }
    form = ReturnScheduleForm(
        request.POST if request.method == "POST" else None,
        initial=initial,
        tier_choices=Budget.MonitoringTier.choices,
    )
    if request.method == "POST" and form.is_valid():
        budget = returns.set_monitoring_tier(
            budget=budget, actor=request.user, tier=form.cleaned_data["monitoring_tier"]
        )
        returns.set_schedule(
            budget=budget,
            actor=request.user,
            frequency=form.cleaned_data["frequency"],
            days_to_submit=form.cleaned_data["days_to_submit"],
        )
        messages.success(request, f"Return schedule for {budget.holder_name} saved.")
        return redirect(reverse("budget_returns:overview"))
    return render(
        request,
        "budgets/returns/admin_schedule.html",
        {"budget": budget, "form": form, "items": budget.monitoring_returns.order_by("period_starts_on")},
    )


@hooks.register("register_admin_urls")
def register_return_urls():
    return [
        path(
            "budget-returns/",
            (
                [
                    path("", overview, name="overview"),
                    path("<int:pk>/", review, name="review"),
                    path("schedule/<int:budget_pk>/", schedule, name="schedule"),
                ],
                "budget_returns",
                "budget_returns",
            ),
        )
    ]


class OfficerMenuItem(MenuItem):
    def is_shown(self, request):
        return request.user.is_superuser or councils_for(request.user).exists()


@hooks.register("register_admin_menu_item")
def register_returns_menu_item():
    return OfficerMenuItem("Monitoring returns", reverse("budget_returns:overview"), icon_name="tasks", order=260)
