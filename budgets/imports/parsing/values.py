"""Dates and amounts as UK banks write them, parsed with explicit formats.

Pure functions: no ORM, no request. Every failure is a ``ValueError`` whose message says what was
expected, so callers can attach the row number and field name.
"""

from __future__ import annotations

import re
from collections.abc import Iterable
from datetime import date, datetime
from decimal import Decimal

from budgets import money

PENNY = money.PENNY

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


def parse_amount(text: str) -> Decimal:
    """A statement amount in any notation UK banks use ("(12.00)", "12.00 DR", "-£5.00"); the one
    money parser (``budgets.money``) does the work, so a statement cannot hold what a form refuses."""
    return money.parse_amount(text, bank_notation=True)
