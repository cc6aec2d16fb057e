from django.urls import path

from . import views

app_name = "problems"
urlpatterns = [path("", views.report_problem, name="report")]
