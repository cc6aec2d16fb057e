"""axe-core finds no WCAG 2.2 A or AA violation on any page of the signed-in area.

The budget pages are generated from budgets/urls.py, so a new view is walked without editing this file:
every GET page of a realistic budget (entries, a flagged entry, evidence, a regular payment, an
invitation, an import waiting to be checked, and a monitoring return in each state) as the parent, the
read-only pages as the young person, the officer's overview in the admin, and the account and two-step
verification pages a family member reaches. Three forms are checked with their error summary showing,
and the busiest pages also at a phone's width, where nothing may scroll sideways.
"""

import datetime
from decimal import Decimal
from itertools import product
from pathlib import Path

import pytest
from allauth.account.models import EmailAddress
from allauth.mfa.recovery_codes.internal.auth import RecoveryCodes
from allauth.mfa.totp.internal.auth import TOTP, generate_totp_secret
from django.conf import settings
from django.contrib.auth.models import Group, Permission
from django.core.files.uploadedfile import SimpleUploadedFile
from django.test import Client
from django.urls import URLPattern, reverse
from django.utils import timezone
from playwright.sync_api import expect

from budgets import services, urls
from budgets.dates import add_months
from budgets.imports import services as importing
from budgets.models import BudgetMembership, EntryFlag, LedgerEntry, RecurringPayment
from budgets.returns import services as returns
from budgets.returns.models import MonitoringReturn, ReturnSchedule
from tests.browser.accessibility import assert_accessible
from tests.browser.conftest import MOBILE, _open_context
from tests.budgets.factories import PASSWORD, UserFactory, make_budget, member

pytestmark = pytest.mark.django_db(transaction=True, serialized_rollback=True)

PDF = b"%PDF-1.4\n1 0 obj<<>>endobj\ntrailer<<>>\n%%EOF\n"
STATEMENT = Path(__file__).resolve().parent.parent / "budgets" / "fixtures" / "barclays.csv"

# Budget views that are not HTML pages to look at: each is checked below to really be POST-only or a file.
POST_ONLY = {"member_remove", "evidence_add", "recurring_stop", "import_discard", "return_submit", "reconcile_check"}
DOWNLOADS = {"evidence_download", "statement_csv", "statement_pdf", "account_export"}
# Pages named by a request for a budget or a hand-over: walked, in each state, by test_budget_requests.py.
REQUEST_PAGES = {"request_detail", "request_question", "request_check", "request_review", "handover_accept"}


def page_patterns():
    """Every view in budgets/urls.py (budget pages and the account pages beside them)."""
    return [p for p in urls.urlpatterns if isinstance(p, URLPattern)]


def html_patterns():
    return [p for p in page_patterns() if p.name not in POST_ONLY | DOWNLOADS | REQUEST_PAGES]


def years_before(day: datetime.date, years: int) -> datetime.date:
    try:
        return day.replace(year=day.year - years)
    except ValueError:  # 29 February
        return day.replace(year=day.year - years, day=28)


