from django.urls import path

from .views import static_page

urlpatterns = [
    path(
        "accessibility/", static_page("localoffer/accessibility.html", "Accessibility statement"), name="accessibility"
    ),
    path("cookies/", static_page("localoffer/cookies.html", "Cookies"), name="cookies"),
    path("privacy/", static_page("localoffer/privacy.html", "Privacy notice"), name="privacy"),
]
