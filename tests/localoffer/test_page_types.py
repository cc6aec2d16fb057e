import datetime
from decimal import Decimal

import pytest
import wagtail_factories
from wagtail.test.utils import WagtailPageTestCase
from wagtail.test.utils.form_data import nested_form_data, rich_text, streamfield

from localoffer.models import CostOption, Schedule, ServiceContact, ServicePage
from tests.localoffer.factories import InformationPageFactory, LocationFactory, ServicePageFactory, category, need

pytestmark = pytest.mark.django_db


class _PageChecks(WagtailPageTestCase):
    def runTest(self):  # pragma: no cover - only the assertion helpers are used
        pass


@pytest.fixture
def checks(client):
    page_checks = _PageChecks()
    page_checks.client = client
    return page_checks


@pytest.fixture
def service(directory):
    service = ServicePageFactory(
        parent=directory,
        title="Inclusive swimming",
        needs=[need("physical-disability", "Physical disability")],
        categories=[category("leisure", "Leisure and activities")],
        locations=[LocationFactory(name="Swiss Cottage Leisure Centre", postal_code="NW3 3NF")],
        is_free=False,
        languages=["English", "British Sign Language"],
    )
    service = ServicePage.objects.get(pk=service.pk)
    service.cost_options = [CostOption(option="Swim", amount=Decimal("2.50"), amount_description="per swim")]
    service.schedules = [
        Schedule(byday="SA", opens_at=datetime.time(10), closes_at=datetime.time(12), description="Quiet")
    ]
    service.contacts = [ServiceContact(name="Pool manager", phone="020 7946 0001")]
    service.save_revision().publish()
    return service


@pytest.fixture
def rich_information_page(home_page):
    body = wagtail_factories.StreamFieldFactory({})
    page = InformationPageFactory(parent=home_page, slug="ehc", title="EHC needs assessments", body=body)
    page.body = [
        ("heading", "Asking for an assessment"),
        ("paragraph", "<p>Write to the SEND Service.</p>"),
        ("inset_text", "<p>You do not need a diagnosis.</p>"),
        ("warning_text", "Appeal within 2 months."),
        ("details", {"summary": "What is in a plan?", "text": "<p>Needs and outcomes.</p>"}),
        ("button", {"text": "Find services", "link": "https://example.org/services/", "page": None}),
    ]
    page.save_revision().publish()
    return page


def test_every_page_type_renders_and_is_editable(
    checks, superuser, home_page, directory, you_said_we_did_page, rich_information_page, service
):
    for page in [home_page, directory, you_said_we_did_page, service]:
        checks.assertPageIsRenderable(page)
        checks.assertPageIsEditable(page, user=superuser)
    # StreamField editors are built by JavaScript, so the information page's form data is spelt out.
    checks.assertPageIsRenderable(rich_information_page)
    information_data = nested_form_data(
        {
            "title": rich_information_page.title,
            "slug": rich_information_page.slug,
            "summary": rich_information_page.summary,
            "body": streamfield(
                [
                    ("heading", "Asking for an assessment"),
                    ("paragraph", rich_text("<p>Write to the SEND Service.</p>")),
                    ("warning_text", "Appeal within 2 months."),
                ]
            ),
            "comments-TOTAL_FORMS": 0,
            "comments-INITIAL_FORMS": 0,
        }
    )
    checks.assertPageIsEditable(rich_information_page, post_data=information_data, user=superuser)


def test_information_page_renders_each_block_as_its_govuk_component(client, rich_information_page):
    html = client.get(rich_information_page.url).content.decode()
    for component in ["govuk-inset-text", "govuk-warning-text", "govuk-details", "govuk-button"]:
        assert component in html
    assert "Appeal within 2 months." in html and "What is in a plan?" in html


def test_service_page_shows_costs_times_contacts_and_languages(client, service):
    html = client.get(service.url).content.decode()
    assert "Swim: £2.50 per swim" in html
    assert "Saturday" in html and "10am to midday (Quiet)" in html
    assert "Pool manager" in html and "British Sign Language" in html
    assert "Swiss Cottage Leisure Centre" in html and "NW3 3NF" in html
