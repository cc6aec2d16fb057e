"""The GOV.UK date input (budgets/dates.py, components/date_input.html) on every budgets date."""

import datetime
import re

import pytest
from django import forms
from django.urls import reverse

from budgets.dates import DateInputField
from budgets.forms import EntryForm
from budgets.models import LedgerEntry
from tests.budgets.factories import date_fields
from tests.budgets.test_entries import entry_data


class PaymentForm(forms.Form):
    paid_on = DateInputField(
        label="Date of payment", min_date=datetime.date(2026, 4, 1), max_date=datetime.date(2027, 3, 31)
    )


def typed(day="", month="", year=""):
    return {"paid_on-day": day, "paid_on-month": month, "paid_on-year": year}


def paid_on(**parts):
    form = PaymentForm(typed(**parts))
    valid = form.is_valid()
    return form, (form.cleaned_data["paid_on"] if valid else form.errors["paid_on"][0])


@pytest.mark.parametrize(
    ("parts", "expected"),
    [
        ({"day": "27", "month": "3", "year": "2027"}, datetime.date(2027, 3, 27)),
        ({"day": "07", "month": "04", "year": "2026"}, datetime.date(2026, 4, 7)),
        ({"day": " 1 ", "month": " 12 ", "year": " 2026 "}, datetime.date(2026, 12, 1)),
        ({"day": "27", "month": "Mar", "year": "2027"}, datetime.date(2027, 3, 27)),
        ({"day": "27", "month": "march", "year": "2027"}, datetime.date(2027, 3, 27)),
        ({"day": "3", "month": "Sept", "year": "2026"}, datetime.date(2026, 9, 3)),
        ({"day": "3", "month": "Sep.", "year": "2026"}, datetime.date(2026, 9, 3)),
    ],
)
def test_a_real_date_in_the_period_is_accepted_with_a_number_or_a_month_name(parts, expected):
    form, value = paid_on(**parts)
    assert form.is_valid() and value == expected


@pytest.mark.parametrize(
    ("parts", "message", "in_error"),
    [
        ({}, "Enter the date of payment", {"day", "month", "year"}),
        ({"day": "27", "year": "2026"}, "Date of payment must include a month", {"month"}),
        ({"month": "3", "year": "2027"}, "Date of payment must include a day", {"day"}),
        ({"day": "27", "month": "3"}, "Date of payment must include a year", {"year"}),
        ({"year": "2027"}, "Date of payment must include a day and month", {"day", "month"}),
        ({"day": "27"}, "Date of payment must include a month and year", {"month", "year"}),
        ({"day": "31", "month": "2", "year": "2027"}, "Date of payment must be a real date", {"day", "month", "year"}),
        ({"day": "29", "month": "2", "year": "2027"}, "Date of payment must be a real date", {"day", "month", "year"}),
        ({"day": "12", "month": "13", "year": "2026"}, "Date of payment must be a real date", {"month"}),
        ({"day": "32", "month": "1", "year": "2027"}, "Date of payment must be a real date", {"day"}),
        ({"day": "x", "month": "Smarch", "year": "2026"}, "Date of payment must be a real date", {"day", "month"}),
        ({"day": "²", "month": "1", "year": "2027"}, "Date of payment must be a real date", {"day"}),
        ({"day": "27", "month": "3", "year": "27"}, "Date of payment year must include 4 numbers", {"year"}),
        (
            {"day": "31", "month": "3", "year": "2026"},
            "Date of payment must be between 1 April 2026 and 31 March 2027",
            {"day", "month", "year"},
        ),
        (
            {"day": "1", "month": "April", "year": "2027"},
            "Date of payment must be between 1 April 2026 and 31 March 2027",
            {"day", "month", "year"},
        ),
    ],
)
def test_a_wrong_date_gets_a_specific_message_and_highlights_the_parts_at_fault(parts, message, in_error):
    form, error = paid_on(**parts)
    assert not form.is_valid()
    assert error == message
    highlighted = {part["label"].lower() for part in form["paid_on"].parts if part["has_error"]}
    assert highlighted == in_error
    first = next(name for name in ("day", "month", "year") if name in in_error)
    assert form["paid_on"].id_for_label == f"id_paid_on-{first}"