@pytest.fixture
def family(site):
    """A budget two quarters in, with one of everything a URL can name and a return in each state."""
    today = timezone.localdate()
    starts_on = add_months(today.replace(day=1), -7)
    budget = make_budget(
        holder_name="Jordan",
        holder_date_of_birth=years_before(today, 16),
        starts_on=starts_on,
        ends_on=add_months(starts_on, 12) - datetime.timedelta(days=1),
    )
    parent = member(budget, UserFactory(username="jordan-parent", email="parent@example.com"))
    young_person = member(budget, UserFactory(username="jordan"), BudgetMembership.Role.YOUNG_PERSON)
    budget.holder = young_person
    budget.save(update_fields=["holder"])
    services.record_entry(
        budget=budget,
        actor=parent,
        kind=LedgerEntry.Kind.PAYMENT_IN,
        amount=Decimal("1950.00"),
        spent_on=starts_on,
        payee="Camden Council",
        element="social_care",
    )
    entry = services.record_entry(
        budget=budget,
        actor=parent,
        spent_on=starts_on + datetime.timedelta(days=20),
        amount=Decimal("-45.50"),
        payee="Swimming Club Ltd",
        element="social_care",
        category="activities",
        evidence_files=[(SimpleUploadedFile("receipt.pdf", PDF), "application/pdf")],
    )
    flagged = services.record_entry(
        budget=budget,
        actor=parent,
        spent_on=add_months(starts_on, 6) + datetime.timedelta(days=3),
        amount=Decimal("-320.00"),
        payee="Games World",
        element="social_care",
        category="equipment",
    )
    EntryFlag.objects.create(entry=flagged, reason="Spending over £250 on one item needs the council's agreement")
    recurring = RecurringPayment.objects.create(
        budget=budget,
        payee="Jane Smith (personal assistant)",
        amount=Decimal("84.00"),
        element="social_care",
        starts_on=starts_on,
        next_due_on=today + datetime.timedelta(days=3),
    )
    invitation = services.invite_member(budget=budget, actor=parent, email="grandma@example.com", role="nominee")

    upload = importing.start_import(
        budget=budget, actor=parent, upload=SimpleUploadedFile("barclays.csv", STATEMENT.read_bytes())
    )
    importing.save_mapping(
        statement_import=upload,
        mapping=importing.mapping_for(upload, importing.csv_table(upload)),
        element="social_care",
    )

    returns.set_schedule(budget=budget, actor=None, frequency=ReturnSchedule.Frequency.QUARTERLY)
    first, second, third = budget.monitoring_returns.order_by("period_starts_on")[:3]
    returns.submit_return(monitoring_return=first, actor=parent, declared=True)
    returns.submit_return(monitoring_return=second, actor=parent, declared=True)
    officer = council_officer(budget)
    returns.query_return(
        monitoring_return=second, officer=officer, message="Which receipts are missing for the swimming?"
    )
    states = {item.pk: item.status for item in budget.monitoring_returns.all()}
    assert [states[first.pk], states[second.pk], states[third.pk]] == ["submitted", "queried", "open"]

    kwargs = {
        "budget": [budget.uuid],
        "entry": [entry.pk, flagged.pk],
        "evidence": [entry.evidence.get().pk],
        "recurring": [recurring.pk],
        "membership": [BudgetMembership.objects.get(user=young_person).pk],
        "statement_import": [upload.pk],
        "monitoring_return": [first.pk, second.pk, third.pk],
        "token": [invitation.token],
    }
    return {
        "budget": budget,
        "parent": parent,
        "young_person": young_person,
        "officer": officer,
        "kwargs": kwargs,
    }


def council_officer(budget):
    """A budget officer of the budget's council: council staff, so with an authenticator app set up."""
    officer = UserFactory(username="officer", email="officer@example.com")
    officer.groups.add(Group.objects.get_or_create(name="Budget officers")[0])
    officer.user_permissions.add(
        Permission.objects.get(content_type__app_label="wagtailadmin", codename="access_admin")
    )
    budget.council.officers.add(officer)
    TOTP.activate(officer, generate_totp_secret())
    return officer


def urls_for(pattern, family) -> list[str]:
    """The pattern's URL for every combination of the family's objects it can name."""
    names = list(pattern.pattern.converters)
    return [
        reverse(f"budgets:{pattern.name}", kwargs=dict(zip(names, values, strict=True)))
        for values in product(*(family["kwargs"][name] for name in names))
    ]


def sign_in(page, live_server, user):
    """Sign in by handing the browser a session made by Django's test client."""
    client = Client()
    client.force_login(user)
    page.context.add_cookies(
        [
            {
                "name": settings.SESSION_COOKIE_NAME,
                "value": client.cookies[settings.SESSION_COOKIE_NAME].value,
                "url": live_server.url,
            }
        ]
    )


def sign_in_with_the_form(page, email):
    page.goto("/accounts/login/")
    page.get_by_label("Email").fill(email)
    page.get_by_label("Password").fill(PASSWORD)
    page.get_by_role("button", name="Sign in").click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Personal budgets")


def reauthenticate_to_open(page, path):
    """Open a page allauth guards with "enter your password again", checking that prompt on the way."""
    page.goto(path)
    assert "/accounts/reauthenticate/" in page.url
    assert_accessible(page)
    page.get_by_label("Password").fill(PASSWORD)
    page.get_by_role("button", name="Confirm").click()
    assert page.url.endswith(path), f"{path} after reauthenticating went to {page.url}"


