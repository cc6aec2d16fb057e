"""Every allauth page with an invalid form shows exactly one GOV.UK error summary, before the heading."""

import re

from django.contrib.auth import get_user_model
from django.contrib.messages.storage.fallback import FallbackStorage
from django.test import RequestFactory
from django.urls import reverse

from tests.budgets.factories import PASSWORD, UserFactory


def summaries(response):
    return response.content.decode().count('class="govuk-error-summary"')


def summary_comes_first(response):
    """The summary is the first thing in <main>: before the page's <h1> and every <form>."""
    main = response.content.decode().split('id="main-content"', 1)[1]
    return main.index("govuk-error-summary") < min(main.index("<h1"), main.index("<form"))


def post_invalid_email(client, template_name):
    """POST an invalid address to allauth's email view rendered with one of its two templates.

    allauth picks the template once, at import, from ACCOUNT_CHANGE_EMAIL (on here:
    email_change.html); the other one, email.html, is what a site with several addresses per
    person gets, so the view is also run with it."""
    from allauth.account.views import EmailView

    client.force_login(UserFactory(username="parent"))
    request = RequestFactory().post(reverse("account_email"), {"action_add": "", "email": "not an email"})
    request.user = get_user_model().objects.get(username="parent")
    request.session = client.session
    request._messages = FallbackStorage(request)
    return EmailView.as_view(template_name=template_name)(request)


def test_email_page_with_an_invalid_address_has_one_error_summary(client, db):
    client.force_login(UserFactory(username="parent"))
    response = client.post(reverse("account_email"), {"action_add": "", "email": "not an email"})
    content = response.content.decode()
    assert response.status_code == 200
    assert summaries(response) == 1
    assert summary_comes_first(response)
    assert re.search(r'<a href="#id_email">[^<]*valid email address', content)
    assert 'id="id_email"' in content and 'value="not an email"' in content
    assert "<title>Error: " in content


def test_email_page_listing_several_addresses_has_one_error_summary(client, db):
    """email.html holds two allauth forms sharing one form object: the address list and "Add email"."""
    response = post_invalid_email(client, "account/email.html")
    response.render()
    content = response.content.decode()
    assert response.status_code == 200
    assert content.count('<form method="post"') == 2
    assert summaries(response) == 1
    assert summary_comes_first(response)
    assert re.search(r'<a href="#id_email">[^<]*valid email address', content)
    assert 'value="not an email"' in content


def test_email_page_without_errors_has_no_error_summary(client, db):
    client.force_login(UserFactory(username="parent"))
    response = client.get(reverse("account_email"))
    assert response.status_code == 200
    assert summaries(response) == 0
    assert "<title>Error: " not in response.content.decode()


def test_sign_in_with_a_wrong_password_has_one_error_summary(client, db):
    UserFactory(username="someone")
    response = client.post(reverse("account_login"), {"login": "someone@example.com", "password": "wrong-password"})
    assert response.status_code == 200
    assert summaries(response) == 1
    assert summary_comes_first(response)
    assert "<title>Error: " in response.content.decode()


def test_sign_up_with_mismatched_passwords_has_one_error_summary(client, db):
    response = client.post(
        reverse("account_signup"),
        {"email": "new.family@example.com", "password1": "a-long-family-password-2025", "password2": "different"},
    )
    content = response.content.decode()
    assert response.status_code == 200
    assert summaries(response) == 1
    assert summary_comes_first(response)
    assert 'href="#id_password2"' in content
    assert 'value="new.family@example.com"' in content


def test_password_change_with_a_wrong_current_password_has_one_error_summary(client, db):
    client.force_login(UserFactory(username="parent"))
    response = client.post(
        reverse("account_change_password"),
        {
            "oldpassword": "not-" + PASSWORD,
            "password1": "a-new-long-password-2026",
            "password2": "a-new-long-password-2026",
        },
    )
    assert response.status_code == 200
    assert summaries(response) == 1
    assert 'href="#id_oldpassword"' in response.content.decode()
