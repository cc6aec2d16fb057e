"""The officer's side of monitoring returns in the Wagtail admin, and the daily reminder command."""

import csv
import datetime
import io
from decimal import Decimal
from io import StringIO

import pytest
from django.contrib.auth.models import Permission
from django.core import mail
from django.core.management import call_command
from django.urls import reverse

from budgets import services
from budgets.models import AuditEvent, LedgerEntry
from budgets.returns import services as returns
from budgets.returns.models import MonitoringReturn, ReturnMessage, ReturnSchedule


@pytest.fixture
def admin_officer(officer, client):
    officer.user_permissions.add(
        Permission.objects.get(content_type__app_label="wagtailadmin", codename="access_admin")
    )
    client.force_login(officer)
    return officer


@pytest.fixture
def submitted(budget, parent):
    returns.set_schedule(budget=budget, actor=None, frequency=ReturnSchedule.Frequency.QUARTERLY)
    services.record_entry(
        budget=budget,
        actor=parent,
        kind=LedgerEntry.Kind.PAYMENT_IN,
        amount=Decimal("1950.00"),
        spent_on=datetime.date(2025, 4, 1),
        payee="Camden Council",
        element="social_care",
    )
    item = budget.monitoring_returns.order_by("period_starts_on").first()
    return returns.submit_return(monitoring_return=item, actor=parent, declared=True, today=datetime.date(2025, 7, 2))


def test_officer_queries_then_approves_in_the_admin(client, admin_officer, submitted, parent):
    url = reverse("budget_returns:review", kwargs={"pk": submitted.pk})
    page = client.get(url).content.decode()
    assert "Save decision" in page and "£1,950.00" in page
    response = client.post(url, {"decision": "query", "message": ""})
    assert "Write the question for the family" in response.content.decode()
    response = client.post(url, {"decision": "query", "message": "Which receipts are missing?"})
    assert response.status_code == 302
    submitted.refresh_from_db()
    assert submitted.status == MonitoringReturn.Status.QUERIED
    assert mail.outbox[-1].to == ["parent@example.com"]
    response = client.post(url, {"decision": "approve", "message": ""})
    assert "it cannot be approved until they resubmit it" in response.content.decode()
    returns.submit_return(
        monitoring_return=submitted, actor=parent, declared=True, answer="All added", today=datetime.date(2025, 7, 3)
    )
    client.post(url, {"decision": "approve", "message": "Thanks"})
    submitted.refresh_from_db()
    assert submitted.status == MonitoringReturn.Status.APPROVED
    assert submitted.messages.filter(kind=ReturnMessage.Kind.APPROVAL, body="Thanks").exists()
    assert AuditEvent.objects.filter(action="return.approved", actor=admin_officer).exists()


def test_overview_filters_and_exports_positions(client, admin_officer, submitted, monkeypatch):
    from django.utils import timezone

    monkeypatch.setattr(timezone, "localdate", lambda *a, **k: datetime.date(2025, 11, 1))
    url = reverse("budget_returns:overview")
    page = client.get(url).content.decode()
    assert "Sam" in page
    assert "Overdue (1)" in page  # July to September was due on 28 October
    page = client.get(url, {"show": "awaiting_review"}).content.decode()
    assert "Sam" in page
    assert "Sam" in client.get(url, {"show": "no_activity"}).content.decode()  # nothing but April's payment
    assert "Sam" in client.get(url, {"show": "surplus"}).content.decode()  # £1,950 held is over 8 weeks' worth
    assert "No budgets match." in client.get(url, {"q": "nobody"}).content.decode()
    response = client.get(url, {"format": "csv"})
    rows = list(csv.reader(io.StringIO(response.content.decode())))
    assert rows[0][0] == "Budget" and rows[0][-1] == "Overdue returns"
    sam = next(row for row in rows if row[0] == "Sam")
    assert (sam[7], sam[9], sam[-1]) == ("1950.00", "1950.00", "1")


def test_officer_sets_the_schedule_and_tier(client, admin_officer, budget):
    url = reverse("budget_returns:schedule", kwargs={"budget_pk": budget.pk})
    response = client.post(url, {"frequency": "six_monthly", "monitoring_tier": "light_touch", "days_to_submit": "21"})
    assert response.status_code == 302
    budget.refresh_from_db()
    assert budget.monitoring_tier == "light_touch"
    assert list(budget.monitoring_returns.values_list("due_on", flat=True)) == [
        datetime.date(2025, 10, 21),
        datetime.date(2026, 4, 21),
    ]


def test_officers_of_other_councils_get_404(client, admin_officer, other_budget):
    from budgets.models import Council

    other_budget.council = Council.objects.create(name="Islington Council")
    other_budget.save()
    returns.set_schedule(budget=other_budget, actor=None, frequency="quarterly")
    item = other_budget.monitoring_returns.first()
    assert client.get(reverse("budget_returns:review", kwargs={"pk": item.pk})).status_code == 404
    assert client.get(reverse("budget_returns:schedule", kwargs={"budget_pk": other_budget.pk})).status_code == 404
    assert "Alex" not in client.get(reverse("budget_returns:overview")).content.decode()


def test_reminder_command_sends_once(budget, parent):
    returns.set_schedule(budget=budget, actor=None, frequency="quarterly")
    out = StringIO()
    call_command("send_return_reminders", "--today", "2025-07-29", stdout=out)
    assert "Sent 0 due reminders and 1 overdue reminders." in out.getvalue()
    call_command("send_return_reminders", "--today", "2025-07-29", stdout=StringIO())
    assert len([m for m in mail.outbox if "overdue" in m.subject]) == 1


def test_daily_schedule_enqueues_the_reminder_task_which_sends_once(budget, parent, settings):
    settings.TASKS = {"default": {"BACKEND": "django_tasks.backends.immediate.ImmediateBackend"}}
    from budgets.tasks import send_return_reminders

    returns.set_schedule(budget=budget, actor=None, frequency="quarterly")
    first = send_return_reminders.enqueue("2025-07-29")
    again = send_return_reminders.enqueue("2025-07-29")
    assert (first.return_value, again.return_value) == ({"due": 0, "overdue": 1}, {"due": 0, "overdue": 0})
    out = StringIO()
    call_command("run_budget_schedules", stdout=out)
    assert out.getvalue().startswith("Enqueued tasks")
