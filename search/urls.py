from django.urls import path

from . import views

app_name = "search"
urlpatterns = [path("autocomplete/", views.autocomplete, name="autocomplete")]
