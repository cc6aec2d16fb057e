"""Imports, reconciliation, statements and monitoring returns (issue 5), spliced into budgets/urls.py
so they share the "budgets" namespace and the permission walk test finds them."""

from django.urls import path

from budgets import views_imports, views_returns
from budgets.statements import views as statement_views

urlpatterns = [
    path("<uuid:budget>/import/", views_imports.import_start, name="import_start"),
    path("<uuid:budget>/import/<int:statement_import>/columns/", views_imports.import_mapping, name="import_mapping"),
    path("<uuid:budget>/import/<int:statement_import>/check/", views_imports.import_preview, name="import_preview"),
    path("<uuid:budget>/import/<int:statement_import>/cancel/", views_imports.import_discard, name="import_discard"),
    path("<uuid:budget>/reconcile/", views_imports.reconcile, name="reconcile"),
    path("<uuid:budget>/reconcile/check/", views_imports.reconcile_check, name="reconcile_check"),
    path("<uuid:budget>/statement/", statement_views.statement, name="statement"),
    path("<uuid:budget>/statement.csv", statement_views.statement_download_csv, name="statement_csv"),
    path("<uuid:budget>/statement.pdf", statement_views.statement_download_pdf, name="statement_pdf"),
    path("<uuid:budget>/returns/", views_returns.return_list, name="return_list"),
    path("<uuid:budget>/returns/<int:monitoring_return>/", views_returns.return_detail, name="return_detail"),
    path("<uuid:budget>/returns/<int:monitoring_return>/submit/", views_returns.return_submit, name="return_submit"),
]
