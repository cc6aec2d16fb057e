"""What a provider may see: their organisations' services and locations, nothing else.

Every provider view looks its object up through these querysets, so another organisation's service or
location is a 404, never a 403 that would confirm it exists.
"""

from django.db.models import Q
from django.http import Http404

from localoffer.models import Location, Organization, ServicePage


def organizations_for(user):
    if user is None or not user.is_authenticated or not user.is_active:
        return Organization.objects.none()
    return Organization.objects.filter(provider_memberships__user=user, provider_memberships__is_active=True)


def is_provider(user) -> bool:
    return organizations_for(user).exists()


def services_for(user):
    """Live services and drafts (a new service waiting for approval) of the provider's organisations."""
    return ServicePage.objects.filter(organization__in=organizations_for(user)).order_by("title")


def locations_for(user):
    """Places the provider's organisations deliver services at, and places the council approved for them."""
    organizations = organizations_for(user)
    return (
        Location.objects.filter(
            Q(service_at_locations__service__organization__in=organizations)
            | Q(provider_requests__organization__in=organizations, provider_requests__status="approved")
        )
        .distinct()
        .order_by("name")
    )


# Page ids are 32-bit integers: anything larger names no page (and would overflow the database's type).
LARGEST_PAGE_ID = 2**31 - 1


def service_for(user, page_id) -> ServicePage:
    if not 0 < int(page_id) <= LARGEST_PAGE_ID:
        raise Http404("No such service")
    page = services_for(user).filter(pk=page_id).first()
    if page is None:
        raise Http404("No such service")
    return page


def location_for(user, location_id) -> Location:
    location = locations_for(user).filter(pk=location_id).first()
    if location is None:
        raise Http404("No such location")
    return location
