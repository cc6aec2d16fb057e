"""Personal budget request and hand-over pages, spliced into the "budgets" namespace by budgets/urls.py
(not include()d, so the permission walks see each pattern)."""

from django.urls import path

from budgets.requests import views

urlpatterns = [
    path("ask/", views.request_start, name="request_start"),
    path("requests/<uuid:budget_request>/", views.request_detail, name="request_detail"),
    path(
        "requests/<uuid:budget_request>/questions/<slug:question>/",
        views.request_question,
        name="request_question",
    ),
    path("requests/<uuid:budget_request>/check/", views.request_check, name="request_check"),
    path("requests/<uuid:budget_request>/review/", views.request_review, name="request_review"),
    path("<uuid:budget>/hand-over/", views.handover_offer, name="handover_offer"),
    path("hand-over/<str:handover>/", views.handover_accept, name="handover_accept"),
]