def check_pages(page, paths):
    """Open each path and run axe-core on it; fail once, listing every page with a violation."""
    failures = []
    for path in paths:
        response = page.goto(path)
        assert response.status == 200, f"{path} answered {response.status}"
        assert page.url.endswith(path), f"{path} redirected to {page.url}"
        try:
            assert_accessible(page)
            # What closed details hide (the chart's table, help text) is checked opened too.
            if page.evaluate(OPEN_ALL_DETAILS):
                assert_accessible(page)
        except pytest.fail.Exception as failure:
            failures.append(str(failure))
    if failures:
        pytest.fail("\n\n".join(failures), pytrace=False)


OPEN_ALL_DETAILS = """() => {
    const closed = [...document.querySelectorAll("details:not([open])")];
    closed.forEach((details) => { details.open = true; });
    return closed.length;
}"""


def assert_no_sideways_scrolling(page):
    widths = page.evaluate("() => [document.documentElement.scrollWidth, window.innerWidth]")
    assert widths[0] <= widths[1], f"{page.url} scrolls sideways on a phone: {widths[0]}px wide in {widths[1]}px"


# WCAG 2.2 1.4.10 (Reflow): content fits 320 CSS pixels without scrolling in two directions. A table may
# scroll inside a region of its own (keyboard-focusable and named), never the page.
NARROW = {"width": 320, "height": 640}
SIDEWAYS = """() => {
    const width = document.documentElement.clientWidth;
    const problems = [];
    if (document.documentElement.scrollWidth > width) {
        problems.push(`the page is ${document.documentElement.scrollWidth}px wide`);
    }
    for (const region of document.querySelectorAll("main [data-scroll-region]")) {
        if (region.getAttribute("role") !== "region" || region.getAttribute("tabindex") !== "0"
                || !(region.getAttribute("aria-label") || region.getAttribute("aria-labelledby"))) {
            problems.push("a scrolling table region without role, name and tabindex=0");
        }
    }
    for (const element of document.querySelectorAll("main *")) {
        const box = element.getBoundingClientRect();
        if (box.width && box.right > width + 1 && !element.closest("[data-scroll-region]")) {
            const name = `<${element.tagName.toLowerCase()} class="${element.className}">`;
            problems.push(`${name} ends at ${Math.round(box.right)}px`);
            break;
        }
    }
    return problems;
}"""


@pytest.fixture
def narrow_page(browser, live_server, site):
    """A 320 CSS pixel wide phone tab (the width WCAG's reflow criterion names)."""
    context, errors = _open_context(browser, live_server, viewport=NARROW, is_mobile=True, has_touch=True)
    tab = context.new_page()
    yield tab
    context.close()
    assert not errors, "The browser reported errors:\n" + "\n".join(errors)


def reflow_problems(page, paths) -> list[str]:
    problems = []
    for path in paths:
        response = page.goto(path)
        assert response.status == 200, f"{path} answered {response.status}"
        found = page.evaluate(SIDEWAYS)
        if found:
            problems.append(f"{path}: {'; '.join(found)}")
    return problems


def test_the_walk_covers_every_budget_view(client, family):
    """Every view is either walked with axe-core or is POST-only or a file download, as it says."""
    names = {p.name for p in page_patterns()}
    assert {"dashboard", "entry_list", "entry_create", "return_detail", "import_preview", "statement"} <= names
    assert POST_ONLY | DOWNLOADS | REQUEST_PAGES <= names
    client.force_login(family["parent"])
    for pattern in page_patterns():
        if pattern.name in REQUEST_PAGES:
            continue
        for url in urls_for(pattern, family):
            response = client.get(url)
            if pattern.name in POST_ONLY:
                assert response.status_code == 405, url
            elif pattern.name in DOWNLOADS:
                assert response.status_code == 200, url
                assert not response["Content-Type"].startswith("text/html"), url
            else:
                assert response.status_code == 200, url
                assert response["Content-Type"].startswith("text/html"), url


def test_every_budget_page_has_no_axe_violations_for_the_parent(page, live_server, family):
    sign_in(page, live_server, family["parent"])
    paths = [url for pattern in html_patterns() for url in urls_for(pattern, family)]
    assert len(paths) >= 25
    check_pages(page, paths)


def test_every_budget_page_has_no_axe_violations_for_the_young_person(page, live_server, family):
    """Jordan is 16 and holds the budget, so manages it: every page, in the young person's wording."""
    young_person = family["young_person"]
    assert BudgetMembership.objects.get(user=young_person).can_manage
    sign_in(page, live_server, young_person)
    check_pages(page, [url for pattern in html_patterns() for url in urls_for(pattern, family)])
    page.goto(reverse("budgets:dashboard", kwargs={"budget": family["budget"].uuid}))
    expect(page.get_by_role("heading", level=1)).to_have_text("Your budget")


