import datetime
from decimal import Decimal

import pytest
from django.core.exceptions import ValidationError
from django.urls import reverse
from wagtail.test.utils.form_data import inline_formset

from localoffer.models import CostOption, Location, Schedule, ServicePage
from tests.localoffer.admin_forms import service_form_data
from tests.localoffer.factories import LocationFactory, ServicePageFactory, category

pytestmark = pytest.mark.django_db


def _errors(call):
    with pytest.raises(ValidationError) as caught:
        call()
    return caught.value.message_dict


def test_service_age_minimum_above_maximum_is_refused_on_the_maximum(directory):
    service = ServicePageFactory.build(minimum_age=12, maximum_age=5)
    assert _errors(service.clean) == {"maximum_age": ["Maximum age must be the same as or more than the minimum age"]}


def test_service_review_due_defaults_to_a_year_after_last_review(directory):
    service = ServicePageFactory(parent=directory, assured_date=datetime.date(2025, 3, 1), review_due_on=None)
    assert service.review_due_on == datetime.date(2026, 3, 1)


@pytest.mark.parametrize("postcode", ["75008", "ZZ1 1ZZ", "NW5", "SW1A 1AAA"])
def test_location_refuses_a_postcode_that_is_not_a_uk_postcode(postcode):
    location = Location(name="Centre", address_1="1 Road", postal_code=postcode)
    assert _errors(location.full_clean)["postal_code"] == ["Enter a real UK postcode, like NW1 2DB"]


def test_location_normalises_its_postcode_and_places_it_offline():
    location = Location(name="Centre", address_1="1 Road", postal_code="nw51tl")
    location.full_clean()
    assert location.postal_code == "NW5 1TL"
    assert location.latitude is not None and Decimal("51.5") < location.latitude < Decimal("51.6")


def test_negative_cost_is_refused_with_a_field_message(directory):
    cost = CostOption(service=ServicePageFactory(parent=directory), option="Session", amount=Decimal("-1.00"))
    cost.amount_description = "per session"
    assert _errors(cost.full_clean) == {"amount": ["Amount must be £0 or more, like 12.50"]}


def test_schedule_closing_before_opening_is_refused():
    schedule = Schedule(byday="MO", opens_at=datetime.time(17), closes_at=datetime.time(9))
    assert _errors(schedule.clean) == {"closes_at": ["Closing time must be after opening time"]}


@pytest.fixture
def service(directory):
    return ServicePageFactory(parent=directory, title="Inclusive swimming", categories=[category("leisure")])


def _post_edit(client, service, **overrides):
    url = reverse("wagtailadmin_pages:edit", args=[service.pk])
    return client.post(url, service_form_data(service, **overrides))


def test_admin_saves_a_valid_service(client, superuser, service):
    client.force_login(superuser)
    response = _post_edit(client, service, summary="Quiet swimming sessions")
    assert response.status_code == 302
    assert ServicePage.objects.get(pk=service.pk).get_latest_revision_as_object().summary == "Quiet swimming sessions"


def test_admin_shows_field_level_messages_for_bad_ages_costs_and_times(client, superuser, service):
    client.force_login(superuser)
    response = _post_edit(
        client,
        service,
        minimum_age=14,
        maximum_age=3,
        is_free="",
        cost_options=inline_formset([{"option": "Swim", "amount": "-2.50", "amount_description": "per swim"}]),
        schedules=inline_formset([{"byday": "SA", "opens_at": "12:00", "closes_at": "10:00", "description": ""}]),
    )
    assert response.status_code == 200
    form = response.context["form"]
    assert form.errors["maximum_age"] == ["Maximum age must be the same as or more than the minimum age"]
    assert form.formsets["cost_options"].forms[0].errors["amount"] == ["Amount must be £0 or more, like 12.50"]
    assert form.formsets["schedules"].forms[0].errors["closes_at"] == ["Closing time must be after opening time"]
    assert ServicePage.objects.get(pk=service.pk).get_latest_revision_as_object().minimum_age == service.minimum_age


def test_admin_location_snippet_refuses_a_non_uk_postcode(client, superuser):
    client.force_login(superuser)
    location = LocationFactory()
    url = reverse("wagtailsnippets_localoffer_location:edit", args=[location.pk])
    data = {
        "name": location.name,
        "location_type": "physical",
        "description": "",
        "address_1": location.address_1,
        "address_2": "",
        "city": "London",
        "state_province": "Greater London",
        "postal_code": "90210",
        "latitude": "",
        "longitude": "",
        "accessibility_description": "",
    }
    response = client.post(url, data)
    assert response.status_code == 200
    assert response.context["form"].errors["postal_code"] == ["Enter a real UK postcode, like NW1 2DB"]
    location.refresh_from_db()
    assert location.postal_code == "NW5 1TL"
