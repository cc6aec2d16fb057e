"""A family saves services, prints, emails and shares the list, and reports a problem with a page, with
JavaScript on and off; axe-core checks every new page, and nothing scrolls sideways at 320 CSS px."""

import re

import pytest
from django.core import mail
from playwright.sync_api import expect

from problems.models import ProblemReport
from tests.browser.accessibility import assert_accessible

pytestmark = pytest.mark.django_db(transaction=True, serialized_rollback=True)

SPEECH = "Speech and language drop-in"
NARROW = {"width": 320, "height": 640}


def assert_fits_320(tab):
    size = tab.viewport_size
    tab.set_viewport_size(NARROW)
    widths = tab.evaluate("() => [document.documentElement.scrollWidth, document.documentElement.clientWidth]")
    tab.set_viewport_size(size)
    assert widths[0] <= widths[1], f"{tab.url} scrolls sideways at 320px: {widths[0]}px wide"


@pytest.fixture(params=[False, True], ids=["without-js", "with-js"])
def tab(request):
    tab = request.getfixturevalue("page" if request.param else "no_js_page")
    tab.javascript_on = request.param
    return tab


def check_accessible(tab):
    """axe-core runs as a script in the page, and its run never finishes with the page's scripts switched
    off; the same pages and markup are checked in the journey's run with JavaScript on."""
    if tab.javascript_on:
        assert_accessible(tab)


def test_a_family_saves_prints_emails_and_shares_a_shortlist(tab, borough):

    tab.goto("/services/")
    check_accessible(tab)
    tab.get_by_role("button", name=f"Save {SPEECH} to shortlist").click()
    expect(tab).to_have_url(re.compile(r"/services/$"))
    expect(tab.locator(".govuk-notification-banner")).to_contain_text(f"{SPEECH} has been saved to your shortlist")
    expect(tab.get_by_role("button", name=f"Remove {SPEECH} from shortlist")).to_be_visible()
    check_accessible(tab)

    tab.get_by_role("link", name="ADHD parents' group").click()
    tab.get_by_role("button", name="Save ADHD parents' group to shortlist").click()
    expect(tab.get_by_role("button", name="Remove ADHD parents' group from shortlist")).to_be_visible()

    tab.goto("/shortlist/")
    expect(tab.get_by_role("heading", level=1)).to_have_text("Your shortlist")
    expect(tab.get_by_role("heading", name=SPEECH)).to_be_visible()
    expect(tab.locator("main")).to_contain_text("Tuesday 9:30am to midday")
    check_accessible(tab)
    share = tab.locator("#share-link").get_attribute("href")
    assert re.fullmatch(r"http://[^/]+/shortlist/shared/\?services=\d+,\d+", share)
    assert_fits_320(tab)

    tab.get_by_role("link", name="Print your shortlist").click()
    expect(tab.locator("main")).to_contain_text("One session: £12.50 per session")
    check_accessible(tab)
    tab.emulate_media(media="print")
    expect(tab.locator(".govuk-header, .govuk-generic-header").first).to_be_hidden()
    expect(tab.get_by_role("heading", name=SPEECH)).to_be_visible()
    tab.emulate_media(media="screen")

    tab.goto("/shortlist/email/")
    check_accessible(tab)
    tab.get_by_role("button", name="Send email").click()
    expect(tab.locator(".govuk-error-summary")).to_contain_text("Enter your email address")
    check_accessible(tab)
    tab.get_by_label("Email address").fill("parent@example.net")
    tab.get_by_role("button", name="Send email").click()
    expect(tab.locator(".govuk-notification-banner")).to_contain_text("Your shortlist has been sent")
    assert [message.to for message in mail.outbox] == [["parent@example.net"]]

    tab.get_by_role("button", name=f"Remove {SPEECH} from shortlist").click()
    expect(tab.locator(".govuk-notification-banner")).to_contain_text(f"{SPEECH} has been removed")
    expect(tab.get_by_role("heading", name=SPEECH)).to_have_count(0)

    # The shared link: a read-only list, no buttons.
    tab.goto(share.replace(",", ",0,"))
    expect(tab.get_by_role("heading", name="ADHD parents' group")).to_be_visible()
    expect(tab.get_by_role("button", name=re.compile("shortlist"))).to_have_count(0)
    check_accessible(tab)


def test_a_visitor_reports_a_problem_with_a_service_page(tab, borough):
    tab.goto(borough["service"].url)
    tab.get_by_role("link", name="Report a problem with this page").click()
    expect(tab.get_by_role("heading", level=1)).to_have_text("Report a problem with this page")
    check_accessible(tab)

    tab.get_by_role("button", name="Send report").click()
    expect(tab.locator(".govuk-error-summary")).to_contain_text("Select what is wrong with this page")
    check_accessible(tab)
    tab.get_by_label("Opening times are wrong").check()
    tab.get_by_label("Tell us more").fill("It now opens at 10am on Tuesdays")
    tab.get_by_role("button", name="Send report").click()

    expect(tab).to_have_url(re.compile(re.escape(borough["service"].url) + "$"))
    expect(tab.locator(".govuk-notification-banner")).to_contain_text("Thank you")
    report = ProblemReport.objects.get()
    assert (report.kind, report.details) == ("times", "It now opens at 10am on Tuesdays")
    tab.go_back()
    assert_fits_320(tab)


def test_the_information_page_link_opens_the_form(page, borough):
    page.goto(borough["information_page"].url)
    page.get_by_role("link", name="Report a problem with this page").click()
    expect(page.locator(".govuk-caption-l")).to_have_text(borough["information_page"].title)
    assert_accessible(page)
