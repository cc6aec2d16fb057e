"""Two figures read models other parts of the product add: provider review confirmations and personal
budget requests. Until those are installed the figures say "Not recorded yet"; once they are, the
queries keep to the agreed fields. Stand-ins record the queries, so a renamed field fails here."""

import datetime

import pytest

from insight import figures
from insight.figures import SUPPRESSED, build_pack
from tests.insight.conftest import PERIOD


class Recorder:
    """Enough of a manager and queryset to record what a figure asks for and answer with `counts`."""

    def __init__(self, counts, calls):
        self.counts, self.calls, self.filters = counts, calls, {}

    @property
    def objects(self):
        return self

    def filter(self, **kwargs):
        child = Recorder(self.counts, self.calls)
        child.filters = {**self.filters, **kwargs}
        self.calls.append(child.filters)
        return child

    def values(self, *fields):
        return self

    def distinct(self):
        return self

    def count(self):
        for needle, count in self.counts:
            if needle.items() <= self.filters.items():
                return count
        return 0


@pytest.fixture
def installed(monkeypatch):
    """Make `apps` answer for the two models with stand-ins."""
    models = {}

    def get_model(app_label, model_name):
        if (app_label, model_name) in models:
            return models[app_label, model_name]
        raise LookupError(model_name)

    monkeypatch.setattr(figures.apps, "get_model", get_model)
    monkeypatch.setattr(figures.apps, "is_installed", lambda name: name == "providers")
    return models


def test_confirmed_by_providers_reads_review_confirmations_in_the_last_12_months(local_offer, home_page, installed):
    calls = []
    installed["providers", "ReviewConfirmation"] = Recorder([({}, 2)], calls)
    section = build_pack(PERIOD, site_root=home_page).section("local_offer")
    values = {item.key: item.value for item in section.figures}
    assert values["confirmed"] == 2
    assert str(values["confirmed_share"]) == "66.7"
    (query,) = calls
    assert sorted(query["service_id__in"]) == sorted(s.pk for s in local_offer.values())
    assert query["confirmed_at__gte"].date() == datetime.date(2025, 4, 1)
    assert query["confirmed_at__lt"] == PERIOD.ends_at


def test_budget_requests_received_agreed_and_declined_in_the_period(councils, installed):
    calls = []
    installed["budgets", "BudgetRequest"] = Recorder(
        [
            ({"submitted_at__gte": PERIOD.starts_at}, 12),
            ({"status__in": ("agreed", "set_up")}, 7),
            ({"status__in": ("declined",)}, 3),
        ],
        calls,
    )
    section = build_pack(PERIOD, council=councils["camden"]).section("budgets")
    values = {item.key: item.value for item in section.figures}
    assert values["requests_received"] == 12
    assert values["requests_agreed"] == 7
    assert values["requests_declined"] == SUPPRESSED
    assert all(call["council"] == councils["camden"] for call in calls)
    assert {"decided_at__gte": PERIOD.starts_at, "decided_at__lt": PERIOD.ends_at}.items() <= calls[-1].items()
