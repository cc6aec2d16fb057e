from django.urls import path

from . import views

app_name = "shortlist"
urlpatterns = [
    path("", views.shortlist, name="list"),
    path("save/", views.save, name="save"),
    path("print/", views.print_view, name="print"),
    path("email/", views.email, name="email"),
    path("shared/", views.shared, name="shared"),
]
