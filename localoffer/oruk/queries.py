"""Querysets for the ORUK API and export: only live, public services, with every relation an ORUK
record needs fetched in a constant number of queries."""

from django.db.models import Prefetch

from ..models import (
    CostOption,
    Location,
    Organization,
    Schedule,
    ServiceAtLocation,
    ServiceContact,
    ServicePage,
    TaxonomyTerm,
)


def published_services():
    return ServicePage.objects.live().public().select_related("organization")


def with_full_relations(services):
    terms = TaxonomyTerm.objects.select_related("taxonomy")
    return services.prefetch_related(
        Prefetch("schedules", queryset=Schedule.objects.order_by("sort_order", "pk")),
        Prefetch("cost_options", queryset=CostOption.objects.order_by("sort_order", "pk")),
        Prefetch("contacts", queryset=ServiceContact.objects.order_by("sort_order", "pk")),
        Prefetch(
            "service_at_locations",
            queryset=ServiceAtLocation.objects.select_related("location").order_by("sort_order", "pk"),
        ),
        Prefetch("needs", queryset=terms),
        Prefetch("categories", queryset=terms),
    )


def published_service_at_locations():
    return ServiceAtLocation.objects.filter(service__in=published_services().values("pk")).select_related(
        "location", "service", "service__organization"
    )


def published_locations():
    return Location.objects.filter(service_at_locations__service__in=published_services().values("pk")).distinct()


def published_organizations():
    return Organization.objects.all()
