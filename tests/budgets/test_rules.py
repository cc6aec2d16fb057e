"""Council spending rules flag entries (saved, never lost) with a plain-English reason."""

import datetime
from decimal import Decimal

from django.urls import reverse

from budgets import services
from budgets.models import EntryFlag, LedgerEntry, SpendingRule


def rules(council):
    household = SpendingRule.objects.create(
        council=council,
        name="Household member as personal assistant",
        kind=SpendingRule.Kind.HOUSEHOLD_MEMBER_AS_PA,
        reason="A direct payment cannot usually pay someone who lives with you to be a personal assistant, "
        "unless the council has agreed it.",
    )
    school = SpendingRule.objects.create(
        council=council,
        name="School place from the education element",
        kind=SpendingRule.Kind.CATEGORY_FROM_ELEMENT,
        element="education",
        category="school_place",
        reason="A school or college place is paid by the council directly, not from an education direct payment.",
    )
    return household, school


def spend(budget, actor, **fields):
    defaults = {
        "spent_on": datetime.date(2025, 6, 1),
        "amount": Decimal("100.00"),
        "payee": "Someone",
        "element": "social_care",
        "category": "activities",
    }
    return services.record_entry(budget=budget, actor=actor, **(defaults | fields))


def test_paying_a_household_member_as_a_pa_is_flagged(budget, parent):
    household, _ = rules(budget.council)
    budget.household_members = "Pat Jones\nChris Jones"
    budget.save()
    entry = spend(budget, parent, payee="  chris jones ", category="personal_assistant")
    flag = entry.flags.get()
    assert flag.rule == household and "lives with you" in flag.reason
    assert LedgerEntry.objects.filter(pk=entry.pk).exists()  # saved, not refused
    assert not spend(budget, parent, payee="Agency Ltd", category="personal_assistant").flags.exists()


def test_school_place_from_education_is_flagged_only_in_that_element(budget, parent):
    _, school = rules(budget.council)
    assert spend(budget, parent, element="education", category="school_place").flags.get().rule == school
    assert not spend(budget, parent, element="social_care", category="school_place").flags.exists()


def test_rules_belong_to_a_council(budget, other_budget, parent):
    from budgets.models import Council

    other_budget.council = Council.objects.create(name="Elsewhere")
    other_budget.save()
    rules(other_budget.council)
    assert not spend(budget, parent, element="education", category="school_place").flags.exists()


def test_editing_an_entry_so_it_no_longer_breaks_a_rule_clears_the_flag(budget, parent):
    rules(budget.council)
    entry = spend(budget, parent, element="education", category="school_place")
    services.update_entry(entry=entry, actor=parent, expected_version=1, category="tuition")
    assert not EntryFlag.objects.filter(entry=entry).exists()


def test_family_sees_the_flag_and_reason(client, budget, parent):
    rules(budget.council)
    entry = spend(budget, parent, element="education", category="school_place", payee="St Mary's")
    client.force_login(parent)
    page = client.get(reverse("budgets:entry_detail", kwargs={"budget": budget.uuid, "entry": entry.pk}))
    assert "paid by the council directly" in page.content.decode()
    listing = client.get(reverse("budgets:entry_list", kwargs={"budget": budget.uuid}) + "?flagged=on")
    assert "St Mary" in listing.content.decode() and listing.context["page"].paginator.count == 1
