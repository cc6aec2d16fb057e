"""Staff pass their second factor in this session before any staff page, budget, statement or receipt answers.

Owning an authenticator app is not enough: a session signed in with a password alone (as Wagtail's
own login form used to give) is sent to enter a code. And "staff" is anyone who can see other
people's data, not only the three named groups: an officer of a council with no group is staff too.
"""

import pytest
from django.contrib.auth.models import Group
from django.urls import reverse

from budgets.models import BudgetMembership
from tests.accounts.factories import (
    PASSWORD,
    STAFF_KINDS,
    UserFactory,
    code_for,
    recovery_codes_for,
    staff_user,
    with_authenticator,
)
from tests.budgets.factories import make_budget, member


@pytest.fixture
def budget(db):
    budget = make_budget(holder_name="Sam")
    member(budget, UserFactory(username="parent"), BudgetMembership.Role.PARENT_CARER)
    return budget


def staff_paths(budget) -> list[str]:
    return [
        "/admin/",
        "/admin/budget-returns/",
        "/django-admin/",
        reverse("budgets:budget_list"),
        reverse("budgets:dashboard", args=[budget.uuid]),
        reverse("budgets:statement_csv", args=[budget.uuid]),
        reverse("budgets:return_list", args=[budget.uuid]),
    ]


def password_only_session(client, user):
    """What Wagtail's login form gave: a session from a password alone, no second factor recorded."""
    assert client.login(username=user.username, password=PASSWORD)


@pytest.mark.parametrize("kind", STAFF_KINDS)
def test_staff_of_every_kind_without_an_app_are_sent_to_set_one_up(client, budget, kind):
    user = staff_user(kind)
    budget.council.officers.add(user)
    password_only_session(client, user)
    for path in staff_paths(budget):
        response = client.get(path)
        assert response.status_code == 302, path
        assert response["Location"] == reverse("mfa_activate_totp"), path


@pytest.mark.parametrize("kind", STAFF_KINDS)
def test_staff_with_an_app_but_only_a_password_this_session_are_asked_for_a_code(client, budget, kind):
    user = staff_user(kind)
    budget.council.officers.add(user)
    with_authenticator(user)
    password_only_session(client, user)
    for path in staff_paths(budget):
        response = client.get(path)
        assert response.status_code == 302, path
        assert response["Location"].startswith(reverse("mfa_reauthenticate")), path


def test_an_officer_in_no_group_cannot_download_a_statement_without_a_code(client, budget):
    officer = UserFactory(username="groupless-officer")
    budget.council.officers.add(officer)
    assert not officer.groups.exists()
    response = client.post(reverse("account_login"), {"login": officer.email, "password": PASSWORD})
    assert response["Location"] == reverse("mfa_activate_totp")
    statement = client.get(reverse("budgets:statement_csv", args=[budget.uuid]))
    assert statement.status_code == 302 and statement["Location"] == reverse("mfa_activate_totp")


def test_an_officer_signing_in_with_password_and_code_reaches_the_statement(client, budget, settings):
    settings.MFA_TOTP_TOLERANCE = 1
    officer = UserFactory(username="officer-in-no-group")
    budget.council.officers.add(officer)
    secret = with_authenticator(officer)
    response = client.post(reverse("account_login"), {"login": officer.email, "password": PASSWORD})
    assert response["Location"] == reverse("mfa_authenticate")
    assert client.get(reverse("budgets:statement_csv", args=[budget.uuid])).status_code == 302
    client.post(reverse("mfa_authenticate"), {"code": code_for(secret)})
    assert int(client.session["_auth_user_id"]) == officer.pk
    statement = client.get(reverse("budgets:statement_csv", args=[budget.uuid]))
    assert statement.status_code == 200 and statement["Content-Type"].startswith("text/csv")


def test_a_password_only_session_passes_once_the_code_is_entered(client, budget, settings):
    settings.MFA_TOTP_TOLERANCE = 1
    editor = staff_user("superuser", "returning-editor")
    secret = with_authenticator(editor)
    password_only_session(client, editor)
    asked = client.get("/admin/budget-returns/")
    page = client.get(asked["Location"])
    assert page.status_code == 200
    response = client.post(asked["Location"], {"code": code_for(secret)})
    assert response.status_code == 302 and response["Location"] == "/admin/budget-returns/"
    assert client.get("/admin/").status_code == 200


def test_a_recovery_code_is_a_second_factor_too(client, budget):
    editor = staff_user("superuser", "lost-phone")
    with_authenticator(editor)
    codes = recovery_codes_for(editor)
    client.post(reverse("account_login"), {"login": editor.email, "password": PASSWORD})
    client.post(reverse("mfa_authenticate"), {"code": codes[0]})
    assert client.get("/admin/").status_code == 200


def test_a_wrong_code_opens_nothing(client, budget):
    editor = staff_user("superuser", "guesser")
    with_authenticator(editor)
    client.post(reverse("account_login"), {"login": editor.email, "password": PASSWORD})
    response = client.post(reverse("mfa_authenticate"), {"code": "000000"})
    assert response.status_code == 200 and "_auth_user_id" not in client.session
    assert client.get("/admin/").status_code == 302


def test_families_are_not_asked_for_a_second_factor(client, budget):
    parent = budget.memberships.get().user
    password_only_session(client, parent)
    assert client.get(reverse("budgets:dashboard", args=[budget.uuid])).status_code == 200


def test_joining_a_council_mid_session_asks_for_the_code_at_the_next_page(client, budget):
    person = UserFactory(username="promoted")
    with_authenticator(person)
    password_only_session(client, person)
    assert client.get(reverse("budgets:budget_list")).status_code == 200  # a family member so far
    person.groups.add(Group.objects.get_or_create(name="Budget officers")[0])
    response = client.get(reverse("budgets:budget_list"))
    assert response.status_code == 302 and response["Location"].startswith(reverse("mfa_reauthenticate"))
