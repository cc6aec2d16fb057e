import pytest

from providers import demo
from providers.access import services_for
from providers.models import ProviderMembership

pytestmark = pytest.mark.django_db


def test_demo_provider_keeps_a_voluntary_organisations_services(kestrel_service, osprey_service):
    accounts = demo.load()
    accounts_again = demo.load()
    assert accounts == accounts_again and [account.role for account in accounts] == ["Provider"]
    membership = ProviderMembership.objects.get()
    assert membership.user.email == accounts[0].email and membership.user.check_password(accounts[0].password)
    assert not membership.user.groups.exists() and not membership.user.is_staff
    assert list(services_for(membership.user)) == [
        page for page in (kestrel_service, osprey_service) if page.organization_id == membership.organization_id
    ]


def test_editors_invite_and_moderators_set_the_out_of_date_threshold(db):
    from django.contrib.auth.models import Group

    from providers.permissions import grant_invitation_permissions

    editors, moderators = Group.objects.get(name="Editors"), Group.objects.get(name="Moderators")
    grant_invitation_permissions()
    assert editors.permissions.filter(codename="add_providerinvitation").exists()
    assert not editors.permissions.filter(codename="change_reviewsettings").exists()
    assert moderators.permissions.filter(codename="change_reviewsettings").exists()
