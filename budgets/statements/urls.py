"""Statement pages, spliced into the "budgets" namespace by budgets/urls.py (not include()d, so the
permission walk sees each pattern)."""

from django.urls import path

from budgets.statements import views

urlpatterns = [
    path("<uuid:budget>/statement/", views.statement, name="statement"),
    path("<uuid:budget>/statement.csv", views.statement_download_csv, name="statement_csv"),
    path("<uuid:budget>/statement.pdf", views.statement_download_pdf, name="statement_pdf"),
]