def test_the_officer_overview_and_review_have_no_axe_violations(page, live_server, family, settings):
    # An admin page and its /admin/jsi18n/ script arrive together; saving the session on both at once
    # races on the live server's one shared SQLite connection ("cannot start a transaction within a
    # transaction"). Only the test server shares a connection between threads.
    settings.SESSION_SAVE_EVERY_REQUEST = False
    sign_in(page, live_server, family["officer"])
    submitted = family["budget"].monitoring_returns.get(status=MonitoringReturn.Status.SUBMITTED)
    check_pages(
        page,
        [
            reverse("budget_returns:overview"),
            reverse("budget_returns:overview") + "?show=awaiting_review",
            reverse("budget_returns:review", kwargs={"pk": submitted.pk}),
            reverse("budget_returns:schedule", kwargs={"budget_pk": family["budget"].pk}),
            reverse("budgets:budget_list"),
            reverse("budgets:dashboard", kwargs={"budget": family["budget"].uuid}),
        ],
    )
    page.goto(reverse("budget_returns:overview"))
    expect(page.get_by_text("Jordan").first).to_be_visible()


def test_account_and_two_step_verification_pages_have_no_axe_violations(page, family):
    sign_in_with_the_form(page, "parent@example.com")
    check_pages(
        page,
        [
            reverse("account_email"),
            reverse("account_change_password"),
            reverse("mfa_index"),
            reverse("account_logout"),
        ],
    )
    expect(page.get_by_role("button", name="Sign out")).to_be_visible()
    # Setting up an authenticator app asks for the password again first.
    reauthenticate_to_open(page, reverse("mfa_activate_totp"))
    expect(page.get_by_label("Authenticator code")).to_be_visible()
    assert_accessible(page)
    # A change of address waiting for verification (two-step set-up is refused until it is verified).
    EmailAddress.objects.create(user=family["parent"], email="parent.work@example.com", verified=False)
    check_pages(page, [reverse("account_email")])
    pending = page.locator(".govuk-summary-list__row", has_text="Changing to")
    expect(pending).to_contain_text("parent.work@example.com")
    expect(page.get_by_role("button", name="Send the confirmation email again")).to_be_visible()
    expect(page.get_by_role("button", name="Cancel the change")).to_be_visible()


def test_recovery_code_pages_have_no_axe_violations_once_an_app_is_set_up(page, family):
    parent = family["parent"]
    TOTP.activate(parent, generate_totp_secret())
    RecoveryCodes.activate(parent)
    page.goto("/accounts/login/")
    page.get_by_label("Email").fill("parent@example.com")
    page.get_by_label("Password").fill(PASSWORD)
    page.get_by_role("button", name="Sign in").click()
    assert_accessible(page)  # the code prompt
    codes = RecoveryCodes(parent.authenticator_set.get(type="recovery_codes")).get_unused_codes()
    page.get_by_label("Code").fill(codes[0])
    page.get_by_role("button", name="Sign in").click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Personal budgets")
    reauthenticate_to_open(page, reverse("mfa_view_recovery_codes"))
    check_pages(
        page,
        [
            reverse("mfa_index"),
            reverse("mfa_view_recovery_codes"),
            reverse("mfa_generate_recovery_codes"),
            reverse("mfa_deactivate_totp"),
        ],
    )


def test_password_reset_pages_have_no_axe_violations(page, family):
    check_pages(page, [reverse("account_reset_password")])
    page.get_by_label("Email").fill("parent@example.com")
    page.get_by_role("button", name="Reset").click()
    assert page.url.endswith(reverse("account_reset_password_done"))
    assert_accessible(page)


def test_spending_form_errors_have_no_axe_violations(page, live_server, family):
    sign_in(page, live_server, family["parent"])
    page.goto(reverse("budgets:entry_create", kwargs={"budget": family["budget"].uuid}))
    page.get_by_label("Amount in pounds").fill("twelve")
    page.get_by_role("button", name="Save").click()
    summary = page.locator(".govuk-error-summary")
    expect(summary).to_be_visible()
    expect(summary).to_be_focused()
    expect(page.get_by_label("Amount in pounds")).to_have_value("twelve")
    assert_accessible(page)