def test_only_a_minimum_or_a_maximum_says_which_side():
    field = DateInputField(label="Statement date", min_date=datetime.date(2026, 4, 1))
    with pytest.raises(forms.ValidationError, match="Statement date must be the same as or after 1 April 2026"):
        field.clean(["31", "3", "2026"])
    field = DateInputField(label="Statement date", max_date=datetime.date(2026, 4, 1))
    with pytest.raises(forms.ValidationError, match="Statement date must be the same as or before 1 April 2026"):
        field.clean(["2", "4", "2026"])


def test_an_optional_date_left_empty_is_none_but_a_part_alone_is_not():
    field = DateInputField(label="To", error_name="The to date", required=False)
    assert field.clean(["", "", ""]) is None
    with pytest.raises(forms.ValidationError, match="The to date must include a day and year"):
        field.clean(["", "5", ""])


def test_what_was_typed_is_kept_as_typed_including_impossible_parts():
    form = PaymentForm(typed(day="31", month="Feb", year="2027"))
    assert not form.is_valid()
    assert [part["value"] for part in form["paid_on"].parts] == ["31", "Feb", "2027"]


def test_a_link_with_one_iso_date_fills_the_three_boxes():
    form = PaymentForm({"paid_on": "2026-05-09"})
    assert form.is_valid() and form.cleaned_data["paid_on"] == datetime.date(2026, 5, 9)
    assert [part["value"] for part in form["paid_on"].parts] == ["9", "5", "2026"]


def test_an_unbound_form_shows_its_initial_date_in_the_boxes(budget):
    form = EntryForm(budget=budget, initial={"spent_on": datetime.date(2025, 6, 2)})
    assert [part["value"] for part in form["spent_on"].parts] == ["2", "6", "2025"]
    assert [part["name"] for part in form["spent_on"].parts] == ["spent_on-day", "spent_on-month", "spent_on-year"]


def spending_page(client, budget, **date_parts):
    data = {key: value for key, value in entry_data(budget).items() if not key.startswith("spent_on")}
    data |= {f"spent_on-{part}": value for part, value in date_parts.items()}
    return client.post(reverse("budgets:entry_create", kwargs={"budget": budget.uuid}), data)


def test_record_spending_page_renders_the_govuk_date_input(client, budget, parent):
    client.force_login(parent)
    content = client.get(reverse("budgets:entry_create", kwargs={"budget": budget.uuid})).content.decode()
    fieldset = content[content.index('<fieldset class="govuk-fieldset" role="group"') :]
    fieldset = fieldset[: fieldset.index("</fieldset>")]
    assert '<legend class="govuk-fieldset__legend govuk-fieldset__legend--s">Date of payment</legend>' in fieldset
    assert "Between 1 April 2025 and 31 March 2026. For example, 27 9 2025" in fieldset
    assert 'class="govuk-date-input" id="id_spent_on"' in fieldset
    for part, width in (("day", 2), ("month", 2), ("year", 4)):
        assert re.search(rf'<label class="govuk-label govuk-date-input__label" for="id_spent_on-{part}">', fieldset)
        assert f'govuk-input--width-{width}" id="id_spent_on-{part}" name="spent_on-{part}" type="text"' in fieldset
    assert 'type="date"' not in content


def test_record_spending_with_a_month_name(client, budget, parent):
    client.force_login(parent)
    response = spending_page(client, budget, day="2", month="June", year="2025")
    assert response.status_code == 302
    assert LedgerEntry.objects.get().spent_on == datetime.date(2025, 6, 2)


