"""Every sign-in goes through allauth: the other login and password-reset forms only redirect there.

Wagtail's admin login, its front-end login (`/_util/login/`) and Django's admin login each signed a
person in with a password alone (no second factor, no lockout, no verified email), and Wagtail's
password reset sent unlimited emails. Each door is tried as an attacker would: with the right password.
"""

import pytest
from django.contrib.auth import get_user_model
from django.core import mail
from django.urls import reverse

from tests.accounts.factories import PASSWORD, staff_user, with_authenticator

CLOSED_DOORS = ["/admin/login/", "/_util/login/", "/django-admin/login/"]
NEW_PASSWORD = "a-long-family-password-2025"


def signed_in(client) -> bool:
    return "_auth_user_id" in client.session


def credentials(door: str, user) -> dict:
    # Each form's own field names, so that on today's code the post really is a sign-in.
    return {"username": user.username, "password": PASSWORD, "next": "/admin/"}


@pytest.fixture
def officer_with_app(db):
    officer = staff_user("superuser", "officer-with-app")
    with_authenticator(officer)
    return officer


@pytest.mark.parametrize("door", CLOSED_DOORS)
def test_the_right_password_at_another_login_form_signs_no_one_in(client, officer_with_app, door):
    response = client.post(door, credentials(door, officer_with_app))
    assert response.status_code == 302
    assert response["Location"].startswith(reverse("account_login"))
    assert not signed_in(client)
    assert client.get("/admin/budget-returns/").status_code == 302  # still nobody
    assert not signed_in(client)


@pytest.mark.parametrize("door", CLOSED_DOORS)
def test_another_login_form_sends_people_to_the_one_sign_in_page_keeping_where_they_were_going(client, db, door):
    response = client.get(door, {"next": "/admin/pages/"})
    assert response.status_code == 302
    assert response["Location"] == reverse("account_login") + "?next=%2Fadmin%2Fpages%2F"


def test_another_site_in_next_is_dropped(client, db):
    response = client.get("/admin/login/", {"next": "https://attacker.example/"})
    assert response["Location"] == reverse("account_login")


def test_the_admin_asks_anonymous_visitors_to_sign_in_with_allauth(client, db):
    response = client.get("/admin/")
    assert response.status_code == 302
    assert response["Location"].startswith(reverse("account_login"))


@pytest.mark.parametrize(
    "path", ["/admin/password_reset/", "/admin/password_reset/done/", "/admin/password_reset/confirm/MQ/abc-123/"]
)
def test_wagtails_password_reset_sends_no_email_and_redirects_to_allauths(client, officer_with_app, path):
    mail.outbox.clear()
    for _ in range(12):
        response = client.post(path, {"email": officer_with_app.email})
        assert response.status_code == 302
        assert response["Location"] == reverse("account_reset_password")
    assert mail.outbox == []


@pytest.mark.parametrize("door", CLOSED_DOORS)
def test_twelve_wrong_passwords_then_the_right_one_signs_no_one_in(client, officer_with_app, door):
    for attempt in range(12):
        client.post(door, {**credentials(door, officer_with_app), "password": f"guess-{attempt}"})
    client.post(door, credentials(door, officer_with_app))
    assert not signed_in(client)


def test_the_lockout_holds_after_twelve_wrong_passwords_at_the_one_sign_in_page(client, db):
    family = staff_user("is_staff", "locked-out")
    for attempt in range(12):
        client.post(reverse("account_login"), {"login": family.email, "password": f"guess-{attempt}"})
    response = client.post(reverse("account_login"), {"login": family.email, "password": PASSWORD})
    assert response.status_code == 200
    assert "Too many failed login attempts" in response.content.decode()
    assert not signed_in(client)
    # The other forms are no way round the lockout.
    for door in CLOSED_DOORS:
        client.post(door, credentials(door, family))
        assert not signed_in(client)


def sign_up(client, email):
    form = {"email": email, "password1": NEW_PASSWORD, "password2": NEW_PASSWORD}
    return client.post(reverse("account_signup"), form)


@pytest.mark.parametrize("door", [*CLOSED_DOORS, "/accounts/login/"])
def test_an_unverified_sign_up_gets_no_session_at_any_door(client, db, door):
    sign_up(client, "unverified@example.com")
    client.logout()
    user = get_user_model().objects.get(email="unverified@example.com")
    client.post(door, {"username": user.username, "login": user.email, "password": NEW_PASSWORD})
    assert not signed_in(client)
    assert client.get("/budgets/").status_code == 302
