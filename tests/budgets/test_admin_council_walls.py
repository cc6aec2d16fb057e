"""Council walls in the admin's forms, and every staff change to budget data audited through the
service layer: an officer cannot move a budget to, or create a rule for, a council they do not
cover, whatever they post; a change they may make is written with the record before and after."""

import datetime
from decimal import Decimal

import pytest
from django.urls import reverse

from budgets import services
from budgets.models import AuditEvent, Budget, Council, LedgerEntry, SpendingRule
from budgets.returns import services as returns
from tests.budgets.factories import UserFactory, make_budget, member
from tests.budgets.staff import officer_group, sign_in_staff, staff_user


@pytest.fixture
def councils(db):
    return Council.objects.create(name="Kestrel Borough Council"), Council.objects.create(name="Osprey City Council")


@pytest.fixture
def budgets(councils):
    kestrel, osprey = councils
    mine = make_budget(council=kestrel, holder_name="Kestrel Child", reference="EHC-K")
    theirs = make_budget(council=osprey, holder_name="Osprey Child", reference="EHC-O")
    member(mine, UserFactory(username="KestrelParent"))
    member(theirs, UserFactory(username="OspreyParent"))
    return mine, theirs


@pytest.fixture
def officer(councils, client):
    user = staff_user("officer-k", group=officer_group(), councils=[councils[0]])
    sign_in_staff(client, user)
    return user


def budget_form_data(budget, **changes):
    """The budget's admin form as the browser posts it, inline elements and provision included."""
    data = {
        "council": budget.council_id,
        "holder_name": budget.holder_name,
        "holder_date_of_birth": budget.holder_date_of_birth.isoformat(),
        "holder": budget.holder_id or "",
        "reference": budget.reference,
        "starts_on": budget.starts_on.isoformat(),
        "ends_on": budget.ends_on.isoformat(),
        "holding_arrangement": budget.holding_arrangement,
        "payment_frequency": budget.payment_frequency,
        "paid_in_advance": "on",
        "monitoring_tier": budget.monitoring_tier,
        "household_members": budget.household_members,
    }
    for prefix, rows, fields in (
        ("elements", budget.elements.all(), ["element", "allocated_amount"]),
        ("provision_items", budget.provision_items.all(), ["name", "element", "outcome", "annual_amount"]),
    ):
        rows = list(rows)
        data.update(
            {
                f"{prefix}-TOTAL_FORMS": str(len(rows)),
                f"{prefix}-INITIAL_FORMS": str(len(rows)),
                f"{prefix}-MIN_NUM_FORMS": "0",
                f"{prefix}-MAX_NUM_FORMS": "1000",
            }
        )
        for index, row in enumerate(rows):
            data[f"{prefix}-{index}-id"] = row.pk
            for field in fields:
                data[f"{prefix}-{index}-{field}"] = str(getattr(row, field))
            if prefix == "provision_items":
                data[f"{prefix}-{index}-directory_service_uuid"] = ""
    data.update(changes)
    return data


def edit_url(budget):
    return reverse("wagtailsnippets_budgets_budget:edit", args=[budget.pk])


def test_reposting_another_councils_budget_with_my_council_is_a_404_and_moves_nothing(client, officer, budgets):
    mine, theirs = budgets
    response = client.post(edit_url(theirs), budget_form_data(theirs, council=mine.council_id, holder_name="Taken"))
    assert response.status_code == 404
    theirs.refresh_from_db()
    assert (theirs.council.name, theirs.holder_name) == ("Osprey City Council", "Osprey Child")
    assert not AuditEvent.objects.filter(budget=theirs).exists()


def test_an_officer_cannot_move_their_budget_to_a_council_they_do_not_cover(client, officer, budgets):
    mine, theirs = budgets
    response = client.post(edit_url(mine), budget_form_data(mine, council=theirs.council_id))
    assert response.status_code == 200  # the form again, with its error
    assert "Select a valid choice" in response.content.decode()
    mine.refresh_from_db()
    assert mine.council.name == "Kestrel Borough Council"
    assert not AuditEvent.objects.filter(action__startswith="budget.").exists()


def test_a_legitimate_edit_is_audited_with_before_and_after(client, officer, budgets):
    mine, _ = budgets
    data = budget_form_data(
        mine, monitoring_tier="light_touch", reference="EHC-K2", **{"elements-0-allocated_amount": "2700.00"}
    )
    response = client.post(edit_url(mine), data)
    assert response.status_code == 302, response.content.decode()[:2000]
    event = AuditEvent.objects.get(action="budget.updated")
    assert (event.actor, event.budget, event.target_id) == (officer, mine, str(mine.pk))
    assert (event.before["monitoring_tier"], event.after["monitoring_tier"]) == ("standard", "light_touch")
    assert (event.before["reference"], event.after["reference"]) == ("EHC-K", "EHC-K2")
    assert event.before["elements"][0] == {"element": "education", "allocated_amount": "2600.00"}
    assert event.after["elements"][0] == {"element": "education", "allocated_amount": "2700.00"}


