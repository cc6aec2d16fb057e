"""Import a bank statement (upload -> mapping -> preview -> commit) and reconcile with the bank."""

import datetime
from decimal import Decimal
from functools import wraps

from django.conf import settings
from django.contrib import messages
from django.core.files.uploadhandler import FileUploadHandler, StopUpload
from django.db.models import Q
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.views.decorators.csrf import csrf_exempt, csrf_protect
from django.views.decorators.http import require_GET, require_http_methods, require_POST

from budgets import services
from budgets.imports import services as importing
from budgets.imports.forms import ColumnMappingForm, ElementForm, ReconciliationForm, UploadStatementForm
from budgets.imports.models import Reconciliation, StatementImport
from budgets.imports.parsing import ImportProblem, RowErrors, check_size
from budgets.models import LedgerEntry
from budgets.permissions import budget_view

ZERO = Decimal("0.00")


class StatementSizeLimit(FileUploadHandler):
    """Stop a request body far over the statement cap from being read or written to disk: the form
    fields still arrive, the file does not, and the view says how big it was."""

    def handle_raw_input(self, input_data, META, content_length, boundary, encoding=None):
        self.too_large = content_length > settings.BUDGET_IMPORT_MAX_BYTES + 64 * 1024
        if self.too_large:
            self.request.statement_upload_size = content_length

    def new_file(self, *args, **kwargs):
        if self.too_large:
            raise StopUpload(connection_reset=False)
        super().new_file(*args, **kwargs)

    def receive_data_chunk(self, raw_data, start):
        return raw_data

    def file_complete(self, file_size):
        return None


def limit_upload_size(view):
    """Install StatementSizeLimit before the body is parsed (so CSRF is checked here, not in middleware)."""

    @wraps(view)
    def wrapped(request, *args, **kwargs):
        request.upload_handlers.insert(0, StatementSizeLimit(request))
        return csrf_protect(view)(request, *args, **kwargs)

    return csrf_exempt(wrapped)


def _pending(access, pk) -> StatementImport:
    return get_object_or_404(StatementImport, pk=pk, budget=access.budget)


@budget_view(manage=True)
@limit_upload_size
@require_http_methods(["GET", "POST"])
def import_start(request, access):
    budget = access.budget
    form = UploadStatementForm(request.POST, request.FILES) if request.method == "POST" else UploadStatementForm()
    too_large = getattr(request, "statement_upload_size", None)
    if too_large:  # the body was not read: say how big it was
        try:
            check_size(too_large, settings.BUDGET_IMPORT_MAX_BYTES)
        except ImportProblem as problem:
            form = UploadStatementForm(data={}, files={})
            form.is_valid()
            form.errors["statement"] = form.error_class([str(problem)])
    elif request.method == "POST" and form.is_valid():
        try:
            statement_import = importing.start_import(
                budget=budget, actor=request.user, upload=form.cleaned_data["statement"]
            )
        except ImportProblem as problem:
            form.add_error("statement", str(problem))
        else:
            return redirect("budgets:import_mapping", budget=budget.uuid, statement_import=statement_import.pk)
    recent = budget.statement_imports.exclude(status=StatementImport.Status.DISCARDED).order_by("-created_at")[:10]
    return render(
        request,
        "budgets/imports/upload.html",
        {"access": access, "budget": budget, "form": form, "recent": recent, "page_title": "Import a bank statement"},
    )


@budget_view(manage=True)
@require_http_methods(["GET", "POST"])
def import_mapping(request, access, statement_import):
    budget = access.budget
    statement_import = _pending(access, statement_import)
    if statement_import.status != StatementImport.Status.PREVIEW:
        messages.success(request, "That statement has already been imported or cancelled.")
        return redirect("budgets:import_start", budget=budget.uuid)
    sample, problem = [], ""
    default_element = statement_import.element or (budget.elements.values_list("element", flat=True).first() or "")
    table = importing.csv_table(statement_import)
    if table is not None:
        mapping = importing.mapping_for(statement_import, table)
        initial = ColumnMappingForm.initial_from(mapping, default_element)
        form = ColumnMappingForm(
            request.POST if request.method == "POST" else None, headers=table.headers, budget=budget, initial=initial
        )
        sample = table.rows[:5]
    else:
        form = ElementForm(
            request.POST if request.method == "POST" else None, budget=budget, initial={"element": default_element}
        )
    if request.method == "POST" and form.is_valid():
        mapping = form.mapping() if table is not None else importing.ColumnMapping()
        try:
            importing.save_mapping(
                statement_import=statement_import, mapping=mapping, element=form.cleaned_data["element"]
            )
        except ImportProblem as error:
            problem = str(error)
        else:
            return redirect("budgets:import_preview", budget=budget.uuid, statement_import=statement_import.pk)
    return render(
        request,
        "budgets/imports/mapping.html",
        {
            "access": access,
            "budget": budget,
            "form": form,
            "statement_import": statement_import,
            "table": table,
            "sample": sample,
            "remembered": bool(statement_import.mapping) and request.method == "GET",
            "errors": [problem] if problem else [],
            "page_title": "Match the columns",
        },
    )