def test_invite_form_errors_have_no_axe_violations(page, live_server, family):
    sign_in(page, live_server, family["parent"])
    page.goto(reverse("budgets:member_invite", kwargs={"budget": family["budget"].uuid}))
    page.get_by_label("Email address").fill("not-an-email")
    page.get_by_role("button", name="Send invitation").click()
    summary = page.locator(".govuk-error-summary")
    expect(summary).to_contain_text("email")
    expect(page.get_by_label("Email address")).to_have_value("not-an-email")
    assert_accessible(page)


def test_sign_in_with_a_wrong_password_has_no_axe_violations(page, family):
    page.goto("/accounts/login/")
    page.get_by_label("Email").fill("parent@example.com")
    page.get_by_label("Password").fill("not-my-password")
    page.get_by_role("button", name="Sign in").click()
    summary = page.locator(".govuk-error-summary")
    expect(summary).to_be_visible()
    expect(page.get_by_label("Email")).to_have_value("parent@example.com")
    assert_accessible(page)


def test_every_budget_form_sent_empty_shows_errors_without_axe_violations(page, live_server, family):
    """Each budget form sent with nothing (or nothing valid) filled in: one error summary, no violations."""
    budget = family["budget"]
    kwargs = {"budget": budget.uuid}
    queried = budget.monitoring_returns.get(status=MonitoringReturn.Status.QUERIED)
    entry = family["kwargs"]["entry"][0]
    forms = [
        (reverse("budgets:entry_create", kwargs=kwargs), "Save", {}),
        (reverse("budgets:entry_edit", kwargs=kwargs | {"entry": entry}), "Save", {"Amount in pounds": "-"}),
        (reverse("budgets:recurring_create", kwargs=kwargs), "Set up payment", {}),
        (reverse("budgets:member_invite", kwargs=kwargs), "Send invitation", {}),
        (reverse("budgets:import_start", kwargs=kwargs), "Upload and continue", {}),
        (reverse("budgets:reconcile", kwargs=kwargs), "Check the balance", {}),
        (
            reverse("budgets:return_detail", kwargs=kwargs | {"monitoring_return": queried.pk}),
            "Resubmit the return",
            {},
        ),
        (reverse("budgets:entry_list", kwargs=kwargs), "Apply filters", {"Day": "31"}),
        (reverse("budgets:account_delete"), "Delete your account", {}),
    ]
    sign_in(page, live_server, family["parent"])
    failures = []
    for path, button, typed in forms:
        page.goto(path)
        for label, value in typed.items():
            page.get_by_label(label, exact=True).first.fill(value)
        page.locator("main").get_by_role("button", name=button, exact=True).click()
        summary = page.locator(".govuk-error-summary")
        expect(summary, f"{path} shows no error summary").to_have_count(1)
        try:
            assert_accessible(page)
        except pytest.fail.Exception as failure:
            failures.append(str(failure))
    if failures:
        pytest.fail("\n\n".join(failures), pytrace=False)
    assert budget.entries.count() == 3 and budget.recurring_payments.count() == 1


def test_account_form_errors_have_no_axe_violations(page, family):
    sign_in_with_the_form(page, "parent@example.com")
    page.goto(reverse("account_change_password"))
    page.get_by_label("Current password").fill("not-my-password")
    page.get_by_role("button", name="Change password").click()
    expect(page.locator(".govuk-error-summary")).to_have_count(1)
    assert_accessible(page)
    reauthenticate_to_open(page, reverse("mfa_activate_totp"))
    page.get_by_label("Authenticator code").fill("000000")
    page.locator("main").get_by_role("button").first.click()
    expect(page.locator(".govuk-error-summary")).to_have_count(1)
    assert_accessible(page)