def test_record_spending_on_an_impossible_date_keeps_what_was_typed(client, budget, parent):
    client.force_login(parent)
    response = spending_page(client, budget, day="31", month="2", year="2026")
    content = response.content.decode()
    assert response.status_code == 200 and not LedgerEntry.objects.exists()
    summary = content[content.index("govuk-error-summary__list") :]
    assert summary.index('<a href="#id_spent_on-day">Date of payment must be a real date</a>') < summary.index("</ul>")
    assert '<p id="id_spent_on-error" class="govuk-error-message">' in content
    assert 'aria-describedby="id_spent_on-hint id_spent_on-error"' in content
    for part, value in (("day", "31"), ("month", "2"), ("year", "2026")):
        assert re.search(
            rf'govuk-input--error" id="id_spent_on-{part}" name="spent_on-{part}"[^>]*value="{value}"', content
        )
    assert 'value="Jo Smith"' in content


def test_record_spending_without_a_month_links_the_summary_to_the_month(client, budget, parent):
    client.force_login(parent)
    content = spending_page(client, budget, day="2", month="", year="2025").content.decode()
    assert '<a href="#id_spent_on-month">Date of payment must include a month</a>' in content
    assert re.search(r'govuk-input--width-2 govuk-input--error" id="id_spent_on-month"', content)
    assert not re.search(r'govuk-input--error" id="id_spent_on-day"', content)
    assert re.search(r'id="id_spent_on-day" name="spent_on-day"[^>]*value="2"', content)


def test_record_spending_outside_the_budget_period(client, budget, parent):
    client.force_login(parent)
    content = spending_page(client, budget, day="1", month="1", year="2024").content.decode()
    assert "Date of payment must be between 1 April 2025 and 31 March 2026" in content
    assert not LedgerEntry.objects.exists()


def test_transaction_list_date_range_uses_the_date_input(client, budget, parent):
    client.force_login(parent)
    url = reverse("budgets:entry_list", kwargs={"budget": budget.uuid})
    content = client.get(url, {"date_from-day": "1", "date_from-month": "5"}).content.decode()
    assert '<a href="#id_date_from-year">The from date must include a year</a>' in content
    assert 'id="id_date_to"' in content and 'name="date_to-month"' in content


def test_statement_period_uses_the_date_input_and_old_links_still_work(client, budget, parent):
    client.force_login(parent)
    url = reverse("budgets:statement", kwargs={"budget": budget.uuid})
    page = client.get(url, date_fields("starts_on", "2025-05-01") | date_fields("ends_on", "2025-05-31"))
    assert "1 May 2025 to 31 May 2025" in page.content.decode()
    linked = client.get(url + "?starts_on=2025-06-01&ends_on=2025-06-30").content.decode()
    assert "1 June 2025 to 30 June 2025" in linked
    assert re.search(r'name="starts_on-month" type="text"[^>]*value="6"', linked)
    wrong = client.get(url, date_fields("starts_on", "2025-06-01") | {"ends_on-day": "31", "ends_on-month": "6"})
    assert "The end date must include a year" in wrong.content.decode()


def test_reconciliation_statement_date_before_the_budget(client, budget, parent):
    client.force_login(parent)
    response = client.post(
        reverse("budgets:reconcile_check", kwargs={"budget": budget.uuid}),
        {"as_of-day": "31", "as_of-month": "Mar", "as_of-year": "2025", "statement_balance": "12.00"},
    )
    content = response.content.decode()
    assert "Statement date must be the same as or after 1 April 2025" in content
    assert re.search(r'name="as_of-month"[^>]*value="Mar"', content)
    assert 'value="12.00"' in content


def test_regular_payment_form_renders_both_dates_as_date_inputs(client, budget, parent):
    client.force_login(parent)
    url = reverse("budgets:recurring_create", kwargs={"budget": budget.uuid})
    content = client.post(url, {"payee": "PA", "amount": "80.00", "ends_on-year": "2026"}).content.decode()
    assert content.count('class="govuk-date-input"') == 2
    assert '<a href="#id_starts_on-day">Enter the first payment date</a>' in content
    assert '<a href="#id_ends_on-day">Last payment date must include a day and month</a>' in content
    assert 'type="date"' not in content
