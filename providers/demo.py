"""The demo provider: a person at one of the demo's voluntary organisations who keeps its services up to
date at /providers/. Idempotent (a stable username); never in a Wagtail group, so never staff."""

from django.contrib.auth import get_user_model
from django.db.models import Count, Q

from localoffer.demo import DemoAccount
from localoffer.models import Organization

from .models import ProviderMembership

USERNAME, EMAIL, PASSWORD = "provider", "provider@camden-demo.example", "demo-provider-2025"


def load(*, stdout=None, stderr=None) -> list[DemoAccount]:
    from allauth.account.models import EmailAddress

    organization = (
        Organization.objects.exclude(name__startswith="Camden Council")
        .annotate(live_services=Count("services", filter=Q(services__live=True)))
        .filter(live_services__gt=0)
        .order_by("-live_services", "name")
        .first()
    )
    if organization is None:
        return []
    user, _ = get_user_model().objects.get_or_create(username=USERNAME, defaults={"email": EMAIL})
    user.email, user.first_name = EMAIL, "Provider"
    user.set_password(PASSWORD)
    user.save()
    user.groups.clear()
    EmailAddress.objects.update_or_create(user=user, email=EMAIL, defaults={"verified": True, "primary": True})
    ProviderMembership.objects.get_or_create(user=user, organization=organization)
    return [
        DemoAccount("Provider", EMAIL, PASSWORD, f"keeps the services of {organization.name} up to date at /providers/")
    ]
