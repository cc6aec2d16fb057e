import datetime

import pytest
from django.urls import reverse
from django.utils import timezone

from providers.models import ProviderInvitation, ProviderMembership
from tests.budgets.staff import sign_in_staff
from tests.providers.conftest import make_provider

pytestmark = pytest.mark.django_db


@pytest.fixture
def invitation(kestrel):
    invitation = ProviderInvitation.objects.create(email="sam@kestrel.example")
    invitation.organizations.add(kestrel)
    return invitation


def test_only_the_invited_address_can_accept(client, invitation, osprey):
    someone_else = make_provider("oli@osprey.example", osprey)
    client.force_login(someone_else)
    url = reverse("providers:accept_invitation", kwargs={"token": invitation.token})
    response = client.post(url, follow=True)
    assert b"This invitation was sent to sam@kestrel.example" in response.content
    assert not ProviderMembership.objects.filter(user=someone_else, organization__name="Kestrel Play").exists()


def test_an_expired_invitation_says_so(client, invitation, osprey):
    ProviderInvitation.objects.filter(pk=invitation.pk).update(expires_at=timezone.now() - datetime.timedelta(days=1))
    user = make_provider("sam@kestrel.example", osprey)
    client.force_login(user)
    url = reverse("providers:accept_invitation", kwargs={"token": invitation.token})
    assert b"has expired" in client.get(url).content
    assert b"has expired" in client.post(url, follow=True).content


def test_an_existing_account_accepts_from_the_link(client, invitation, osprey):
    user = make_provider("sam@kestrel.example", osprey)
    client.force_login(user)
    response = client.post(reverse("providers:accept_invitation", kwargs={"token": invitation.token}))
    assert response.url == reverse("providers:dashboard")
    assert set(user.provider_memberships.values_list("organization__name", flat=True)) == {
        "Kestrel Play",
        "Osprey Therapy",
    }


def test_a_bad_address_in_the_admin_is_a_message_not_an_error(client, editor, kestrel):
    sign_in_staff(client, editor)
    response = client.post(reverse("provider_invitations:add"), {"email": "not an email", "organizations": []})
    assert response.status_code == 200
    assert b"Enter a valid email address" in response.content
    assert not ProviderInvitation.objects.exists()
