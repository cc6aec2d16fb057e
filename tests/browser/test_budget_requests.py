"""axe-core on every page of asking for a personal budget and of the hand-over at 16, in each state a
family meets them (each question, with and without its error, check your answers, each status, the
review), the officer's queue and prompts in the admin; the whole request answered in a browser with
JavaScript switched off; and the question pages at 320 CSS pixels, where nothing may scroll sideways."""

import datetime

import pytest
from django.urls import reverse
from django.utils import timezone
from playwright.sync_api import expect

from budgets.models import BudgetMembership, Council
from budgets.requests import services as requesting
from budgets.requests.models import AdulthoodPrompt, BudgetRequest
from budgets.requests.views import questions_for
from tests.browser.accessibility import assert_accessible
from tests.browser.conftest import _open_context
from tests.browser.test_accessibility_signed_in import (
    NARROW,
    check_pages,
    council_officer,
    reflow_problems,
    sign_in,
    years_before,
)
from tests.budgets.factories import UserFactory, make_budget, member

pytestmark = pytest.mark.django_db(transaction=True, serialized_rollback=True)

Status = BudgetRequest.Status


def answered(user, council, name):
    item = requesting.start_request(user=user)
    return requesting.save_answers(
        item=item,
        actor=user,
        council=council,
        asked_by="parent",
        child_name=name,
        child_date_of_birth=years_before(timezone.localdate(), 9),
        plan="has_plan",
        plan_reference="EHCP-0001",
        elements=["education", "social_care"],
        wishes="A personal assistant\nand swimming lessons",
        holding_arrangement="direct_payment",
        consent=True,
    )


@pytest.fixture
def asking(site):
    """A parent with a request in every status, one being answered, and a budget to hand over at 16."""
    budget = make_budget(holder_name="Jordan", holder_date_of_birth=years_before(timezone.localdate(), 16))
    parent = member(budget, UserFactory(username="asking-parent", email="asking@example.com"))
    officer = council_officer(budget)
    council = budget.council
    items = {}
    for status, path in [
        (Status.RECEIVED, []),
        (Status.CONSIDERING, ["considering"]),
        (Status.AGREED, ["considering", "agreed"]),
        (Status.SET_UP, ["considering", "agreed", "set_up"]),
        (Status.DECLINED, ["considering", "declined"]),
    ]:
        item = requesting.submit_request(item=answered(parent, council, f"Child {status}"), actor=parent)
        for step in path:
            item = requesting.move_request(item=item, actor=officer, step=step, reason="Not in the plan.")
        items[status] = item
    reviewed = requesting.submit_request(item=answered(parent, council, "Reviewed child"), actor=parent)
    reviewed = requesting.move_request(item=reviewed, actor=officer, step="considering")
    reviewed = requesting.move_request(item=reviewed, actor=officer, step="declined", reason="No.")
    items["reviewed"] = requesting.ask_for_review(item=reviewed, actor=parent, reason="Please look again.")
    draft = requesting.start_request(user=parent)
    young = UserFactory(username="jordan", email="jordan@example.com")
    handover = requesting.offer_handover(budget=budget, actor=parent, email=young.email)
    older = make_budget(
        council=council,
        holder_name="Casey",
        holder_date_of_birth=years_before(timezone.localdate() + datetime.timedelta(days=90), 18),
        ends_on=timezone.localdate() + datetime.timedelta(days=300),
    )
    requesting.prompt_before_adulthood()
    return {
        "budget": budget,
        "parent": parent,
        "officer": officer,
        "items": items,
        "draft": draft,
        "young": young,
        "handover": handover,
        "prompt": AdulthoodPrompt.objects.get(budget=older),
    }


def test_every_request_page_has_no_axe_violations(page, live_server, asking):
    sign_in(page, live_server, asking["parent"])
    draft = asking["draft"]
    paths = [reverse("budgets:request_start"), reverse("budgets:budget_list")]
    paths += [
        reverse("budgets:request_question", kwargs={"budget_request": draft.uuid, "question": slug})
        for slug in questions_for(draft)
    ]
    paths.append(reverse("budgets:request_check", kwargs={"budget_request": draft.uuid}))
    paths += [
        reverse("budgets:request_detail", kwargs={"budget_request": item.uuid}) for item in asking["items"].values()
    ]
    for item in (asking["items"][Status.DECLINED], asking["items"]["reviewed"]):
        paths.append(reverse("budgets:request_review", kwargs={"budget_request": item.uuid}))
    paths.append(reverse("budgets:handover_offer", kwargs={"budget": asking["budget"].uuid}))
    assert len(paths) >= 20
    check_pages(page, paths)
    expect(page.get_by_role("heading", level=1)).to_have_text("Hand the budget over to Jordan")


def test_each_question_with_its_error_has_no_axe_violations(page, live_server, asking):
    sign_in(page, live_server, asking["parent"])
    draft = asking["draft"]
    failures = []
    for slug in questions_for(draft):
        page.goto(reverse("budgets:request_question", kwargs={"budget_request": draft.uuid, "question": slug}))
        page.get_by_role("button", name="Continue").click()
        summary = page.locator(".govuk-error-summary")
        expect(summary, slug).to_have_count(1)
        try:
            assert_accessible(page)
        except pytest.fail.Exception as failure:
            failures.append(str(failure))
    # Sending with answers missing says which.
    page.goto(reverse("budgets:request_check", kwargs={"budget_request": draft.uuid}))
    page.get_by_role("button", name="Send request").click()
    expect(page.locator(".govuk-error-summary")).to_contain_text("Answer every question")
    assert_accessible(page)
    if failures:
        pytest.fail("\n\n".join(failures), pytrace=False)


