"""Dates and amounts as UK banks write them, parsed with explicit formats.

Pure functions: no ORM, no request. Every failure is a ``ValueError`` whose message says what was
expected, so callers can attach the row number and field name.
"""

from __future__ import annotations

import re
from collections.abc import Iterable
from datetime import date, datetime
from decimal import Decimal, InvalidOperation

PENNY = Decimal("0.01")

# (key, label, pattern the text must match exactly, strptime format). Only day-first and ISO
# formats: a UK bank never writes month-first, so "03/04/2025" is always 3 April.
DATE_FORMATS: tuple[tuple[str, str, re.Pattern[str], str], ...] = (
    ("dd/mm/yyyy", "31/01/2025", re.compile(r"\d{1,2}/\d{1,2}/\d{4}"), "%d/%m/%Y"),
    ("dd/mm/yy", "31/01/25", re.compile(r"\d{1,2}/\d{1,2}/\d{2}"), "%d/%m/%y"),
    ("yyyy-mm-dd", "2025-01-31", re.compile(r"\d{4}-\d{1,2}-\d{1,2}"), "%Y-%m-%d"),
    ("dd-mm-yyyy", "31-01-2025", re.compile(r"\d{1,2}-\d{1,2}-\d{4}"), "%d-%m-%Y"),
    ("dd.mm.yyyy", "31.01.2025", re.compile(r"\d{1,2}\.\d{1,2}\.\d{4}"), "%d.%m.%Y"),
    ("d mon yyyy", "31 Jan 2025", re.compile(r"\d{1,2} [A-Za-z]{3} \d{4}"), "%d %b %Y"),
    ("d month yyyy", "31 January 2025", re.compile(r"\d{1,2} [A-Za-z]{4,9} \d{4}"), "%d %B %Y"),
    ("dd mon yy", "31 Jan 25", re.compile(r"\d{1,2} [A-Za-z]{3} \d{2}"), "%d %b %y"),
    ("dd-mon-yyyy", "31-Jan-2025", re.compile(r"\d{1,2}-[A-Za-z]{3}-\d{4}"), "%d-%b-%Y"),
    ("dd-mon-yy", "31-Jan-25", re.compile(r"\d{1,2}-[A-Za-z]{3}-\d{2}"), "%d-%b-%y"),
)
DATE_FORMAT_CHOICES = [("auto", "Work it out from the file")] + [
    (key, f"{key} (for example {example})") for key, example, _, _ in DATE_FORMATS
]
_FORMATS_BY_KEY = {key: (example, pattern, fmt) for key, example, pattern, fmt in DATE_FORMATS}
# Some exports add a time ("31/01/2025 14:02") or a weekday; only the date part is used.
_TIME_SUFFIX = re.compile(r"[ T]\d{1,2}:\d{2}(:\d{2}(\.\d+)?)?( ?[AaPp][Mm])?(Z|[+-]\d{2}:?\d{2})?$")


def _clean_date_text(text: str) -> str:
    text = " ".join(text.strip().split())
    return _TIME_SUFFIX.sub("", text).strip()


def parse_date(text: str, format_key: str) -> date:
    """Parse ``text`` in the named format ("dd/mm/yyyy", ...). Raises ValueError with the expected shape."""
    example, pattern, fmt = _FORMATS_BY_KEY[format_key]
    cleaned = _clean_date_text(text)
    if not cleaned:
        raise ValueError("the date is empty")
    if not pattern.fullmatch(cleaned):
        raise ValueError(f"“{text.strip()}” is not a date like {example}")
    try:
        return datetime.strptime(cleaned.title() if "b" in fmt.lower() else cleaned, fmt).date()
    except ValueError:
        raise ValueError(f"“{text.strip()}” is not a real date (expected a date like {example})") from None


def detect_date_format(samples: Iterable[str]) -> str | None:
    """The first format that reads every non-empty sample, or None if no single format does."""
    values = [s for s in samples if s and s.strip()]
    if not values:
        return None
    for key in _FORMATS_BY_KEY:
        try:
            for value in values:
                parse_date(value, key)
        except ValueError:
            continue
        return key
    return None


_AMOUNT_PATTERN = re.compile(r"\d+(\.\d+)?|\.\d+")


def parse_amount(text: str) -> Decimal:
    """Parse a money amount into pounds and pence.

    Accepts "£1,234.56", "-12.00", "−12.00" (a typographic minus), "+5", "(12.00)" (negative),
    "12.00 CR" (money in) and "12.00 DR" / "12.00D" (money out). Raises ValueError otherwise.
    """
    original = text.strip()
    value = original.replace("\u2212", "-").replace("\u00a0", " ").strip()
    if not value:
        raise ValueError("the amount is empty")
    negative = False
    upper = value.upper()
    for suffix, is_negative in (("CR", False), ("DR", True), ("C", False), ("D", True)):
        if upper.endswith(suffix) and upper[: -len(suffix)].rstrip()[-1:].isdigit():
            value = value[: -len(suffix)].strip()
            negative = is_negative
            break
    if value.startswith("(") and value.endswith(")"):
        value = value[1:-1].strip()
        negative = not negative
    sign_count = 0
    while value[:1] in {"-", "+", "£"} or value[:3].upper() == "GBP":
        if value[:3].upper() == "GBP":
            value = value[3:].strip()
            continue
        if value[0] == "-":
            negative = not negative
            sign_count += 1
        elif value[0] == "+":
            sign_count += 1
        value = value[1:].strip()
    if value.endswith("-"):  # "12.00-", written by some older statements
        value = value[:-1].strip()
        negative = not negative
        sign_count += 1
    if sign_count > 1:
        raise ValueError(f"“{original}” is not an amount of money")
    digits = value.replace(",", "")
    if "," in value and not re.fullmatch(r"\d{1,3}(,\d{3})*(\.\d+)?", value):
        raise ValueError(f"“{original}” is not an amount of money (check the commas)")
    if not _AMOUNT_PATTERN.fullmatch(digits):
        raise ValueError(f"“{original}” is not an amount of money")
    try:
        amount = Decimal(digits)
    except InvalidOperation:  # pragma: no cover - the pattern already rules this out
        raise ValueError(f"“{original}” is not an amount of money") from None
    if amount != amount.quantize(PENNY):
        raise ValueError(f"“{original}” has fractions of a penny")
    if amount >= Decimal("10000000"):
        raise ValueError(f"“{original}” is too large to be a single payment")
    amount = amount.quantize(PENNY)
    return -amount if negative else amount
