from django.urls import path

from budgets import views
from budgets.imports import urls as import_urls
from budgets.requests import urls as request_urls
from budgets.returns import urls as return_urls
from budgets.statements import urls as statement_urls

app_name = "budgets"

urlpatterns = [
    path("", views.budget_list, name="budget_list"),
    path("account/", views.account, name="account"),
    path("account/export/", views.account_export, name="account_export"),
    path("account/delete/", views.account_delete, name="account_delete"),
    path("invitations/<str:token>/", views.accept_invitation, name="accept_invitation"),
    path("<uuid:budget>/", views.dashboard, name="dashboard"),
    path("<uuid:budget>/entries/", views.entry_list, name="entry_list"),
    path("<uuid:budget>/entries/add/", views.entry_create, name="entry_create"),
    path("<uuid:budget>/entries/<int:entry>/", views.entry_detail, name="entry_detail"),
    path("<uuid:budget>/entries/<int:entry>/change/", views.entry_edit, name="entry_edit"),
    path("<uuid:budget>/entries/<int:entry>/delete/", views.entry_delete, name="entry_delete"),
    path("<uuid:budget>/entries/<int:entry>/evidence/", views.evidence_add, name="evidence_add"),
    path("<uuid:budget>/evidence/<int:evidence>/", views.evidence_download, name="evidence_download"),
    path("<uuid:budget>/regular-payments/", views.recurring_list, name="recurring_list"),
    path("<uuid:budget>/regular-payments/add/", views.recurring_create, name="recurring_create"),
    path("<uuid:budget>/regular-payments/<int:recurring>/stop/", views.recurring_stop, name="recurring_stop"),
    path("<uuid:budget>/people/", views.member_list, name="member_list"),
    path("<uuid:budget>/people/invite/", views.member_invite, name="member_invite"),
    path("<uuid:budget>/people/<int:membership>/remove/", views.member_remove, name="member_remove"),
    # Each feature's pages, spliced in rather than include()d, so they share the "budgets" namespace and
    # the permission walk in tests/budgets/test_permissions.py sees each pattern.
    *import_urls.urlpatterns,
    *statement_urls.urlpatterns,
    *return_urls.urlpatterns,
    *request_urls.urlpatterns,
]
