"""What other apps may ask about provider accounts (the only door in, as search/api.py is for search).

- `provider_emails_for(service)`: who at the service's organisation keeps it up to date ("report a
  problem" forwards a family's report to them).
- `is_stale(service)`: whether families are told the service's information may be out of date.
"""

import datetime

from django.contrib.auth import get_user_model
from django.utils import timezone
from wagtail.models import Site

from .models import ReviewSettings

__all__ = ["is_stale", "provider_emails_for", "review_settings", "stale_after"]


def provider_emails_for(service_page) -> list[str]:
    """Emails of the active provider members of the service's organisation, sorted, without repeats."""
    if service_page is None or not service_page.organization_id:
        return []
    emails = (
        get_user_model()
        .objects.filter(
            is_active=True,
            provider_memberships__organization_id=service_page.organization_id,
            provider_memberships__is_active=True,
        )
        .exclude(email="")
        .values_list("email", flat=True)
    )
    return sorted(set(emails))


def review_settings(site=None) -> ReviewSettings:
    site = site or Site.objects.filter(is_default_site=True).first()
    if site is None:
        return ReviewSettings()
    return ReviewSettings.for_site(site)


def stale_after(settings_object=None) -> datetime.timedelta:
    weeks = (settings_object or review_settings()).stale_after_weeks
    return datetime.timedelta(weeks=weeks)


def is_stale(service_page, today: datetime.date | None = None, *, settings_object=None) -> bool:
    """Overdue for review by more than the council's number of weeks (Settings ▸ Service reviews).
    A service with no review date is never stale: nothing was promised."""
    due = getattr(service_page, "review_due_on", None)
    if due is None:
        return False
    today = today or timezone.localdate()
    return today > due + stale_after(settings_object)
