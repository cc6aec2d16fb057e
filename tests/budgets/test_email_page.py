"""The email page in GOV.UK style: addresses as text in a summary list (not disabled text boxes),
a pending change that can be confirmed again or cancelled, and a labelled input for the new one."""

from allauth.account.models import EmailAddress
from django.core import mail
from django.core.cache import cache
from django.urls import reverse

from tests.budgets.factories import UserFactory


def test_email_page_shows_the_address_as_text_and_asks_for_a_new_one(client, db):
    user = UserFactory(username="parent")
    client.force_login(user)
    page = client.get(reverse("account_email")).content.decode()
    assert "<title>Your email address" in page
    assert '<dt class="govuk-summary-list__key">Email address</dt>' in page
    assert f'<dd class="govuk-summary-list__value">{user.email}</dd>' in page
    assert " disabled" not in page
    assert '<label class="govuk-label govuk-label--m" for="id_email">Change your email address</label>' in page
    assert 'name="action_add"' in page and "Change email address" in page
    assert "Re-send Verification" not in page and "Email Address" not in page


def test_a_pending_change_can_be_sent_again_and_cancelled(client, db):
    user = UserFactory(username="mover")
    client.force_login(user)
    client.post(reverse("account_email"), {"action_add": "", "email": "moved@example.com"})
    page = client.get(reverse("account_email")).content.decode()
    assert "Changing to" in page and "moved@example.com" in page and "Not confirmed yet" in page

    sent = len(mail.outbox)
    client.post(reverse("account_email"), {"action_send": "", "email": "moved@example.com"})
    assert len(mail.outbox) == sent  # one confirmation email per address every 3 minutes
    cache.clear()  # the 3 minutes have passed
    client.post(reverse("account_email"), {"action_send": "", "email": "moved@example.com"})
    assert len(mail.outbox) == sent + 1 and mail.outbox[-1].to == ["moved@example.com"]

    client.post(reverse("account_email"), {"action_remove": "", "email": "moved@example.com"})
    assert not EmailAddress.objects.filter(email="moved@example.com").exists()
    page = client.get(reverse("account_email")).content.decode()
    assert "Changing to" not in page and user.email in page


def test_an_invalid_address_keeps_what_was_typed_and_names_the_field(client, db):
    client.force_login(UserFactory(username="typo"))
    page = client.post(reverse("account_email"), {"action_add": "", "email": "parent@example"}).content.decode()
    assert 'class="govuk-error-summary"' in page
    assert 'href="#id_email"' in page
    assert 'value="parent@example"' in page
    assert 'aria-describedby="id_email-hint id_email-error"' in page
