"""Statement import and reconciliation pages, spliced into the "budgets" namespace by budgets/urls.py
(not include()d, so the permission walk sees each pattern)."""

from django.urls import path

from budgets.imports import views

urlpatterns = [
    path("<uuid:budget>/import/", views.import_start, name="import_start"),
    path("<uuid:budget>/import/<int:statement_import>/columns/", views.import_mapping, name="import_mapping"),
    path("<uuid:budget>/import/<int:statement_import>/check/", views.import_preview, name="import_preview"),
    path("<uuid:budget>/import/<int:statement_import>/cancel/", views.import_discard, name="import_discard"),
    path("<uuid:budget>/reconcile/", views.reconcile, name="reconcile"),
    path("<uuid:budget>/reconcile/check/", views.reconcile_check, name="reconcile_check"),
]
