"""Everything a family does works with JavaScript switched off: scripts only enhance."""

import re

import pytest
from playwright.sync_api import expect

from localoffer.models import Feedback

pytestmark = pytest.mark.django_db(transaction=True, serialized_rollback=True)


def test_directory_filters_work_without_javascript(no_js_page, borough):
    no_js_page.goto("/services/")
    expect(no_js_page.locator("body")).not_to_have_class(re.compile("js-enabled"))
    no_js_page.get_by_label("Age of child or young person").select_option("12")
    no_js_page.get_by_role("group", name="Needs").get_by_label("ADHD").check()
    no_js_page.get_by_role("button", name="Apply filters").click()

    expect(no_js_page).to_have_url(re.compile(r"needs=adhd"))
    expect(no_js_page).to_have_url(re.compile(r"age=12"))
    expect(no_js_page.locator("#results-count")).to_have_text("1 service found")
    expect(no_js_page.get_by_role("link", name="ADHD parents' group")).to_be_visible()
    expect(no_js_page.get_by_label("Age of child or young person")).to_have_value("12")


def test_feedback_form_works_without_javascript(no_js_page, borough):
    no_js_page.goto("/you-said-we-did/")
    no_js_page.get_by_label("What is your comment about? (optional)").fill("The directory")
    no_js_page.get_by_role("button", name="Send comment").click()
    expect(no_js_page.locator(".govuk-error-summary")).to_contain_text("Enter your comment")
    expect(no_js_page.get_by_label("What is your comment about? (optional)")).to_have_value("The directory")
    assert Feedback.objects.count() == 0

    no_js_page.get_by_label("Your comment", exact=True).fill("Please list more holiday schemes")
    no_js_page.get_by_role("button", name="Send comment").click()
    expect(no_js_page.get_by_role("alert")).to_contain_text("Thank you")
    comment = Feedback.objects.get()
    assert (comment.about, comment.comment, comment.status) == (
        "The directory",
        "Please list more holiday schemes",
        Feedback.NEW,
    )
