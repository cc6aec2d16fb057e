"""Two figures read what other parts of the product record: providers confirming their entries
(`providers.ReviewConfirmation`) and families asking for a personal budget (`budgets.BudgetRequest`).
These tests make the real records and read the figures back."""

import pytest

from budgets.requests.models import BudgetRequest
from insight.figures import SUPPRESSED, build_pack
from providers.models import ReviewConfirmation
from tests.budgets.factories import UserFactory
from tests.insight.conftest import PERIOD, at

pytestmark = pytest.mark.django_db


def test_confirmed_by_providers_counts_services_confirmed_in_the_12_months_to_the_periods_end(local_offer, home_page):
    provider = UserFactory(username="provider")
    # Twice for one service counts once; one before the 12 months and one after the period count not at all.
    ReviewConfirmation.objects.create(
        service=local_offer["reviewed"], confirmed_by=provider, confirmed_at=at(2025, 5, 1)
    )
    ReviewConfirmation.objects.create(
        service=local_offer["reviewed"], confirmed_by=provider, confirmed_at=at(2026, 2, 1)
    )
    ReviewConfirmation.objects.create(
        service=local_offer["overdue"], confirmed_by=provider, confirmed_at=at(2026, 3, 31)
    )
    ReviewConfirmation.objects.create(
        service=local_offer["nowhere"], confirmed_by=provider, confirmed_at=at(2025, 3, 31)
    )
    ReviewConfirmation.objects.create(
        service=local_offer["nowhere"], confirmed_by=provider, confirmed_at=at(2026, 4, 1)
    )
    section = build_pack(PERIOD, site_root=home_page).section("local_offer")
    values = {item.key: item.value for item in section.figures}
    assert values["confirmed"] == 2
    assert str(values["confirmed_share"]) == "66.7"


def _request(council, status, *, submitted, decided=None):
    return BudgetRequest.objects.create(
        council=council,
        requested_by=UserFactory(),
        status=status,
        submitted_at=submitted,
        decided_at=decided,
    )


def test_budget_requests_received_agreed_and_declined_in_the_period(councils):
    camden, barnet = councils["camden"], councils["barnet"]
    for month in range(4, 10):  # six sent in the period, two of them agreed and four set up
        status = "agreed" if month < 6 else "set_up"
        _request(camden, status, submitted=at(2025, month, 2), decided=at(2025, month, 20))
    _request(camden, "declined", submitted=at(2025, 10, 1), decided=at(2025, 10, 9))
    _request(camden, "considering", submitted=at(2026, 3, 30))
    _request(camden, "received", submitted=at(2025, 3, 30))  # sent before the period
    _request(camden, "agreed", submitted=at(2026, 3, 1), decided=at(2026, 4, 2))  # decided after it
    _request(camden, "", submitted=None)  # still being written: never counted
    _request(barnet, "received", submitted=at(2025, 6, 1))  # another council's
    section = build_pack(PERIOD, council=camden).section("budgets")
    values = {item.key: item.value for item in section.figures}
    assert values["requests_received"] == 9
    assert values["requests_agreed"] == 6
    assert values["requests_declined"] == SUPPRESSED
