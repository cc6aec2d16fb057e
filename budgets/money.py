"""Reading an amount of money typed by a person or written by a bank: the one parser for every form,
statement upload and reconciliation, so a value the ledger cannot store is refused with a message the
person can act on, before it reaches arithmetic or the database.

The bound is the ledger's own column, ``DecimalField(max_digits=12, decimal_places=2)``: at most ten
digits of pounds and two of pence. Only the digits 0 to 9 count: Python's ``Decimal`` would read
"NaN", "Infinity", "1E+40" and full-width "１２" as numbers, and none of them is an amount of money.
"""

from __future__ import annotations

import re
from decimal import Decimal

PENNY = Decimal("0.01")
MAX_DIGITS = 12
DECIMAL_PLACES = 2
MAX_POUND_DIGITS = MAX_DIGITS - DECIMAL_PLACES
# Longer text is refused before any pattern runs: no amount needs more, and it keeps each call linear.
MAX_TEXT_LENGTH = 40

_PLAIN = re.compile(r"[0-9]+(?:\.[0-9]+)?|\.[0-9]+")
_GROUPED = re.compile(r"[0-9]{1,3}(?:,[0-9]{3})+(?:\.[0-9]+)?")
_SIGNS = {"\u2212": "-", "\u2013": "-", "\ufe63": "-", "\uff0d": "-"}


class AmountError(ValueError):
    """Why a text is not an amount of money. ``code`` lets a form keep its own wording per kind."""

    def __init__(self, message: str, code: str = "invalid"):
        super().__init__(message)
        self.code = code


def _shown(text: str) -> str:
    return f"“{text}”" if len(text) <= 24 else f"“{text[:20]}…”"


def check_amount(amount: Decimal, shown: str = "") -> Decimal:
    """Refuse a Decimal the ledger cannot hold (NaN, infinity, over ten digits of pounds, fractions of
    a penny); return it quantized to pence. Used for amounts that arrive already as numbers (OFX)."""
    label = _shown(shown or str(amount))
    if not amount.is_finite():
        raise AmountError(f"{label} is not an amount of money", "invalid")
    if amount != 0 and amount.adjusted() >= MAX_POUND_DIGITS:
        raise AmountError(
            f"{label} is too large: an amount can have at most {MAX_POUND_DIGITS} digits before the decimal point",
            "too_large",
        )
    if amount != amount.quantize(PENNY):
        raise AmountError(f"{label} has more than 2 numbers after the decimal point (fractions of a penny)", "pence")
    return amount.quantize(PENNY)


def parse_amount(text: str, *, bank_notation: bool = True) -> Decimal:
    """Parse pounds and pence into a signed Decimal, or raise ``AmountError`` saying what is wrong.

    Always accepted: "1234.56", "1,234.56", "£1,234.56", "-12.00", "−12.00" (a typographic minus), "+5".
    With ``bank_notation`` (statements): "(12.00)" and "12.00-" for money out, "12.00 CR" / "12.00 DR"
    (and "C" / "D"), "GBP 12.00". Refused: NaN, infinity, exponents ("1E+40"), more than ten digits of
    pounds, fractions of a penny, digits other than 0-9 (full-width "１２"), misplaced commas ("£1,2,3").
    """
    original = (text or "").strip()
    if not original:
        raise AmountError("the amount is empty", "required")
    if len(original) > MAX_TEXT_LENGTH:
        raise AmountError(f"{_shown(original)} is too long to be an amount of money", "too_large")
    value = original.replace("\u00a0", " ")
    for sign, ascii_sign in _SIGNS.items():
        value = value.replace(sign, ascii_sign)
    if any(ch.isdigit() and not ch.isascii() for ch in value):
        raise AmountError(f"{_shown(original)} uses characters that are not the digits 0 to 9", "digits")
    negative, signs = False, 0
    if bank_notation:
        upper = value.upper()
        for suffix, is_negative in (("CR", False), ("DR", True), ("C", False), ("D", True)):
            if upper.endswith(suffix) and upper[: -len(suffix)].rstrip()[-1:].isdigit():
                value, negative = value[: -len(suffix)].strip(), is_negative
                break
        if value.startswith("(") and value.endswith(")"):
            value, negative = value[1:-1].strip(), not negative
    while value[:1] in {"-", "+", "£"} or (bank_notation and value[:3].upper() == "GBP"):
        if value[:3].upper() == "GBP":
            value = value[3:].strip()
            continue
        if value[0] in "-+":
            negative ^= value[0] == "-"
            signs += 1
        value = value[1:].strip()
    if bank_notation and value.endswith("-"):
        value, negative, signs = value[:-1].strip(), not negative, signs + 1
    if bank_notation and value[-3:].upper() == "GBP":
        value = value[:-3].strip()
    if signs > 1:
        raise AmountError(f"{_shown(original)} has more than one plus or minus sign", "invalid")
    if "," in value and not _GROUPED.fullmatch(value):
        raise AmountError(f"{_shown(original)} has commas in the wrong places: write thousands like 1,234.56", "commas")
    digits = value.replace(",", "")
    if not _PLAIN.fullmatch(digits):
        raise AmountError(f"{_shown(original)} is not an amount of money: write it like 45.50", "invalid")
    pounds = digits.split(".")[0].lstrip("0")
    if len(pounds) > MAX_POUND_DIGITS:
        raise AmountError(
            f"{_shown(original)} is too large: an amount can have at most {MAX_POUND_DIGITS} digits "
            "before the decimal point",
            "too_large",
        )
    amount = check_amount(Decimal(digits), original)
    return -amount if negative else amount