@budget_view(manage=True)
@require_http_methods(["GET", "POST"])
def import_preview(request, access, statement_import):
    budget = access.budget
    statement_import = _pending(access, statement_import)
    if statement_import.status != StatementImport.Status.PREVIEW:
        messages.success(request, "That statement has already been imported or cancelled.")
        return redirect("budgets:import_start", budget=budget.uuid)
    errors = []
    included = importing.parse_include((request.POST if request.method == "POST" else request.GET).getlist("include"))
    if request.method == "POST":
        try:
            created = importing.commit_import(
                statement_import=statement_import, actor=request.user, include_duplicates=included
            )
        except RowErrors as failure:
            errors = [str(error) for error in failure.errors[:20]]
        except ImportProblem as problem:
            errors = [str(problem)]
        else:
            messages.success(
                request,
                f"{len(created)} entr{'y' if len(created) == 1 else 'ies'} imported from {statement_import.filename}. "
                "Add receipts or invoices to the spending entries that need them.",
            )
            return redirect(f"{_entries_url(budget)}?missing_evidence=on")
    try:
        preview = importing.build_preview(statement_import, include=included)
    except ImportProblem as problem:
        preview, errors = importing.Preview([]), errors + [str(problem)]
    row_errors = [str(error) for error in preview.errors[:50]]
    totals = preview.totals()
    return render(
        request,
        "budgets/imports/preview.html",
        {
            "access": access,
            "budget": budget,
            "statement_import": statement_import,
            "preview": preview,
            "totals": totals,
            "errors": errors + row_errors,
            "more_errors": max(len(preview.errors) - 50, 0),
            "page_title": "Check the entries before importing",
        },
    )


def _entries_url(budget):
    return reverse("budgets:entry_list", kwargs={"budget": budget.uuid})


@budget_view(manage=True)
@require_POST
def import_discard(request, access, statement_import):
    statement_import = _pending(access, statement_import)
    try:
        importing.discard_import(statement_import=statement_import, actor=request.user)
    except ImportProblem as problem:
        messages.success(request, str(problem))
    else:
        messages.success(request, f"Import of {statement_import.filename} cancelled. Nothing was saved.")
    return redirect("budgets:import_start", budget=access.budget.uuid)


# Reconciliation ------------------------------------------------------------------------------------


def explaining_entries(budget, day: datetime.date, difference: Decimal, previous: Reconciliation | None):
    """Entries that may explain a difference: ones whose amount is the difference, and entries typed in
    by hand since the last reconciliation (or in the 31 days before), which the bank may not show yet."""
    if difference == 0:
        return [], []
    live = budget.entries.live().select_related("provision_item")
    exact = list(
        live.filter(Q(amount=difference) | Q(amount=-difference), spent_on__lte=day).order_by("-spent_on")[:10]
    )
    since = previous.as_of if previous else day - datetime.timedelta(days=31)
    unmatched = list(
        live.filter(spent_on__gt=since, spent_on__lte=day)
        .exclude(source=LedgerEntry.Source.IMPORTED)
        .exclude(pk__in=[e.pk for e in exact])
        .order_by("-spent_on", "-id")[:50]
    )
    return exact, unmatched


def _reconcile_page(request, access, form, result, previous):
    budget = access.budget
    exact, unmatched = explaining_entries(budget, result.as_of, result.difference, previous) if result else ([], [])
    return render(
        request,
        "budgets/imports/reconcile.html",
        {
            "access": access,
            "budget": budget,
            "form": form,
            "result": result,
            "exact": exact,
            "unmatched": unmatched,
            "history": budget.reconciliations.all()[:10],
            "page_title": "Check against your bank statement",
        },
    )


@budget_view()
@require_GET
def reconcile(request, access):
    """The latest check against the bank, and the form for a new one."""
    budget = access.budget
    result = budget.reconciliations.first()
    previous = budget.reconciliations.filter(as_of__lt=result.as_of).first() if result else None
    return _reconcile_page(request, access, ReconciliationForm(budget=budget), result, previous)


@budget_view(manage=True)
@require_POST
def reconcile_check(request, access):
    budget = access.budget
    form = ReconciliationForm(request.POST, budget=budget)
    if not form.is_valid():
        result = budget.reconciliations.first()
        previous = budget.reconciliations.filter(as_of__lt=result.as_of).first() if result else None
        return _reconcile_page(request, access, form, result, previous)
    day, statement_balance = form.cleaned_data["as_of"], form.cleaned_data["statement_balance"]
    try:
        result, previous = services.record_reconciliation(
            budget=budget, actor=request.user, as_of=day, statement_balance=statement_balance
        )
    except services.BudgetError as error:
        form.add_error(None, str(error))
        result = budget.reconciliations.first()
        previous = budget.reconciliations.filter(as_of__lt=result.as_of).first() if result else None
        return _reconcile_page(request, access, form, result, previous)
    return _reconcile_page(request, access, ReconciliationForm(budget=budget), result, previous)
