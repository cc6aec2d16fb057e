import datetime
from decimal import Decimal

import pytest
from django.core.cache import cache
from django.core.files.uploadedfile import SimpleUploadedFile
from django.db import transaction
from django.test import override_settings
from hypothesis import HealthCheck, Phase, settings
from wagtail.models import Page, Site

from budgets import services
from budgets.imports.models import StatementImport
from budgets.models import BudgetMembership, Invitation, RecurringPayment
from budgets.requests.models import Handover
from budgets.requests.services import start_request
from budgets.returns import services as returns
from tests.budgets.factories import UserFactory, make_budget, member
from tests.localoffer.factories import (
    DirectoryIndexPageFactory,
    HomePageFactory,
    InformationPageFactory,
    YouSaidWeDidPageFactory,
)
from tests.localoffer.oruk_factories import full_service

# Modest, deterministic example counts so the fuzz runs in about a minute on a 2-core CI machine.
# `HYPOTHESIS_PROFILE=fuzz-deep` runs many more, with random seeds, for a longer look by hand.
COMMON = dict(
    deadline=None,
    database=None,  # nothing written to .hypothesis/ in CI
    suppress_health_check=[HealthCheck.function_scoped_fixture, HealthCheck.too_slow, HealthCheck.data_too_large],
    phases=[Phase.explicit, Phase.generate],  # a 500 is reported as found: shrinking it would cost minutes
    print_blob=False,
)
settings.register_profile("fuzz", max_examples=4, derandomize=True, **COMMON)
settings.register_profile("fuzz-deep", max_examples=200, **COMMON)

PDF = b"%PDF-1.4\n1 0 obj<<>>endobj\ntrailer<<>>\n%%EOF\n"


def build_public_site():
    """One page of each public kind, with a service that has every ORUK relation."""
    root = Page.get_first_root_node()
    for child in root.get_children():
        Site.objects.filter(root_page=child).delete()
        child.delete()
    home = HomePageFactory(parent=root, slug="home")
    Site.objects.update_or_create(
        is_default_site=True,
        defaults={"root_page": home, "hostname": "localhost", "port": 80, "site_name": "Camden SEND Local Offer"},
    )
    directory = DirectoryIndexPageFactory(parent=home)
    return {
        "home": home,
        "directory": directory,
        "service": full_service(directory),
        "information": InformationPageFactory(parent=home, slug="education"),
        "you_said_we_did": YouSaidWeDidPageFactory(parent=home),
    }


def build_family():
    """A signed-in budget holder's world: a budget with one of everything a family URL can name."""
    budget = make_budget(holder_name="Robin")
    parent = member(budget, UserFactory(username="fuzz-parent", email="fuzz-parent@example.org"))
    entry = services.record_entry(
        budget=budget,
        actor=parent,
        spent_on=datetime.date(2025, 5, 1),
        amount=Decimal("30.00"),
        payee="Swim club",
        element="social_care",
        category="activities",
        evidence_files=[(SimpleUploadedFile("receipt.pdf", PDF), "application/pdf")],
    )
    recurring = RecurringPayment.objects.create(
        budget=budget,
        payee="PA",
        amount=Decimal("80.00"),
        element="social_care",
        starts_on=datetime.date(2025, 4, 7),
        next_due_on=datetime.date(2025, 4, 7),
    )
    helper = member(budget, UserFactory(username="fuzz-helper"), BudgetMembership.Role.YOUNG_PERSON)
    invitation = Invitation.objects.create(
        budget=budget,
        email="fuzz-parent@example.org",
        role=BudgetMembership.Role.NOMINEE,
        invited_by=parent,
        expires_at=datetime.datetime(2099, 1, 1, tzinfo=datetime.UTC),
    )
    schedule = returns.set_schedule(budget=budget, actor=None, frequency="quarterly")
    kwargs = {
        "budget": budget.uuid,
        "entry": entry.pk,
        "evidence": entry.evidence.get().pk,
        "recurring": recurring.pk,
        "membership": BudgetMembership.objects.get(user=helper).pk,
        "token": invitation.token,
        "statement_import": StatementImport.objects.create(
            budget=budget,
            filename="bank.csv",
            source_format="csv",
            content=b"Date,Description,Amount\n02/05/2025,Shop,-1.00\n",
        ).pk,
        "monitoring_return": schedule.budget.monitoring_returns.first().pk,
        "budget_request": start_request(user=parent).uuid,
        "question": "who",
        "handover": Handover.objects.create(
            budget=budget,
            email="fuzz-young-person@example.org",
            invited_by=parent,
            expires_at=datetime.datetime(2099, 1, 1, tzinfo=datetime.UTC),
        ).token,
    }
    return {"user": parent, "budget": budget, "kwargs": kwargs}


def build_provider(service):
    """A provider of the public site's service's organisation, with an invitation waiting for them."""
    from allauth.account.models import EmailAddress

    from providers.models import ProviderInvitation, ProviderMembership

    user = UserFactory(username="fuzz-provider", email="provider@fuzz.example")
    EmailAddress.objects.filter(user=user).delete()
    EmailAddress.objects.create(user=user, email=user.email, verified=True, primary=True)
    ProviderMembership.objects.create(user=user, organization=service.organization)
    invitation = ProviderInvitation.objects.create(email=user.email)
    invitation.organizations.add(service.organization)
    location = service.service_at_locations.first().location
    kwargs = {"page_id": service.pk, "location_id": location.pk, "step": "what", "token": invitation.token}
    return {"user": user, "kwargs": kwargs}


@pytest.fixture(scope="module")
def fuzz_world(django_db_setup, django_db_blocker, tmp_path_factory):
    """The public site and a family, built once for the module (building them for each of about 100
    URLs took longer than the fuzz itself). Each test still runs in its own savepoint, so what one
    URL's fuzz changes is rolled back before the next."""
    media = tmp_path_factory.mktemp("fuzz-media")
    files = {"MEDIA_ROOT": media / "public", "PRIVATE_MEDIA_ROOT": media / "private"}
    fast = {"PASSWORD_HASHERS": ["django.contrib.auth.hashers.MD5PasswordHasher"]}  # sign-in pages check many
    with override_settings(**files, **fast, POSTCODE_LOOKUP="offline"), django_db_blocker.unblock():
        with transaction.atomic():
            cache.clear()
            pages = build_public_site()
            world = {"pages": pages, "family": build_family(), "settings": files | fast}
            world["provider"] = build_provider(pages["service"])
            yield world
            transaction.set_rollback(True)


@pytest.fixture
def world(fuzz_world, db, settings):
    for name, value in fuzz_world["settings"].items():  # where the module's receipts were stored
        setattr(settings, name, value)
    family, public_site = fuzz_world["family"], fuzz_world["pages"]
    service = public_site["service"]
    location = service.service_at_locations.first()
    term = service.needs.first()
    return {
        "pages": public_site,
        "kwargs": {
            "*": family["kwargs"],
            "oruk-service": {"id": service.uuid},
            "oruk-service-at-location": {"id": location.id},
            "oruk-taxonomy": {"id": term.taxonomy_id},
            "oruk-taxonomy-term": {"id": term.id},
            "oruk-organization": {"id": service.organization_id},
        },
        "family": family,
        "provider": fuzz_world["provider"],
    }
