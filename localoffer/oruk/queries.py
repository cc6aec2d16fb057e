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

# What a /services page item needs (`serialize.service_summary`): loading only these halves the time
# spent building 50 page objects.
SUMMARY_FIELDS = [
    "uuid",
    "title",
    "description",
    "website",
    "email",
    "status",
    "fees_description",
    "eligibility_description",
    "referral_route",
    "minimum_age",
    "maximum_age",
    "assured_date",
    "last_published_at",
    "latest_revision_created_at",
    "first_published_at",
    "organization__id",
    "organization__name",
    "organization__description",
    "organization__email",
    "organization__website",
    "organization__phone",
]


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
