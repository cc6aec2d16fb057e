"""A provider finds their own pages from the menu on every page; nobody else is shown the link."""

import pytest

from providers.models import ProviderMembership
from tests.budgets.factories import UserFactory

pytestmark = pytest.mark.django_db

LINK = '<a class="govuk-service-navigation__link" href="/providers/">Your services</a>'


def test_a_provider_sees_your_services_in_the_menu(client, home_page, kestrel_provider):
    client.force_login(kestrel_provider)
    assert LINK in client.get("/cookies/").content.decode()
    page = client.get("/providers/").content.decode()
    assert 'href="/providers/" aria-current="page"' in page  # marked as where they are


def test_a_parent_or_a_visitor_is_not_shown_it(client, home_page, kestrel_provider):
    assert LINK not in client.get("/cookies/").content.decode()
    client.force_login(UserFactory(username="parent", email="parent@example.org"))
    assert "Your services" not in client.get("/cookies/").content.decode()


def test_a_provider_whose_membership_was_stopped_is_not_shown_it(client, home_page, kestrel_provider):
    ProviderMembership.objects.filter(user=kestrel_provider).update(is_active=False)
    client.force_login(kestrel_provider)
    assert "Your services" not in client.get("/cookies/").content.decode()