def test_creating_a_budget_is_audited_and_only_in_my_council(client, officer, budgets):
    mine, theirs = budgets
    url = reverse("wagtailsnippets_budgets_budget:add")
    data = budget_form_data(mine, holder_name="New Child", holder="")
    data = {k: v for k, v in data.items() if not k.endswith("-id")}
    data.update({"elements-INITIAL_FORMS": "0", "provision_items-INITIAL_FORMS": "0"})
    assert client.post(url, {**data, "council": theirs.council_id}).status_code == 200
    assert not Budget.objects.filter(holder_name="New Child").exists()
    assert client.post(url, data).status_code == 302
    created = Budget.objects.get(holder_name="New Child")
    event = AuditEvent.objects.get(action="budget.created")
    assert (event.budget, event.before, event.after["holder_name"]) == (created, None, "New Child")


def test_the_holder_select_lists_only_the_budgets_own_people(client, officer, budgets):
    mine, _ = budgets
    UserFactory(username="ZedOutsider")
    page = client.get(edit_url(mine)).content.decode()
    assert "KestrelParent" in page
    assert "OspreyParent" not in page and "ZedOutsider" not in page


def test_a_spending_rule_cannot_be_created_for_another_council(client, officer, councils):
    kestrel, osprey = councils
    url = reverse("wagtailsnippets_budgets_spendingrule:add")
    data = {"name": "Taxis", "kind": "single_payment_over", "amount": "50.00", "reason": "Ask first", "is_active": "on"}
    response = client.post(url, {**data, "council": osprey.pk})
    assert response.status_code == 200 and "Select a valid choice" in response.content.decode()
    assert not SpendingRule.objects.exists()
    assert client.post(url, {**data, "council": kestrel.pk}).status_code == 302
    rule = SpendingRule.objects.get()
    event = AuditEvent.objects.get(action="spending_rule.created")
    assert (rule.council, event.actor, event.after["amount"]) == (kestrel, officer, "50.00")


def test_the_schedule_pages_tier_change_is_audited(client, officer, budgets):
    mine, _ = budgets
    url = reverse("budget_returns:schedule", kwargs={"budget_pk": mine.pk})
    response = client.post(url, {"frequency": "quarterly", "monitoring_tier": "light_touch", "days_to_submit": "28"})
    assert response.status_code == 302
    event = AuditEvent.objects.get(action="budget.tier_changed")
    assert (event.actor, event.before, event.after) == (
        officer,
        {"monitoring_tier": "standard"},
        {"monitoring_tier": "light_touch"},
    )


def test_deleting_a_budget_is_audited_and_a_budget_with_a_ledger_is_kept(client, officer, budgets):
    mine, _ = budgets
    kept = make_budget(council=mine.council, holder_name="Kestrel Kept")
    services.record_entry(
        budget=kept,
        actor=None,
        kind=LedgerEntry.Kind.PAYMENT_IN,
        amount=Decimal("10.00"),
        spent_on=datetime.date(2025, 4, 1),
        payee="Council",
        element="social_care",
    )
    response = client.post(reverse("wagtailsnippets_budgets_budget:delete", args=[kept.pk]), follow=True)
    assert "kept as the council&#x27;s record" in response.content.decode()
    assert Budget.objects.filter(pk=kept.pk).exists()
    response = client.post(reverse("wagtailsnippets_budgets_budget:delete", args=[mine.pk]))
    assert response.status_code == 302
    assert not Budget.objects.filter(pk=mine.pk).exists()
    event = AuditEvent.objects.get(action="budget.deleted")
    assert (event.actor, event.target_id, event.before["holder_name"]) == (officer, str(mine.pk), "Kestrel Child")


def test_bulk_delete_deletes_only_inside_the_wall_and_audits_each(client, officer, councils):
    kestrel, osprey = councils
    mine = SpendingRule.objects.create(council=kestrel, name="Kestrel rule", kind="single_payment_over", reason="x")
    theirs = SpendingRule.objects.create(council=osprey, name="Osprey rule", kind="single_payment_over", reason="x")
    url = reverse("wagtail_bulk_action", args=["budgets", "spendingrule", "delete"]) + f"?id={mine.pk}&id={theirs.pk}"
    page = client.get(url).content.decode()
    assert "Kestrel rule" in page and "Osprey rule" not in page
    assert client.post(url).status_code == 302
    assert list(SpendingRule.objects.values_list("name", flat=True)) == ["Osprey rule"]
    assert AuditEvent.objects.get(action="spending_rule.deleted").before["name"] == "Kestrel rule"


def test_the_service_layer_refuses_changes_outside_the_officers_councils(officer, budgets):
    _, theirs = budgets
    theirs.holder_name = "Changed"
    with pytest.raises(services.OutsideCouncil):
        services.save_council_record(instance=theirs, actor=officer)
    with pytest.raises(services.OutsideCouncil):
        services.delete_council_record(instance=theirs, actor=officer)
    with pytest.raises(returns.ReturnError):
        returns.set_monitoring_tier(budget=theirs, actor=officer, tier="light_touch")
    with pytest.raises(services.OutsideCouncil):  # only a superuser adds a council
        services.save_council_record(instance=Council(name="New"), actor=officer)
    theirs.refresh_from_db()
    assert (theirs.holder_name, theirs.monitoring_tier, Council.objects.count()) == ("Osprey Child", "standard", 2)


def test_a_group_alone_covers_no_council(db):
    from budgets.permissions import councils_for

    Council.objects.create(name="Kestrel Borough Council")
    in_group_only = staff_user("grouped", group=officer_group())
    superuser = UserFactory(username="root", is_superuser=True)
    assert list(councils_for(in_group_only)) == []
    assert councils_for(superuser).count() == 1
