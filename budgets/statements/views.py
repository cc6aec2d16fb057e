"""Statements for a period as HTML, CSV and PDF; officers see the same for budgets they review."""

from django.http import HttpResponse
from django.shortcuts import render
from django.utils import timezone
from django.views.decorators.http import require_GET

from budgets.permissions import budget_view
from budgets.statements.documents import build_statement, statement_csv, statement_pdf
from budgets.statements.forms import StatementPeriodForm, default_statement_period


def _period(request, budget):
    starts_on, ends_on = default_statement_period(budget, timezone.localdate())
    form = StatementPeriodForm(request.GET or None, initial={"starts_on": starts_on, "ends_on": ends_on})
    if request.GET and form.is_valid():
        starts_on, ends_on = form.cleaned_data["starts_on"], form.cleaned_data["ends_on"]
    return form, starts_on, ends_on


def _filename(budget, starts_on, ends_on, extension):
    name = "".join(ch for ch in budget.holder_name.lower().replace(" ", "-") if ch.isalnum() or ch == "-") or "budget"
    return f"statement-{name}-{starts_on:%Y-%m-%d}-to-{ends_on:%Y-%m-%d}.{extension}"


@budget_view()
@require_GET
def statement(request, access):
    budget = access.budget
    form, starts_on, ends_on = _period(request, budget)
    query = f"starts_on={starts_on:%Y-%m-%d}&ends_on={ends_on:%Y-%m-%d}"
    return render(
        request,
        "budgets/statements/statement.html",
        {
            "access": access,
            "budget": budget,
            "form": form,
            "statement": build_statement(budget, starts_on, ends_on),
            "query": query,
            "page_title": "Statement",
        },
    )


@budget_view()
@require_GET
def statement_download_csv(request, access):
    budget = access.budget
    _, starts_on, ends_on = _period(request, budget)
    response = HttpResponse(
        statement_csv(build_statement(budget, starts_on, ends_on)), content_type="text/csv; charset=utf-8"
    )
    response["Content-Disposition"] = f'attachment; filename="{_filename(budget, starts_on, ends_on, "csv")}"'
    return response


@budget_view()
@require_GET
def statement_download_pdf(request, access):
    budget = access.budget
    _, starts_on, ends_on = _period(request, budget)
    response = HttpResponse(statement_pdf(build_statement(budget, starts_on, ends_on)), content_type="application/pdf")
    response["Content-Disposition"] = f'attachment; filename="{_filename(budget, starts_on, ends_on, "pdf")}"'
    return response
