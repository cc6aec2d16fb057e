"""Directory data shaped for the ORUK tests: a fully described service and the edge cases."""

import datetime
from decimal import Decimal

from localoffer.models import CostOption, Schedule, ServiceContact
from tests.localoffer.factories import LocationFactory, ServicePageFactory, category, need


def published(service):
    """Publish through a revision, as editors and the importer do, so the page has its timestamps."""
    service.save_revision().publish()
    service.refresh_from_db()
    return service


def full_service(directory, **overrides):
    """A published service with every relation the ORUK record carries."""
    autism, speech = need("autism", "Autism"), need("speech", "Speech, language and communication")
    play = category("play", "Play and leisure")
    fields = {
        "title": "Saturday Sensory Club",
        "summary": "Sensory play sessions for children with autism",
        "email": "club@example.org",
        "website": "https://example.org/club",
        "phone": "020 7974 4444",
        "minimum_age": 4,
        "maximum_age": 11,
        "fees_description": "Free for Camden families",
        "eligibility_description": "Children with a diagnosis of autism",
        "languages": ["English", "British Sign Language"],
        "accessibility_description": "Quiet room available",
        "needs": [autism, speech],
        "categories": [play],
        "locations": [
            LocationFactory(name="Kentish Town Centre", postal_code="NW5 1TL", accessibility_description="Step-free")
        ],
    }
    fields.update(overrides)
    service = ServicePageFactory(parent=directory, **fields)
    Schedule.objects.create(
        service=service,
        byday="SA",
        opens_at=datetime.time(10),
        closes_at=datetime.time(12),
        description="Term time",
        sort_order=0,
    )
    Schedule.objects.create(
        service=service, byday="WE", opens_at=datetime.time(15, 30), closes_at=datetime.time(17), sort_order=1
    )
    CostOption.objects.create(
        service=service, option="Sibling place", amount=Decimal("2.50"), amount_description="per session"
    )
    ServiceContact.objects.create(
        service=service, name="Ann Persona", title="Club leader", email="ann@example.org", phone="020 7974 5555"
    )
    return published(service)


def service_with_many_cost_options(directory, count=12):
    service = ServicePageFactory(
        parent=directory, title="Holiday scheme", is_free=False, fees_description="Charged per day"
    )
    for number in range(count):
        CostOption.objects.create(
            service=service,
            option=f"Option {number}",
            amount=Decimal("10.00") + number,
            amount_description="per day",
            sort_order=number,
        )
    return published(service)


def bare_service(directory, **overrides):
    """No location, no contacts, no schedules, no costs: only what the model requires."""
    fields = {"title": "Helpline", "website": "", "email": "", "phone": "", "languages": []}
    fields.update(overrides)
    return published(ServicePageFactory(parent=directory, **fields))
