"""Insight is for council staff who passed their second factor, and shows an officer only their own
council's budget figures; the evidence pack downloads carry the same figures."""

import io
import zipfile

import pytest
from django.contrib.auth.models import Permission
from django.urls import reverse

from tests.accounts.factories import PASSWORD
from tests.budgets.factories import UserFactory
from tests.insight.conftest import insight_user

PERIOD_QUERY = {"from": "2025-04", "to": "2026-03"}


@pytest.fixture
def officer(councils):
    return insight_user("camden-officer", council=councils["camden"])


def test_an_officer_sees_the_dashboard_with_only_their_councils_budgets(
    client, officer, councils, local_offer, searches
):
    client.force_login(officer)
    response = client.get(reverse("insight:dashboard"), {**PERIOD_QUERY, "council": councils["barnet"].pk})
    assert response.status_code == 200
    html = response.content.decode()
    assert "Personal budgets: Camden Council" in html
    assert "Barnet" not in html
    assert "April 2025 to March 2026" in html
    assert "0 (gap)" in html  # ADHD has no service in NW5
    assert "fewer than 5" in html
    assert "£4,016.40" in html
    assert "Child 0" not in html and "EHC-1" not in html
    assert reverse("wagtailsnippets_search_glossaryentry:add") in html  # "add a synonym"
    assert reverse("wagtailadmin_pages:search") + "?q=sensory%20swing" in html


def test_the_menu_has_insight_for_those_allowed(client, officer):
    client.force_login(officer)
    assert "/admin/insight/" in client.get("/admin/").content.decode()


def test_staff_without_the_insight_permission_are_refused(client, councils):
    user = insight_user("editor", permission=False)
    client.force_login(user)
    for name in ("insight:dashboard", "insight:pack", "insight:pack_pdf", "insight:pack_xlsx"):
        response = client.get(reverse(name), PERIOD_QUERY)
        # Wagtail turns a refusal into a redirect to the admin's home with a message.
        assert response.status_code == 302 and response["Location"] == "/admin/", name
        assert not response.get("Content-Disposition"), name
    assert "/admin/insight/" not in client.get("/admin/").content.decode()


def test_a_family_member_is_never_let_in(client, db):
    parent = UserFactory(username="a-parent")
    client.force_login(parent)
    for name in ("insight:dashboard", "insight:pack", "insight:pack_pdf", "insight:pack_xlsx"):
        response = client.get(reverse(name), PERIOD_QUERY)
        assert response.status_code in (302, 403), name
        assert not response.get("Content-Disposition"), name


def test_staff_without_a_second_factor_are_sent_to_set_one_up(client, councils):
    user = insight_user("no-app", council=councils["camden"], authenticator=False)
    assert client.login(username=user.username, password=PASSWORD)
    for name in ("insight:dashboard", "insight:pack", "insight:pack_pdf", "insight:pack_xlsx"):
        response = client.get(reverse(name), PERIOD_QUERY)
        assert response.status_code == 302 and response["Location"] == reverse("mfa_activate_totp"), name


def test_staff_with_an_app_but_only_a_password_are_asked_for_a_code(client, councils):
    user = insight_user("password-only", council=councils["camden"])
    assert client.login(username=user.username, password=PASSWORD)
    response = client.get(reverse("insight:pack_pdf"), PERIOD_QUERY)
    assert response.status_code == 302 and response["Location"].startswith(reverse("mfa_reauthenticate"))


def test_a_bad_period_gets_a_clear_message_not_an_error(client, officer):
    client.force_login(officer)
    response = client.get(reverse("insight:dashboard"), {"from": "2025-13", "to": "2026-03"})
    assert response.status_code == 200
    assert "Enter the start month as a year and month, like 2025-04" in response.content.decode()
    response = client.get(reverse("insight:pack_pdf"), {"from": "<script>", "to": "x" * 500})
    assert response.status_code == 200 and response.content.startswith(b"%PDF-")


def test_the_one_button_pack_is_the_same_twice_and_scoped(client, officer, councils, local_offer, searches):
    client.force_login(officer)
    query = {**PERIOD_QUERY, "council": councils["barnet"].pk}
    first = client.get(reverse("insight:pack"), query)
    assert first.status_code == 200
    assert first["Content-Disposition"] == 'attachment; filename="local-offer-evidence-2025-04-to-2026-03.zip"'
    assert first.content == client.get(reverse("insight:pack"), query).content
    archive = zipfile.ZipFile(io.BytesIO(first.content))
    pdf = archive.read("local-offer-evidence-2025-04-to-2026-03.pdf")
    assert pdf == client.get(reverse("insight:pack_pdf"), query).content
    assert b"Barnet" not in pdf


def test_staff_of_no_council_see_the_directory_but_no_budget_figures(client, councils, local_offer):
    user = insight_user("commissioner")
    client.force_login(user)
    html = client.get(reverse("insight:dashboard"), PERIOD_QUERY).content.decode()
    assert "Services by need" in html
    assert "Personal budgets:" not in html
    assert "Personal budget figures are shown to the budget officers of a council." in html


def test_ehc_plan_counts_are_walled_by_council(client, officer, councils):
    client.force_login(officer)
    officer.user_permissions.add(
        *Permission.objects.filter(
            content_type__app_label="insight",
            codename__in=["add_ehcplancount", "view_ehcplancount", "change_ehcplancount"],
        )
    )
    listing = client.get(reverse("wagtailsnippets_insight_ehcplancount:list"))
    assert listing.status_code == 200
    html = listing.content.decode()
    assert "Camden Council" in html and "Barnet Council" not in html
    chooser = client.get(reverse("wagtailsnippetchoosers_insight_ehcplancount:choose")).content.decode()
    assert "Camden Council" in chooser and "Barnet Council" not in chooser
    barnet_count = councils["barnet"].ehc_plan_counts.get()
    assert client.get(reverse("wagtailsnippets_insight_ehcplancount:edit", args=[barnet_count.pk])).status_code == 404
    add = reverse("wagtailsnippets_insight_ehcplancount:add")
    refused = client.post(add, {"council": councils["barnet"].pk, "year": 2025, "plans": 40})
    assert refused.status_code == 200  # the form again, with its error
    assert not councils["barnet"].ehc_plan_counts.filter(year=2025).exists()
    client.post(add, {"council": councils["camden"].pk, "year": 2025, "plans": 90})
    assert councils["camden"].ehc_plan_counts.get(year=2025).plans == 90
