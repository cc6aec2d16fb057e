"""Monitoring return pages, spliced into the "budgets" namespace by budgets/urls.py (not include()d, so
the permission walk sees each pattern)."""

from django.urls import path

from budgets.returns import views

urlpatterns = [
    path("<uuid:budget>/returns/", views.return_list, name="return_list"),
    path("<uuid:budget>/returns/<int:monitoring_return>/", views.return_detail, name="return_detail"),
    path("<uuid:budget>/returns/<int:monitoring_return>/submit/", views.return_submit, name="return_submit"),
]
