"""The one money parser (budgets/money.py) and the family's amount fields that use it: everything the
ledger's DecimalField(max_digits=12, decimal_places=2) cannot hold is refused with a specific message."""

import re
from decimal import Decimal

import pytest

from budgets import money
from budgets.forms import EntryForm, MoneyField, RecurringPaymentForm
from tests.budgets.factories import date_fields


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("45.50", Decimal("45.50")),
        ("£1,234.56", Decimal("1234.56")),
        ("-12", Decimal("-12.00")),
        ("\u221212.00", Decimal("-12.00")),
        (" 7.5 ", Decimal("7.50")),
        ("9999999999.99", Decimal("9999999999.99")),  # the largest amount the ledger can hold
        ("0001.00", Decimal("1.00")),
    ],
)
def test_amounts_people_type_are_read_exactly(text, expected):
    assert money.parse_amount(text, bank_notation=False) == expected


@pytest.mark.parametrize(
    ("text", "code", "message"),
    [
        ("NaN", "invalid", "“NaN” is not an amount of money"),
        ("nan", "invalid", "is not an amount of money"),
        ("Infinity", "invalid", "“Infinity” is not an amount of money"),
        ("-inf", "invalid", "is not an amount of money"),
        ("1E+40", "invalid", "“1E+40” is not an amount of money"),
        ("1e5", "invalid", "is not an amount of money"),
        ("123456789012345678901234567890", "too_large", "at most 10 digits before the decimal point"),
        ("10000000000.00", "too_large", "at most 10 digits before the decimal point"),
        ("\uff11\uff12\uff13", "digits", "not the digits 0 to 9"),  # full-width １２３
        ("£1,2,3", "commas", "commas in the wrong places"),
        ("1,23.45", "commas", "commas in the wrong places"),
        ("12.345", "pence", "more than 2 numbers after the decimal point"),
        ("--5", "invalid", "more than one plus or minus sign"),
        ("", "required", "the amount is empty"),
        ("1" * 80_000, "too_large", "too long to be an amount of money"),
    ],
)
def test_what_the_ledger_cannot_hold_is_refused_with_a_specific_message(text, code, message):
    with pytest.raises(money.AmountError, match=re.escape(message)) as refused:
        money.parse_amount(text)
    assert refused.value.code == code


def test_bank_notation_only_where_banks_write_it():
    assert money.parse_amount("(12.00)") == Decimal("-12.00")
    assert money.parse_amount("12.00 DR") == Decimal("-12.00")
    with pytest.raises(money.AmountError):
        money.parse_amount("(12.00)", bank_notation=False)


@pytest.mark.parametrize(
    "value", [Decimal("NaN"), Decimal("Infinity"), Decimal("1E+40"), Decimal("1" * 30), Decimal("1.001")]
)
def test_amounts_that_arrive_as_numbers_are_checked_too(value):
    with pytest.raises(money.AmountError):
        money.check_amount(value)


@pytest.mark.parametrize(
    ("typed", "message"),
    [
        ("NaN", "Enter the amount in pounds and pence, like 45.50"),
        ("1E+40", "Enter the amount in pounds and pence, like 45.50"),
        ("123456789012345678901234567890", "The amount is too large"),
        ("\uff14\uff15", "Enter the amount using the digits 0 to 9"),
        ("£1,2,3", "Check the commas"),
        ("4.555", "cannot have more than 2 numbers after the decimal point"),
        ("0", "The amount must be more than £0"),
        ("100000.01", "The amount must be £100,000.00 or less"),
    ],
)
def test_the_family_entry_and_regular_payment_forms_refuse_bad_amounts(budget, typed, message):
    entry = EntryForm(
        data={"kind": "spending", "amount": typed, "payee": "Shop", "element": "social_care", "category": "other"}
        | date_fields("spent_on", "2025-06-02"),
        budget=budget,
    )
    assert not entry.is_valid()
    assert any(message in error for error in entry.errors["amount"])
    regular = RecurringPaymentForm(
        data={"payee": "PA", "amount": typed, "element": "social_care", "category": "other", "frequency": "weekly"}
        | date_fields("starts_on", "2025-06-02"),
        budget=budget,
    )
    assert not regular.is_valid()
    assert any(message in error for error in regular.errors["amount"])


def test_a_balance_can_be_overdrawn_but_not_a_payment():
    assert MoneyField(allow_negative=True).clean("-120.50") == Decimal("-120.50")
    assert MoneyField().clean("£1,250.50") == Decimal("1250.50")
