"""axe-core finds no WCAG 2.2 A or AA violation on any page type, in any state a family can reach."""

import datetime

import pytest
from django.utils import timezone
from playwright.sync_api import expect
from wagtail.rich_text import RichText

from localoffer.models import Feedback
from tests.browser.accessibility import assert_accessible

pytestmark = pytest.mark.django_db(transaction=True, serialized_rollback=True)


@pytest.fixture
def published_comments(borough):
    for year in (2025, 2026):
        Feedback.objects.create(
            comment="The directory did not list holiday schemes",
            about="Holiday activities",
            submitted_at=timezone.make_aware(datetime.datetime(year, 3, 14, 10, 0)),
            status=Feedback.PUBLISHED,
            published_comment="Holiday schemes were missing from the directory",
            response="We asked every holiday scheme in Camden to add itself",
            action_taken="41 holiday schemes are now listed",
        )


@pytest.fixture
def information_page_with_blocks(borough):
    page = borough["information_page"]
    page.body = [
        ("heading", "Asking for an EHC needs assessment"),
        ("paragraph", RichText("<p>You can ask the council for an assessment yourself.</p>")),
        ("inset_text", RichText("<p>The council must reply within <b>6 weeks</b>.</p>")),
        ("warning_text", "You must appeal within 2 months of the decision letter."),
        ("details", {"summary": "What happens at a tribunal", "text": RichText("<p>A judge hears both sides.</p>")}),
        ("button", {"text": "Find services", "link": "https://localoffer.example/services/", "page": None}),
    ]
    page.save_revision().publish()
    return page


@pytest.mark.parametrize(
    "path",
    [
        "/",
        "/services/",
        "/services/?needs=autism&cost=paid&age=4&delivery=phone",
        "/services/?q=zzzzunheardof",
        "/services/?needs=unicorns&age=200",
        "/accessibility/",
        "/cookies/",
        "/privacy/",
        "/no-such-page/",
    ],
    ids=["home", "directory", "filtered", "no-results", "bad-filters", "accessibility", "cookies", "privacy", "404"],
)
def test_page_has_no_axe_violations(page, borough, path):
    response = page.goto(path)
    assert response.status == (404 if path == "/no-such-page/" else 200)
    assert_accessible(page)


def test_filtered_directory_states_are_what_the_axe_check_saw(page, borough):
    page.goto("/services/?q=zzzzunheardof")
    expect(page.get_by_role("heading", name="No services match your search")).to_be_visible()
    page.goto("/services/?needs=unicorns")
    expect(page.locator(".govuk-error-summary")).to_contain_text("We do not recognise the need")


def test_service_page_has_no_axe_violations(page, borough):
    page.goto(borough["service"].url)
    expect(page.get_by_role("table", name="Opening times")).to_be_visible()
    assert_accessible(page)


def test_information_page_with_every_block_has_no_axe_violations(page, information_page_with_blocks):
    page.goto(information_page_with_blocks.url)
    expect(page.get_by_text("What happens at a tribunal")).to_be_visible()
    assert_accessible(page)
    page.get_by_text("What happens at a tribunal").click()
    assert_accessible(page)


def test_you_said_we_did_page_and_its_form_errors_have_no_axe_violations(page, published_comments):
    page.goto("/you-said-we-did/")
    expect(page.get_by_role("heading", name="2026")).to_be_visible()
    assert_accessible(page)

    page.get_by_role("button", name="Send comment").click()
    summary = page.locator(".govuk-error-summary")
    expect(summary).to_contain_text("Enter your comment")
    expect(summary).to_be_focused()  # GOV.UK Frontend moves focus to the summary
    assert_accessible(page)

    summary.get_by_role("link", name="Enter your comment").click()
    expect(page.get_by_label("Your comment", exact=True)).to_be_focused()


@pytest.mark.parametrize("path", ["/accounts/login/", "/accounts/signup/"], ids=["login", "signup"])
def test_account_pages_have_no_axe_violations(page, borough, path):
    response = page.goto(path)
    assert response.status == 200
    assert_accessible(page)
