import datetime

import pytest
from allauth.account.models import EmailAddress

from providers.models import ProviderMembership
from tests.budgets.factories import UserFactory
from tests.budgets.staff import staff_user
from tests.localoffer.factories import LocationFactory, OrganizationFactory, ServicePageFactory, category


def make_provider(email, organization):
    user = UserFactory(username=email.split("@")[0], email=email)
    EmailAddress.objects.filter(user=user).delete()
    EmailAddress.objects.create(user=user, email=email, verified=True, primary=True)
    ProviderMembership.objects.create(user=user, organization=organization)
    return user


@pytest.fixture
def editor(db):
    return staff_user("editor", group="Editors")


@pytest.fixture
def moderator(db):
    return staff_user("moderator", group="Moderators")


@pytest.fixture
def kestrel(db):
    return OrganizationFactory(name="Kestrel Play")


@pytest.fixture
def osprey(db):
    return OrganizationFactory(name="Osprey Therapy")


@pytest.fixture
def kestrel_place(db):
    return LocationFactory(name="Kestrel Hall")


@pytest.fixture
def osprey_place(db):
    return LocationFactory(name="Osprey House")


@pytest.fixture
def kestrel_service(directory, kestrel, kestrel_place):
    return ServicePageFactory(
        parent=directory,
        title="Kestrel sensory play",
        organization=kestrel,
        categories=[category("leisure")],
        locations=[kestrel_place],
        assured_date=datetime.date(2025, 6, 1),
        review_due_on=datetime.date(2026, 6, 1),
    )


@pytest.fixture
def osprey_service(directory, osprey, osprey_place):
    return ServicePageFactory(
        parent=directory,
        title="Osprey speech therapy",
        organization=osprey,
        categories=[category("therapy")],
        locations=[osprey_place],
        assured_date=datetime.date(2025, 6, 1),
        review_due_on=datetime.date(2026, 6, 1),
    )


@pytest.fixture
def kestrel_provider(kestrel):
    return make_provider("kim@kestrel.example", kestrel)


@pytest.fixture
def osprey_provider(osprey):
    return make_provider("oli@osprey.example", osprey)
