"""A young person who holds their own budget signs in through the real login page, checks what is left,
records something they paid for with a photo of the receipt, and sees the balance go down by exactly that
amount. axe-core checks the dashboard and the entry form."""

import datetime
import struct
import zlib
from decimal import Decimal

import pytest
from django.utils import timezone
from playwright.sync_api import expect

from budgets.models import BudgetMembership, Evidence, LedgerEntry
from tests.browser.accessibility import assert_accessible
from tests.budgets.factories import PASSWORD, UserFactory, make_budget, member

pytestmark = pytest.mark.django_db(transaction=True, serialized_rollback=True)


def png_bytes(width=2, height=2) -> bytes:
    """A small, valid PNG (8-bit greyscale), built by hand: signature, IHDR, IDAT and IEND chunks."""

    def chunk(kind: bytes, data: bytes) -> bytes:
        return struct.pack(">I", len(data)) + kind + data + struct.pack(">I", zlib.crc32(kind + data) & 0xFFFFFFFF)

    header = struct.pack(">IIBBBBB", width, height, 8, 0, 0, 0, 0)
    pixels = b"".join(b"\x00" + b"\x80" * width for _ in range(height))
    return b"\x89PNG\r\n\x1a\n" + chunk(b"IHDR", header) + chunk(b"IDAT", zlib.compress(pixels)) + chunk(b"IEND", b"")


def pounds(text: str) -> Decimal:
    """A figure as shown on the page ("£1,234.50") as a Decimal."""
    return Decimal(text.strip().replace("£", "").replace(",", ""))


def years_before(day: datetime.date, years: int) -> datetime.date:
    try:
        return day.replace(year=day.year - years)
    except ValueError:  # 29 February
        return day.replace(year=day.year - years, day=28)


def test_young_person_signs_in_records_spending_with_a_receipt_and_sees_the_balance_fall(page, live_server, site):
    today = timezone.localdate()
    starts_on = today - datetime.timedelta(days=60)
    budget = make_budget(
        holder_name="Jordan",
        holder_date_of_birth=years_before(today, 17) - datetime.timedelta(days=30),
        starts_on=starts_on,
        ends_on=starts_on + datetime.timedelta(days=364),
    )
    jordan = UserFactory(username="jordan", email="jordan@example.com")
    budget.holder = jordan
    budget.save(update_fields=["holder"])
    member(budget, jordan, BudgetMembership.Role.YOUNG_PERSON)
    budget.entries.create(
        kind=LedgerEntry.Kind.PAYMENT_IN,
        amount=Decimal("1300.00"),
        spent_on=starts_on,
        element="social_care",
        payee="Camden Council",
    )
    budget.entries.create(
        kind=LedgerEntry.Kind.SPENDING,
        amount=Decimal("-87.25"),
        spent_on=starts_on + datetime.timedelta(days=7),
        element="social_care",
        payee="Climbing Centre",
    )

    page.goto("/accounts/login/")
    page.get_by_label("Email").fill("jordan@example.com")
    page.get_by_label("Password").fill(PASSWORD)
    page.get_by_role("button", name="Sign in").click()

    page.get_by_role("link", name="Jordan").click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Your budget")
    balance_before = pounds(page.locator("[data-figure=balance]").inner_text())
    remaining_before = pounds(page.locator("[data-figure=remaining]").inner_text())
    assert balance_before == Decimal("1212.75")
    assert_accessible(page)

    page.get_by_role("button", name="Add something you paid for").click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Record spending")
    assert_accessible(page)
    # The GOV.UK date input: day, month and year boxes. A date that does not exist comes back with
    # one error summary linking to the day, what was typed kept.
    yesterday = today - datetime.timedelta(days=1)
    date_of_payment = page.get_by_role("group", name="Date of payment")
    date_of_payment.get_by_label("Day").fill("31")
    date_of_payment.get_by_label("Month").fill("Feb")
    date_of_payment.get_by_label("Year").fill(str(yesterday.year))
    page.get_by_label("Amount in pounds").fill("23.40")
    page.get_by_label("Who was paid").fill("Art Supplies Co")
    page.get_by_label("Part of the budget").select_option("social_care")
    page.get_by_label("What it was for (agreed provision)").select_option(label="Personal assistant (Social care)")
    page.get_by_label("Category").select_option("activities")
    page.get_by_role("button", name="Save").click()
    summary = page.locator(".govuk-error-summary")
    expect(summary).to_have_count(1)
    expect(summary).to_be_focused()
    assert_accessible(page)
    summary.get_by_role("link", name="Date of payment must be a real date").click()
    expect(date_of_payment.get_by_label("Day")).to_be_focused()
    expect(date_of_payment.get_by_label("Month")).to_have_value("Feb")
    expect(page.get_by_label("Amount in pounds")).to_have_value("23.40")

    date_of_payment.get_by_label("Day").fill(str(yesterday.day))
    date_of_payment.get_by_label("Month").fill(f"{yesterday:%B}")
    page.get_by_label("Receipt, invoice or timesheet (optional)").set_input_files(
        files=[{"name": "art-receipt.png", "mimeType": "image/png", "buffer": png_bytes()}]
    )
    page.get_by_role("button", name="Save").click()

    expect(page.locator(".govuk-notification-banner")).to_contain_text("£23.40 to Art Supplies Co recorded")
    expect(page.get_by_role("heading", level=1)).to_have_text("Art Supplies Co")
    expect(page.get_by_role("link", name="art-receipt.png")).to_be_visible()

    page.goto(f"/budgets/{budget.uuid}/")
    balance_after = pounds(page.locator("[data-figure=balance]").inner_text())
    remaining_after = pounds(page.locator("[data-figure=remaining]").inner_text())
    assert balance_before - balance_after == Decimal("23.40")
    assert remaining_before - remaining_after == Decimal("23.40")
    row = page.get_by_role("row").filter(has_text="Art Supplies Co")
    expect(row).to_contain_text("£23.40")
    expect(row).to_contain_text("Receipt")

    entry = budget.entries.get(payee="Art Supplies Co")
    assert entry.amount == Decimal("-23.40")
    assert entry.created_by == jordan
    evidence = Evidence.objects.get(entry=entry)
    assert evidence.original_name == "art-receipt.png"
    with evidence.file.open("rb") as stored:
        assert stored.read() == png_bytes()
