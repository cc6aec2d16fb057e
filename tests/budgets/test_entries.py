"""Recording, changing and deleting spending: audited, soft-deleted, concurrency-safe."""

import datetime
from decimal import Decimal

import pytest
from django.urls import reverse

from budgets import services
from budgets.models import AuditEvent, LedgerEntry
from tests.budgets.factories import UserFactory, date_fields


def entry_data(budget, **overrides):
    item = budget.provision_items.get(element="social_care")
    data = {
        "kind": "spending",
        **date_fields("spent_on", "2025-06-02"),
        "amount": "120.50",
        "payee": "Jo Smith",
        "element": "social_care",
        "provision_item": str(item.pk),
        "category": "personal_assistant",
        "note": "Two sessions",
    }
    return data | overrides


def live_balance(budget):
    return sum((e.amount for e in budget.entries.live()), Decimal("0.00"))


def test_parent_records_spending_which_is_audited(client, budget, parent):
    client.force_login(parent)
    response = client.post(reverse("budgets:entry_create", kwargs={"budget": budget.uuid}), entry_data(budget))
    entry = LedgerEntry.objects.get()
    assert response.status_code == 302
    assert entry.amount == Decimal("-120.50")
    assert entry.created_by == parent and entry.source == "manual"
    event = AuditEvent.objects.get(action="entry.created")
    assert event.actor == parent and event.after["amount"] == "-120.50"


@pytest.mark.parametrize(
    ("field", "value", "message"),
    [
        ("amount", "-5", "The amount must be more than £0"),
        ("amount", "0", "The amount must be more than £0"),
        ("amount", "1000000", "The amount must be £100,000.00 or less"),
        ("amount", "12.345", "more than 2 numbers after the decimal point"),
        ("amount", "twelve", "Enter the amount in pounds and pence"),
    ],
)
def test_bad_input_is_refused_with_a_field_message_and_kept(client, budget, parent, field, value, message):
    client.force_login(parent)
    response = client.post(
        reverse("budgets:entry_create", kwargs={"budget": budget.uuid}), entry_data(budget, **{field: value})
    )
    assert response.status_code == 200
    content = response.content.decode()
    assert message in content
    assert "govuk-error-summary" in content
    assert 'value="Jo Smith"' in content  # what was typed is kept
    assert not LedgerEntry.objects.exists()


def test_edit_keeps_before_and_after(budget, parent):
    entry = services.record_entry(
        budget=budget,
        actor=parent,
        spent_on=datetime.date(2025, 5, 1),
        amount=Decimal("40"),
        payee="Gym",
        element="social_care",
        category="activities",
    )
    services.update_entry(entry=entry, actor=parent, expected_version=1, amount=Decimal("45.00"), payee="Gym Ltd")
    event = AuditEvent.objects.get(action="entry.updated")
    assert event.before["amount"] == "-40.00" and event.after["amount"] == "-45.00"
    assert event.before["payee"] == "Gym" and event.after["payee"] == "Gym Ltd"
    assert live_balance(budget) == Decimal("-45.00")


def test_deleted_entries_are_kept_marked_and_leave_the_balance(client, budget, parent):
    entry = services.record_entry(
        budget=budget,
        actor=parent,
        spent_on=datetime.date(2025, 5, 1),
        amount=Decimal("40"),
        payee="Gym",
        element="social_care",
        category="activities",
    )
    client.force_login(parent)
    url = reverse("budgets:entry_delete", kwargs={"budget": budget.uuid, "entry": entry.pk})
    assert client.post(url, {"version": 1}).status_code == 302
    entry.refresh_from_db()
    assert entry.is_deleted and entry.deleted_by == parent
    assert live_balance(budget) == Decimal("0.00")
    assert AuditEvent.objects.filter(action="entry.deleted", before__is_deleted=False).exists()
    listing = client.get(reverse("budgets:entry_list", kwargs={"budget": budget.uuid})).content.decode()
    assert "<s>Gym</s>" in listing and "Deleted" in listing


def test_second_of_two_concurrent_edits_is_refused(client, budget, parent):
    entry = services.record_entry(
        budget=budget,
        actor=parent,
        spent_on=datetime.date(2025, 5, 1),
        amount=Decimal("40"),
        payee="Gym",
        element="social_care",
        category="activities",
    )
    other_parent = UserFactory(username="other-parent")
    budget.memberships.create(user=other_parent, role="parent_carer")
    url = reverse("budgets:entry_edit", kwargs={"budget": budget.uuid, "entry": entry.pk})
    client.force_login(parent)
    form_version = 1  # both people opened the form at version 1
    assert client.post(url, entry_data(budget, payee="First", version=form_version)).status_code == 302
    client.force_login(other_parent)
    response = client.post(url, entry_data(budget, payee="Second", version=form_version))
    assert response.status_code == 200
    assert "Someone else changed this entry while you were editing it" in response.content.decode()
    entry.refresh_from_db()
    assert entry.payee == "First" and entry.version == 2


def test_locked_period_refuses_changes(budget, parent):
    entry = services.record_entry(
        budget=budget,
        actor=parent,
        spent_on=datetime.date(2025, 5, 1),
        amount=Decimal("40"),
        payee="Gym",
        element="social_care",
        category="activities",
    )
    budget.locked_until = datetime.date(2025, 6, 30)
    budget.save()
    with pytest.raises(services.PeriodClosed, match="monitoring return"):
        services.delete_entry(entry=entry, actor=parent, expected_version=1)
    assert not LedgerEntry.objects.get(pk=entry.pk).is_deleted
