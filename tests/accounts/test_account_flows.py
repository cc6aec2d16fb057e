"""Every account flow through allauth, on the GOV.UK templates."""

import re
import time

import pytest
from allauth.account.models import EmailAddress
from allauth.mfa.models import Authenticator
from allauth.mfa.totp.internal.auth import TOTP, format_hotp_value, generate_totp_secret, hotp_value
from django.contrib.auth import get_user_model
from django.contrib.auth.models import Group
from django.core import mail
from django.urls import reverse

from tests.budgets.factories import PASSWORD, UserFactory

NEW_PASSWORD = "a-long-family-password-2025"


def current_code(secret):
    return format_hotp_value(hotp_value(secret, int(time.time()) // 30))


def sign_in(client, email, password=PASSWORD):
    return client.post(reverse("account_login"), {"login": email, "password": password})


def next_code(secret):
    return format_hotp_value(hotp_value(secret, int(time.time()) // 30 + 1))


def link_in(message):
    return re.search(r"http://testserver(/\S+)", message.body).group(1)


def test_sign_up_verify_email_then_sign_in(client, db):
    response = client.post(
        reverse("account_signup"),
        {"email": "new.parent@example.com", "password1": NEW_PASSWORD, "password2": NEW_PASSWORD},
    )
    assert response.status_code == 302
    assert response["Location"] == reverse("account_email_verification_sent")
    user = get_user_model().objects.get(email="new.parent@example.com")
    assert not EmailAddress.objects.get(user=user).verified
    # Not verified yet: signing in sends another verification email instead of letting them in.
    client.logout()
    client.post(reverse("account_login"), {"login": "new.parent@example.com", "password": NEW_PASSWORD})
    assert "_auth_user_id" not in client.session
    assert len(mail.outbox) >= 1
    confirm_url = link_in(mail.outbox[0])
    client.post(confirm_url)
    assert EmailAddress.objects.get(user=user).verified
    client.logout()
    response = client.post(reverse("account_login"), {"login": "new.parent@example.com", "password": NEW_PASSWORD})
    assert response.status_code == 302 and response["Location"] == "/budgets/"
    assert int(client.session["_auth_user_id"]) == user.pk


def test_sign_in_page_uses_govuk_error_summary(client, db):
    UserFactory(username="someone")
    response = client.post(reverse("account_login"), {"login": "someone@example.com", "password": "wrong-password"})
    content = response.content.decode()
    assert response.status_code == 200
    assert "govuk-error-summary" in content and "govuk-form-group" in content
    assert 'value="someone@example.com"' in content
    assert "wrong-password" not in content  # passwords are never echoed back


def test_sign_up_does_not_reveal_an_existing_account(client, db):
    UserFactory(username="taken")
    mail.outbox.clear()
    existing = client.post(
        reverse("account_signup"), {"email": "taken@example.com", "password1": NEW_PASSWORD, "password2": NEW_PASSWORD}
    )
    client.logout()
    fresh = client.post(
        reverse("account_signup"), {"email": "fresh@example.com", "password1": NEW_PASSWORD, "password2": NEW_PASSWORD}
    )
    assert existing.status_code == fresh.status_code == 302
    assert existing["Location"] == fresh["Location"]
    assert get_user_model().objects.filter(email="taken@example.com").count() == 1
    # The real owner is told by email, not the person at the form.
    assert any("taken@example.com" in m.to for m in mail.outbox)


def test_password_reset_does_not_reveal_whether_an_account_exists(client, db):
    UserFactory(username="known")
    known = client.post(reverse("account_reset_password"), {"email": "known@example.com"})
    unknown = client.post(reverse("account_reset_password"), {"email": "nobody@example.com"})
    assert known.status_code == unknown.status_code == 302
    assert known["Location"] == unknown["Location"]


def test_password_reset_by_email_link(client, db):
    user = UserFactory(username="forgetful")
    client.post(reverse("account_reset_password"), {"email": "forgetful@example.com"})
    reset_url = link_in(mail.outbox[-1])
    response = client.get(reset_url, follow=True)
    form_url = response.redirect_chain[-1][0] if response.redirect_chain else reset_url
    client.post(form_url, {"password1": NEW_PASSWORD, "password2": NEW_PASSWORD})
    user.refresh_from_db()
    assert user.check_password(NEW_PASSWORD)


def test_change_email_needs_verifying_the_new_address(client, db):
    user = UserFactory(username="mover")
    client.force_login(user)
    client.post(reverse("account_email"), {"action_add": "", "email": "moved@example.com"})
    address = EmailAddress.objects.get(email="moved@example.com")
    assert address.user == user and not address.verified
    assert any("moved@example.com" in m.to for m in mail.outbox)


def test_sign_out(client, db):
    client.force_login(UserFactory(username="leaver"))
    client.post(reverse("account_logout"))
    assert "_auth_user_id" not in client.session


def test_failed_sign_ins_are_rate_limited(client, db):
    UserFactory(username="target")
    statuses = [
        client.post(reverse("account_login"), {"login": "target@example.com", "password": f"guess-{n}"}).status_code
        for n in range(7)
    ]
    response = client.post(reverse("account_login"), {"login": "target@example.com", "password": PASSWORD})
    assert statuses[0] == 200
    assert response.status_code == 429 or "_auth_user_id" not in client.session
    assert "_auth_user_id" not in client.session


@pytest.mark.parametrize("path", ["/admin/", "/budgets/"])
def test_staff_without_two_factor_are_sent_to_set_it_up(client, db, path):
    editor = UserFactory(username="editor")
    editor.groups.add(Group.objects.get_or_create(name="Editors")[0])
    client.force_login(editor)
    response = client.get(path)
    assert response.status_code == 302 and response["Location"] == reverse("mfa_activate_totp")


def test_staff_sign_in_lands_on_two_factor_set_up(client, db):
    staff = UserFactory(username="staffer")
    staff.is_staff = True
    staff.save()
    response = client.post(reverse("account_login"), {"login": "staffer@example.com", "password": PASSWORD})
    assert response["Location"] == reverse("mfa_activate_totp")


def test_families_are_offered_two_factor_but_not_made_to(client, db):
    client.force_login(UserFactory(username="family"))
    assert client.get("/budgets/").status_code == 200


# Transactional: allauth announces a new authenticator once its transaction commits, inside the request.
@pytest.mark.django_db(transaction=True)
def test_set_up_authenticator_app_then_sign_in_with_a_code(client, settings):
    settings.MFA_TOTP_TOLERANCE = 1  # accept the neighbouring 30-second code, as phones drift
    staff = UserFactory(username="officer2")
    staff.groups.add(Group.objects.get_or_create(name="Budget officers")[0])
    assert sign_in(client, "officer2@example.com")["Location"] == reverse("mfa_activate_totp")
    # Setting up two-factor asks for the password again first.
    page = client.get(reverse("mfa_activate_totp"))
    assert page["Location"].startswith(reverse("account_reauthenticate"))
    confirm = client.get(page["Location"]).content.decode()
    assert "govuk-heading-xl" in confirm
    client.post(page["Location"], {"password": PASSWORD})
    page = client.get(reverse("mfa_activate_totp"))
    assert "govuk-button" in page.content.decode()
    secret = page.context["form"].secret
    response = client.post(reverse("mfa_activate_totp"), {"code": current_code(secret)})
    assert response.status_code == 302
    assert Authenticator.objects.filter(user=staff, type=Authenticator.Type.TOTP).exists()
    # Typing the code to set the app up counts as this session's second factor: no longer redirected.
    assert client.get("/budgets/").status_code == 200
    client.logout()

    response = client.post(reverse("account_login"), {"login": "officer2@example.com", "password": PASSWORD})
    assert response["Location"] == reverse("mfa_authenticate")
    assert "_auth_user_id" not in client.session
    wrong = client.post(reverse("mfa_authenticate"), {"code": "000000"})
    assert wrong.status_code == 200 and "govuk-error-summary" in wrong.content.decode()
    # The code used to activate cannot be used again; the next period's code is a fresh one.
    response = client.post(reverse("mfa_authenticate"), {"code": next_code(secret)})
    assert response.status_code == 302
    assert int(client.session["_auth_user_id"]) == staff.pk


def test_recovery_codes_sign_in(client, db):
    user = UserFactory(username="recoverer")
    TOTP.activate(user, generate_totp_secret())
    from allauth.mfa.recovery_codes.internal.auth import RecoveryCodes

    codes = RecoveryCodes.activate(user).get_unused_codes()
    client.post(reverse("account_login"), {"login": "recoverer@example.com", "password": PASSWORD})
    response = client.post(reverse("mfa_authenticate"), {"code": codes[0]})
    assert response.status_code == 302
    assert int(client.session["_auth_user_id"]) == user.pk


@pytest.mark.parametrize(
    "name",
    [
        "account_login",
        "account_signup",
        "account_reset_password",
        "account_email_verification_sent",
        "account_reset_password_done",
    ],
)
def test_every_public_account_page_uses_the_govuk_layout(client, db, name):
    content = client.get(reverse(name)).content.decode()
    assert "govuk-template" in content and "govuk-heading-xl" in content


@pytest.mark.parametrize("name", ["account_email", "account_change_password", "mfa_index", "mfa_activate_totp"])
def test_every_signed_in_account_page_uses_the_govuk_layout(client, db, name):
    UserFactory(username="pages")
    sign_in(client, "pages@example.com")
    client.post(reverse("account_reauthenticate"), {"password": PASSWORD})
    response = client.get(reverse(name))
    content = response.content.decode()
    assert response.status_code == 200
    assert "govuk-template" in content and "govuk-heading-xl" in content
