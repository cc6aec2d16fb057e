"""axe-core finds no WCAG 2.2 A or AA violation on the Ofsted register's pages: the inspection on a
service page (a nursery and a childminder), and the admin upload (with its errors), report, history and
registrations screens an editor uses."""

from pathlib import Path

import pytest
from allauth.mfa.totp.internal.auth import TOTP, generate_totp_secret
from django.contrib.auth.models import Group
from django.urls import reverse
from playwright.sync_api import expect

from ofsted.importer import run_import
from ofsted.models import OfstedImport, OfstedRegistration
from tests.browser.accessibility import assert_accessible
from tests.browser.test_accessibility_signed_in import sign_in
from tests.budgets.factories import UserFactory
from tests.localoffer.factories import DirectoryIndexPageFactory, category

pytestmark = pytest.mark.django_db(transaction=True, serialized_rollback=True)

FIXTURES = Path(__file__).resolve().parent.parent / "ofsted" / "fixtures"


@pytest.fixture
def register(site):
    DirectoryIndexPageFactory(parent=site.root_page, title="Services", slug="services")
    category("childcare", "Childcare")
    run = run_import(FIXTURES / "childcare_providers_2026_01.csv", local_authority="Camden", dry_run=True)
    run_import(FIXTURES / "childcare_providers_2026_01.csv", local_authority="Camden")
    services = {}
    for urn in ("EY100001", "EY100002"):
        service = OfstedRegistration.objects.get(urn=urn).service
        service.save_revision().publish()
        services[urn] = service
    editor = UserFactory(username="ofsted-editor", email="ofsted-editor@example.com")
    editor.groups.add(Group.objects.get(name="Editors"))
    TOTP.activate(editor, generate_totp_secret())
    return {"services": services, "editor": editor, "preview": run}


def test_the_inspection_on_service_pages_has_no_axe_violations(page, register):
    for service in register["services"].values():
        page.goto(service.url)
        assert page.get_by_text("Ofsted:").first.is_visible()
        assert_accessible(page)


def test_the_admin_register_pages_have_no_axe_violations(page, live_server, register, settings):
    settings.SESSION_SAVE_EVERY_REQUEST = False  # see test_accessibility_signed_in: one shared connection
    sign_in(page, live_server, register["editor"])
    latest = OfstedImport.objects.filter(dry_run=False).get()
    for path in (
        reverse("ofsted_upload"),
        reverse("ofsted_report", args=[register["preview"].pk]),
        reverse("ofsted_report", args=[latest.pk]),
        reverse("ofsted_history"),
        reverse("ofsted_registration:index"),
    ):
        page.goto(path)
        assert_accessible(page)
    page.goto(reverse("ofsted_upload"))
    page.get_by_role("button", name="Preview the import").click()
    expect(page.get_by_text("Choose Ofsted's CSV or XLSX file").first).to_be_visible()
    assert_accessible(page)
