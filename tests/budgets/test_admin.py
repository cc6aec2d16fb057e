"""Council officers create and review budgets in the Wagtail admin, limited to their own council."""

from django.contrib.auth.models import Permission

from budgets.models import Council
from tests.budgets.factories import make_budget


def officer_with_admin(officer):
    codenames = ["access_admin", "add_budget", "change_budget", "view_budget", "view_spendingrule"]
    officer.groups.get(name="Budget officers").permissions.add(*Permission.objects.filter(codename__in=codenames))
    return officer


def test_officer_lists_only_their_councils_budgets(client, officer, budget):
    make_budget(council=Council.objects.create(name="Islington Council"), holder_name="Elsewhere Child")
    client.force_login(officer_with_admin(officer))
    response = client.get("/admin/snippets/budgets/budget/")
    content = response.content.decode()
    assert response.status_code == 200
    assert "Sam" in content and "Elsewhere Child" not in content


def test_officer_can_open_the_create_budget_form(client, officer):
    client.force_login(officer_with_admin(officer))
    response = client.get("/admin/snippets/budgets/budget/add/")
    content = response.content.decode()
    assert response.status_code == 200
    assert "Elements and allocated amounts" in content and "Agreed provision" in content
    assert "Islington" not in content


def test_officer_creates_a_budget_with_elements_and_provision(client, officer, budget):
    client.force_login(officer_with_admin(officer))
    data = {
        "council": budget.council.pk,
        "holder_name": "New Child",
        "holder_date_of_birth": "2015-02-03",
        "reference": "EHCP-1",
        "starts_on": "2025-04-01",
        "ends_on": "2026-03-31",
        "holding_arrangement": "direct_payment",
        "payment_frequency": "four_weekly",
        "paid_in_advance": "on",
        "monitoring_tier": "standard",
        "household_members": "",
        "elements-TOTAL_FORMS": "1",
        "elements-INITIAL_FORMS": "0",
        "elements-MIN_NUM_FORMS": "1",
        "elements-MAX_NUM_FORMS": "1000",
        "elements-0-element": "social_care",
        "elements-0-allocated_amount": "4000.00",
        "provision_items-TOTAL_FORMS": "1",
        "provision_items-INITIAL_FORMS": "0",
        "provision_items-MIN_NUM_FORMS": "0",
        "provision_items-MAX_NUM_FORMS": "1000",
        "provision_items-0-name": "Personal assistant",
        "provision_items-0-element": "social_care",
        "provision_items-0-outcome": "Go swimming",
        "provision_items-0-annual_amount": "4000.00",
        "provision_items-0-directory_service_uuid": "",
    }
    response = client.post("/admin/snippets/budgets/budget/add/", data)
    assert response.status_code == 302, response.content.decode()[:3000]
    from budgets.models import Budget

    created = Budget.objects.get(holder_name="New Child")
    assert created.allocated == 4000 and created.provision_items.get().outcome == "Go swimming"
