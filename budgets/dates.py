"""The GOV.UK date input for every date a family types: day, month and year boxes as one form field.

    spent_on = DateInputField(label="Date of payment")
    form.fields["spent_on"].min_date, form.fields["spent_on"].max_date = budget.starts_on, budget.ends_on

Rendered with ``{% include "components/date_input.html" with field=form.spent_on only %}``. The boxes
are named ``spent_on-day``, ``spent_on-month`` and ``spent_on-year``; the month may be a number or a
name ("3", "Mar", "March"). Messages follow the GOV.UK date input pattern ("Date of payment must
include a month", "... must be a real date", "... must be between 1 April 2026 and 31 March 2027"),
and the parts at fault are highlighted. What was typed is kept as typed, invalid parts included.
A link may still give the date as one ISO value (``?starts_on=2026-04-01``): it fills the three boxes.
"""

import calendar
import datetime
import re

from django import forms
from django.core.exceptions import ValidationError
from django.forms.boundfield import BoundField

PARTS = ("day", "month", "year")
PART_LABELS = {"day": "Day", "month": "Month", "year": "Year"}
PART_WIDTHS = {"day": 2, "month": 2, "year": 4}
DEFAULT_HINT = "For example, 27 3 2026"

MONTHS = {name.lower(): number for number, name in enumerate(calendar.month_name) if name}
MONTHS |= {name.lower(): number for number, name in enumerate(calendar.month_abbr) if name}
MONTHS["sept"] = 9


def add_months(day: datetime.date, months: int) -> datetime.date:
    """The same day of the month `months` later (or earlier), kept in range: 31 January + 1 month is
    28 February (29 in a leap year). Payment schedules and monitoring return periods both use this."""
    index = day.month - 1 + months
    year, month = day.year + index // 12, index % 12 + 1
    return day.replace(year=year, month=month, day=min(day.day, calendar.monthrange(year, month)[1]))


def long_date(day: datetime.date) -> str:
    """1 April 2026, the GOV.UK style for dates in messages."""
    return f"{day.day} {day:%B %Y}"


def example_date(day: datetime.date) -> str:
    """27 3 2026: how a date is typed into the three boxes."""
    return f"{day.day} {day.month} {day.year}"


def parse_month(text: str) -> int | None:
    if re.fullmatch(r"\d{1,2}", text, re.ASCII):
        number = int(text)
        return number if 1 <= number <= 12 else None
    return MONTHS.get(text.lower().rstrip("."))


def join_parts(parts: list[str]) -> str:
    return parts[0] if len(parts) == 1 else f"{', '.join(parts[:-1])} and {parts[-1]}"


class DateInputWidget(forms.MultiWidget):
    """Three text boxes. Rendering is done by templates/components/date_input.html."""

    def __init__(self, attrs=None):
        super().__init__([forms.TextInput, forms.TextInput, forms.TextInput], attrs)
        self.widgets_names = [f"-{part}" for part in PARTS]

    def decompress(self, value):
        if isinstance(value, datetime.date):
            return [str(value.day), str(value.month), str(value.year)]
        return ["", "", ""]

    def value_from_datadict(self, data, files, name):
        typed = [data.get(f"{name}-{part}") for part in PARTS]
        if all(part is None for part in typed) and data.get(name):
            try:  # a link with the whole date in one ISO value
                return self.decompress(datetime.date.fromisoformat(data[name]))
            except ValueError:
                return [data[name], "", ""]
        return [part or "" for part in typed]

    def value_omitted_from_data(self, data, files, name):
        return name not in data and all(f"{name}-{part}" not in data for part in PARTS)

    def id_for_label(self, id_):
        return f"{id_}-day" if id_ else id_


class DateBoundField(BoundField):
    """A bound date input: its three parts for the template, and the id the error summary links to."""

    def typed_parts(self) -> list[str]:
        value = self.value()
        if not isinstance(value, list | tuple) or len(value) != 3:
            return ["", "", ""]
        return ["" if part is None else str(part) for part in value]

    def parts_in_error(self) -> set[str]:
        if not self.errors:
            return set()
        return set(self.field.error_parts) or set(PARTS)  # a whole-date problem highlights every box

    @property
    def parts(self) -> list[dict]:
        in_error, typed = self.parts_in_error(), self.typed_parts()
        return [
            {
                "name": f"{self.html_name}-{part}",
                "id": f"{self.auto_id}-{part}",
                "label": PART_LABELS[part],
                "value": value,
                "width": PART_WIDTHS[part],
                "numeric": part != "month",
                "has_error": part in in_error,
            }
            for part, value in zip(PARTS, typed, strict=True)
        ]

    @property
    def id_for_label(self):
        in_error = self.parts_in_error()
        first = next((part for part in PARTS if part in in_error), "day")
        return f"{self.auto_id}-{first}" if self.auto_id else ""


class DateInputField(forms.Field):
    """A date typed as day, month and year, checked against an optional min_date and max_date."""

    widget = DateInputWidget

    def __init__(self, *, error_name=None, min_date=None, max_date=None, **kwargs):
        kwargs.setdefault("help_text", DEFAULT_HINT)
        super().__init__(**kwargs)
        self.error_name = error_name or str(self.label or "Date")
        self.min_date, self.max_date = min_date, max_date
        self.error_parts: set[str] = set()

    def get_bound_field(self, form, field_name):
        return DateBoundField(form, self, field_name)

    def prepare_value(self, value):
        if isinstance(value, list | tuple):
            return list(value)
        if isinstance(value, str) and value:
            try:
                value = datetime.date.fromisoformat(value)
            except ValueError:
                return [value, "", ""]
        return self.widget.decompress(value)

    def fail(self, message: str, code: str, parts) -> ValidationError:
        self.error_parts = set(parts)
        return ValidationError(message, code=code)

    def clean(self, value):
        self.error_parts = set()
        name = self.error_name
        typed = [str(part).strip() for part in (value or ["", "", ""])]
        if not any(typed):
            if self.required:
                message = self.error_messages["required"]
                if message == forms.Field.default_error_messages["required"]:
                    message = f"Enter the {name[0].lower()}{name[1:]}"
                raise self.fail(message, "required", PARTS)
            return None
        missing = [part for part, text in zip(PARTS, typed, strict=True) if not text]
        if missing:
            raise self.fail(f"{name} must include a {join_parts(missing)}", "incomplete", missing)
        day_text, month_text, year_text = typed
        wrong = set()
        if not re.fullmatch(r"\d{1,2}", day_text, re.ASCII) or not 1 <= int(day_text) <= 31:
            wrong.add("day")
        month = parse_month(month_text)
        if month is None:
            wrong.add("month")
        if not re.fullmatch(r"\d+", year_text, re.ASCII):
            wrong.add("year")
        elif len(year_text) != 4 and not wrong:
            raise self.fail(f"{name} year must include 4 numbers", "year", ["year"])
        if wrong:
            raise self.fail(f"{name} must be a real date", "invalid", wrong)
        try:
            day = datetime.date(int(year_text), month, int(day_text))
        except ValueError:
            raise self.fail(f"{name} must be a real date", "invalid", PARTS) from None
        self.check_range(day)
        return day

    def check_range(self, day: datetime.date):
        name, low, high = self.error_name, self.min_date, self.max_date
        if low and high and not low <= day <= high:
            raise self.fail(f"{name} must be between {long_date(low)} and {long_date(high)}", "range", PARTS)
        if low and day < low:
            raise self.fail(f"{name} must be the same as or after {long_date(low)}", "range", PARTS)
        if high and day > high:
            raise self.fail(f"{name} must be the same as or before {long_date(high)}", "range", PARTS)