def test_the_hand_over_is_accepted_in_the_browser(page, live_server, asking):
    sign_in(page, live_server, asking["young"])
    page.goto(reverse("budgets:budget_list"))
    assert_accessible(page)
    page.get_by_role("link", name="Accept the hand-over").click()
    assert_accessible(page)
    page.get_by_role("button", name="Accept and take over my budget").click()
    expect(page.locator(".govuk-error-summary")).to_contain_text("Select whether they can still help")
    assert_accessible(page)
    page.get_by_label("Yes, but they can only look at it (viewer)").check()
    page.get_by_role("button", name="Accept and take over my budget").click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Your budget")
    membership = BudgetMembership.objects.get(budget=asking["budget"], user=asking["parent"])
    assert membership.role == BudgetMembership.Role.VIEWER


def test_a_request_answered_and_sent_without_javascript(no_js_page, live_server, site):
    Council.objects.get_or_create(name="Camden Council")
    parent = UserFactory(username="no-js-parent")
    page = no_js_page
    sign_in(page, live_server, parent)
    page.goto(reverse("budgets:budget_list"))
    page.get_by_role("link", name="Ask for a personal budget").click()
    page.get_by_role("button", name="Start now").click()
    page.get_by_label("A parent or carer, for my child").check()
    page.get_by_role("button", name="Continue").click()
    page.get_by_label("What is the child or young person's full name?").fill("Ali Khan")
    page.get_by_role("button", name="Continue").click()
    born = years_before(timezone.localdate(), 12)
    page.get_by_label("Day").fill(str(born.day))
    page.get_by_label("Month").fill(str(born.month))
    page.get_by_label("Year").fill(str(born.year))
    page.get_by_role("button", name="Continue").click()
    page.get_by_label("Not yet, the needs are being assessed").check()
    page.get_by_role("button", name="Continue").click()
    page.get_by_label("Health").check()
    page.get_by_role("button", name="Continue").click()
    page.get_by_label("What would you like the personal budget to pay for?").fill("Physiotherapy at home")
    page.get_by_role("button", name="Continue").click()
    page.get_by_label("Notional budget", exact=False).check()
    page.get_by_role("button", name="Continue").click()
    page.get_by_label("I agree that the council", exact=False).check()
    page.get_by_role("button", name="Continue").click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Check your answers before sending your request")
    page.get_by_role("link", name="Change what it would pay for").click()
    page.get_by_label("What would you like the personal budget to pay for?").fill("Physiotherapy and a hoist")
    page.get_by_role("button", name="Continue").click()
    expect(page.locator("main")).to_contain_text("Physiotherapy and a hoist")
    page.get_by_role("button", name="Send request").click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Your request for Ali Khan's personal budget")
    item = BudgetRequest.objects.get(requested_by=parent)
    assert item.status == "received" and item.wishes == "Physiotherapy and a hoist"


@pytest.fixture
def narrow_page(browser, live_server, site):
    context, errors = _open_context(browser, live_server, viewport=NARROW, is_mobile=True, has_touch=True)
    tab = context.new_page()
    yield tab
    context.close()
    assert not errors, "The browser reported errors:\n" + "\n".join(errors)


def test_question_pages_reflow_at_320_css_pixels(narrow_page, live_server, asking):
    sign_in(narrow_page, live_server, asking["parent"])
    draft = asking["draft"]
    paths = [
        reverse("budgets:request_question", kwargs={"budget_request": draft.uuid, "question": slug})
        for slug in questions_for(draft)
    ]
    paths += [
        reverse("budgets:request_check", kwargs={"budget_request": draft.uuid}),
        reverse("budgets:request_detail", kwargs={"budget_request": asking["items"][Status.DECLINED].uuid}),
    ]
    assert reflow_problems(narrow_page, paths) == []


def test_the_officers_queue_and_prompts_have_no_axe_violations(page, live_server, asking, settings):
    settings.SESSION_SAVE_EVERY_REQUEST = False  # see the returns overview's test: one shared connection
    officer = asking["officer"]
    from django.contrib.auth.models import Permission

    officer.user_permissions.add(
        *Permission.objects.filter(
            codename__in=[
                "view_budgetrequest",
                "change_budgetrequest",
                "view_adulthoodprompt",
                "change_adulthoodprompt",
            ]
        )
    )
    sign_in(page, live_server, officer)
    received = asking["items"][Status.RECEIVED]
    check_pages(
        page,
        [
            reverse("budget_requests:index"),
            reverse("budget_requests:index") + "?status=declined",
            reverse("budget_requests:inspect", args=[received.pk]),
            reverse("budget_requests:edit", args=[received.pk]),
            reverse("adulthood_prompts:index"),
            reverse("adulthood_prompts:inspect", args=[asking["prompt"].pk]),
            reverse("adulthood_prompts:edit", args=[asking["prompt"].pk]),
        ],
    )
    page.goto(reverse("budget_requests:edit", args=[received.pk]))
    page.get_by_label("Being considered").check()
    page.get_by_role("button", name="Save").click()
    expect(page.get_by_text("the family has been emailed").first).to_be_visible()
    assert BudgetRequest.objects.get(pk=received.pk).status == "considering"
