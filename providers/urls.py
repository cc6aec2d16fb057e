from django.urls import path

from . import views

app_name = "providers"

urlpatterns = [
    path("", views.dashboard, name="dashboard"),
    path("services/new/", views.new_service, name="new_service"),
    path("services/<int:page_id>/", views.service, name="service"),
    path("services/<int:page_id>/submit/", views.submit, name="submit"),
    path("services/<int:page_id>/confirm-review/", views.confirm_review, name="confirm_review"),
    path("services/<int:page_id>/<slug:step>/", views.edit_step, name="edit_step"),
    path("places/new/", views.location, name="new_location"),
    path("places/<uuid:location_id>/", views.location, name="location"),
    path("invitations/<str:token>/", views.accept_invitation, name="accept_invitation"),
]
