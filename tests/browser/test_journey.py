"""A family finds a service: home page, directory, narrow by need, the service's details."""

import re

import pytest
from playwright.sync_api import expect

from tests.browser.accessibility import assert_accessible

pytestmark = pytest.mark.django_db(transaction=True, serialized_rollback=True)


def test_family_browses_from_home_page_to_a_service(page, borough):
    page.goto("/")
    expect(page.get_by_role("heading", level=1)).to_have_text("Camden SEND Local Offer")
    assert_accessible(page)

    page.get_by_role("link", name="Find services").first.click()
    expect(page).to_have_url(re.compile(r"/services/$"))
    expect(page.locator("#results-count")).to_have_text("2 services found")

    page.get_by_role("group", name="Needs").get_by_label("Autism").check()
    page.get_by_role("button", name="Apply filters").click()
    expect(page).to_have_url(re.compile(r"needs=autism"))
    expect(page.locator("#results-count")).to_have_text("1 service found")
    expect(page.get_by_role("link", name="ADHD parents' group")).to_have_count(0)

    page.get_by_role("link", name="Speech and language drop-in").click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Speech and language drop-in")
    facts = page.locator(".service-facts")
    expect(facts.locator(".govuk-summary-list__row", has_text="Ages")).to_contain_text("2 to 11 years")
    expect(facts.locator(".govuk-summary-list__row", has_text="Needs supported")).to_contain_text("Autism")
    expect(facts.locator(".govuk-summary-list__row", has_text="Cost")).to_contain_text(
        "One session: £12.50 per session"
    )
    expect(page.get_by_role("complementary")).to_contain_text("Camden Children's Therapies")
    expect(page.locator(".service-location")).to_contain_text("Kentish Town Health Centre")
    expect(page.locator(".service-location")).to_contain_text("NW5 2AJ")
    opening_times = page.get_by_role("table", name="Opening times")
    # GOV.UK style times: 9:30am, midday, 1pm
    expect(opening_times.get_by_role("row", name=re.compile("Tuesday"))).to_contain_text(
        re.compile(r"9:30am to (midday|12pm)")
    )
    expect(opening_times.get_by_role("row", name=re.compile("Thursday"))).to_contain_text(
        re.compile(r"1(:00)?pm to 4:30pm \(term time only\)")
    )
    assert_accessible(page)

    page.get_by_role("link", name="Back to all services").click()
    expect(page).to_have_url(re.compile(r"/services/$"))


def test_home_page_search_box_leads_to_the_directory(page, borough):
    page.goto("/")
    page.get_by_label("What are you looking for?").fill("speech")
    page.get_by_role("button", name="Search").click()
    expect(page).to_have_url(re.compile(r"/services/\?q=speech"))
    expect(page.get_by_role("link", name="Speech and language drop-in")).to_be_visible()


def test_assets_load_and_style_the_page(page, borough):
    page.goto("/")
    header_colour = page.locator(".govuk-generic-header").evaluate(
        "element => getComputedStyle(element).backgroundColor"
    )
    assert header_colour != "rgba(0, 0, 0, 0)", "main.css did not load: the header has no background"
    assert page.evaluate("() => document.body.classList.contains('govuk-frontend-supported')")
    # GOV.UK Frontend's JavaScript has initialised the service navigation's menu toggle.
    page.wait_for_function(
        "() => document.querySelector('[data-module=govuk-service-navigation]')"
        "?.getAttribute('data-govuk-service-navigation-init') !== null"
    )


def test_mobile_home_page_has_no_horizontal_scroll(mobile_page, borough):
    mobile_page.goto("/")
    widths = mobile_page.evaluate(
        "() => ({scroll: document.documentElement.scrollWidth, client: document.documentElement.clientWidth})"
    )
    assert widths["client"] == 375
    assert widths["scroll"] <= widths["client"], f"page is {widths['scroll']}px wide on a 375px screen"
    # The menu collapses behind GOV.UK Frontend's "Menu" toggle on a phone.
    expect(mobile_page.get_by_role("button", name="Menu")).to_be_visible()
    expect(mobile_page.get_by_role("link", name="Find services").first).to_be_hidden()
    assert_accessible(mobile_page)


def test_mobile_service_page_has_no_horizontal_scroll(mobile_page, borough):
    mobile_page.goto(borough["service"].url)
    scroll, client = mobile_page.evaluate(
        "() => [document.documentElement.scrollWidth, document.documentElement.clientWidth]"
    )
    assert scroll <= client, f"page is {scroll}px wide on a {client}px screen"
    assert_accessible(mobile_page)


def test_skip_link_is_the_first_tab_stop_and_jumps_to_the_content(page, borough):
    page.goto(borough["service"].url)
    page.keyboard.press("Tab")
    skip_link = page.get_by_role("link", name="Skip to main content")
    expect(skip_link).to_be_focused()
    expect(skip_link).to_be_in_viewport()
    page.keyboard.press("Enter")
    expect(page).to_have_url(re.compile(r"#main-content$"))


def test_service_page_prints_the_details_without_the_site_chrome(page, borough):
    page.goto(borough["service"].url)
    page.emulate_media(media="print")
    for chrome in (".govuk-generic-header", ".govuk-service-navigation", ".govuk-footer", ".govuk-back-link"):
        expect(page.locator(chrome)).to_be_hidden()
    expect(page.get_by_role("heading", level=1)).to_be_visible()
    expect(page.get_by_role("table", name="Opening times")).to_be_visible()
    website_link = page.get_by_role("link", name="Camden Children's Therapies website")
    after = website_link.evaluate("link => getComputedStyle(link, '::after').content")
    assert "https://therapies.example.org" in after  # link addresses are written out on paper