def test_every_budget_page_works_without_javascript(no_js_page, live_server, family):
    """axe-core needs JavaScript, so with it off: each page still has one main and one h1, and every
    control is a real link or a button inside a form (nothing waits for a script to do its job)."""
    sign_in(no_js_page, live_server, family["parent"])
    paths = [url for pattern in html_patterns() for url in urls_for(pattern, family) if "budget" in url]
    for path in paths:
        response = no_js_page.goto(path)
        assert response.status == 200, path
        expect(no_js_page.locator("main"), path).to_have_count(1)
        expect(no_js_page.locator("h1"), path).to_have_count(1)
        expect(no_js_page.locator("main a:not([href]), main a[href^='javascript:']"), path).to_have_count(0)
        expect(no_js_page.locator("main button:not(form button):not([form])"), path).to_have_count(0)
    no_js_page.goto(reverse("budgets:entry_create", kwargs={"budget": family["budget"].uuid}))
    no_js_page.get_by_label("Amount in pounds").fill("twelve")
    no_js_page.get_by_role("button", name="Save").click()
    expect(no_js_page.locator(".govuk-error-summary")).to_contain_text("Enter the amount")
    expect(no_js_page.get_by_label("Amount in pounds")).to_have_value("twelve")


@pytest.mark.parametrize("state", ["new", "overspent", "surplus"])
def test_budget_pages_in_other_states_have_no_axe_violations(page, live_server, site, state):
    """A budget with nothing recorded yet (empty tables, an empty chart), one spending too fast (the
    run-out warning) and one holding far more than it should (the surplus warning)."""
    today = timezone.localdate()
    starts_on = add_months(today.replace(day=1), -5)
    budget = make_budget(
        holder_name="Robin", starts_on=starts_on, ends_on=add_months(starts_on, 12) - datetime.timedelta(1)
    )
    parent = member(budget, UserFactory(username="robin-parent"))
    if state != "new":
        services.record_entry(
            budget=budget,
            actor=parent,
            kind=LedgerEntry.Kind.PAYMENT_IN,
            amount=Decimal("7800.00"),
            spent_on=starts_on,
            payee="Camden Council",
            element="social_care",
        )
    if state == "overspent":
        services.record_entry(
            budget=budget,
            actor=parent,
            amount=Decimal("-6900.00"),
            spent_on=starts_on + datetime.timedelta(days=10),
            payee="Holiday respite",
            element="social_care",
            category="respite",
        )
    sign_in(page, live_server, parent)
    kwargs = {"budget": [budget.uuid]}
    only_budget = [p for p in html_patterns() if set(p.pattern.converters) == {"budget"}]
    check_pages(page, [url for pattern in only_budget for url in urls_for(pattern, {"kwargs": kwargs})])
    page.goto(reverse("budgets:dashboard", kwargs={"budget": budget.uuid}))
    warning = {"new": None, "overspent": "will run out around", "surplus": "may ask for unspent money back"}[state]
    expect(page.locator("main .govuk-warning-text")).to_have_count(0 if warning is None else 1)
    if warning:
        expect(page.locator("main .govuk-warning-text")).to_contain_text(warning)


def test_every_budget_page_fits_a_phone(mobile_page, live_server, family):
    sign_in(mobile_page, live_server, family["parent"])
    for path in [url for pattern in html_patterns() for url in urls_for(pattern, family)]:
        mobile_page.goto(path)
        assert_no_sideways_scrolling(mobile_page)


def test_every_signed_in_page_reflows_at_320_css_pixels(narrow_page, live_server, family):
    """The budgets list, the overview, entries, regular payments, people, the statement, each return and
    every other signed-in page: nothing scrolls sideways at 320 CSS pixels, for the parent and the young
    person, with every monitoring return in its state."""
    assert narrow_page.viewport_size == NARROW
    sign_in(narrow_page, live_server, family["parent"])
    paths = [url for pattern in html_patterns() for url in urls_for(pattern, family)]
    assert any("/returns/" in path for path in paths) and any("/statement/" in path for path in paths)
    problems = reflow_problems(narrow_page, paths)
    sign_in(narrow_page, live_server, family["young_person"])
    problems += reflow_problems(
        narrow_page,
        [reverse(f"budgets:{name}", kwargs={"budget": family["budget"].uuid}) for name in ("dashboard", "entry_list")],
    )
    assert problems == [], "\n".join(problems)


@pytest.mark.parametrize("name", ["dashboard", "entry_list", "entry_create"])
def test_busy_pages_fit_a_phone_without_axe_violations(mobile_page, live_server, family, name):
    assert mobile_page.viewport_size == MOBILE
    sign_in(mobile_page, live_server, family["parent"])
    response = mobile_page.goto(reverse(f"budgets:{name}", kwargs={"budget": family["budget"].uuid}))
    assert response.status == 200
    assert_no_sideways_scrolling(mobile_page)
    assert_accessible(mobile_page)
