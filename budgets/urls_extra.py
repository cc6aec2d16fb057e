"""Imports, reconciliation, statements and monitoring returns, spliced into budgets/urls.py so they
share the "budgets" namespace and the permission walk test finds them."""

from django.urls import path

from budgets import views_returns
from budgets.imports import urls as import_urls
from budgets.statements import views as statement_views

urlpatterns = [
    *import_urls.urlpatterns,
    path("<uuid:budget>/statement/", statement_views.statement, name="statement"),
    path("<uuid:budget>/statement.csv", statement_views.statement_download_csv, name="statement_csv"),
    path("<uuid:budget>/statement.pdf", statement_views.statement_download_pdf, name="statement_pdf"),
    path("<uuid:budget>/returns/", views_returns.return_list, name="return_list"),
    path("<uuid:budget>/returns/<int:monitoring_return>/", views_returns.return_detail, name="return_detail"),
    path("<uuid:budget>/returns/<int:monitoring_return>/submit/", views_returns.return_submit, name="return_submit"),
]
