"""The family's side of monitoring returns: see what is due, review, explain, declare and submit."""

from django.contrib import messages
from django.shortcuts import get_object_or_404, redirect, render
from django.utils import timezone
from django.views.decorators.http import require_GET, require_POST

from budgets.permissions import budget_view
from budgets.returns import services as returns
from budgets.returns.forms import SubmitReturnForm
from budgets.returns.models import MonitoringReturn, ReturnSchedule


@budget_view()
@require_GET
def return_list(request, access):
    budget = access.budget
    items = list(budget.monitoring_returns.order_by("period_starts_on"))
    today = timezone.localdate()
    return render(
        request,
        "budgets/returns/return_list.html",
        {
            "access": access,
            "budget": budget,
            "items": items,
            "schedule": ReturnSchedule.objects.filter(budget=budget).first(),
            "overdue": [item for item in items if item.is_overdue(today)],
            "today": today,
            "page_title": "Monitoring returns",
        },
    )


def _detail_page(request, access, item, form=None, errors=()):
    review = returns.review_return(item)
    form = form or SubmitReturnForm(flags=review.flags)
    return render(
        request,
        "budgets/returns/return_detail.html",
        {
            "access": access,
            "budget": access.budget,
            "item": item,
            "review": review,
            "form": form,
            "errors": list(errors),
            "today": timezone.localdate(),
            "page_title": str(item),
        },
    )


@budget_view()
@require_GET
def return_detail(request, access, monitoring_return):
    item = get_object_or_404(MonitoringReturn, pk=monitoring_return, budget=access.budget)
    return _detail_page(request, access, item)


@budget_view(manage=True)
@require_POST
def return_submit(request, access, monitoring_return):
    budget = access.budget
    item = get_object_or_404(MonitoringReturn, pk=monitoring_return, budget=budget)
    flags = returns.review_return(item).flags
    form = SubmitReturnForm(request.POST, flags=flags)
    if not form.is_valid():
        return _detail_page(request, access, item, form)
    try:
        returns.submit_return(
            monitoring_return=item,
            actor=request.user,
            declared=form.cleaned_data["declaration"],
            explanations=form.explanations(),
            answer=form.cleaned_data.get("answer", ""),
        )
    except returns.ReturnError as error:
        item.refresh_from_db()
        return _detail_page(request, access, item, form, [str(error)])
    messages.success(request, "Return submitted. The entries it covers are now locked while the council reviews it.")
    return redirect("budgets:return_detail", budget=budget.uuid, monitoring_return=item.pk)
