"""Monitoring returns: schedule, due, submit, lock, query, resubmit, approve, overdue and reminders."""

import datetime
from decimal import Decimal

import pytest
from django.core import mail

from budgets import ledger, services
from budgets.models import AuditEvent, Budget, EntryFlag, LedgerEntry, SpendingRule
from budgets.returns import services as returns
from budgets.returns.models import MonitoringReturn, ReturnMessage, ReturnSchedule
from budgets.returns.services import ReturnError
from tests.budgets.factories import UserFactory

Q1_END = datetime.date(2025, 6, 30)
AFTER_Q1 = datetime.date(2025, 7, 2)


@pytest.fixture
def officer(budget):
    user = UserFactory(username="officer")
    budget.council.officers.add(user)
    return user


@pytest.fixture
def scheduled(budget, officer):
    returns.set_schedule(budget=budget, actor=officer, frequency=ReturnSchedule.Frequency.QUARTERLY)
    return budget


def first_return(budget):
    return budget.monitoring_returns.order_by("period_starts_on").first()


def spend(budget, actor, day, amount="40.00", payee="Swimming club"):
    return services.record_entry(
        budget=budget, actor=actor, amount=Decimal(amount), spent_on=day, payee=payee, element="social_care"
    )


@pytest.mark.parametrize(
    ("frequency", "expected"),
    [
        (
            ReturnSchedule.Frequency.QUARTERLY,
            [
                ("2025-04-01", "2025-06-30"),
                ("2025-07-01", "2025-09-30"),
                ("2025-10-01", "2025-12-31"),
                ("2026-01-01", "2026-03-31"),
            ],
        ),
        (ReturnSchedule.Frequency.SIX_MONTHLY, [("2025-04-01", "2025-09-30"), ("2025-10-01", "2026-03-31")]),
        (
            ReturnSchedule.Frequency.MILESTONES,
            [("2025-04-01", "2025-06-30"), ("2025-07-01", "2025-09-30"), ("2025-10-01", "2026-03-31")],
        ),
    ],
)
def test_schedules_divide_the_budget_period(frequency, expected):
    periods = returns.return_periods(frequency, datetime.date(2025, 4, 1), datetime.date(2026, 3, 31))
    assert [(a.isoformat(), b.isoformat()) for a, b in periods] == expected


def test_setting_a_schedule_creates_returns_due_28_days_after_each_period(scheduled, officer):
    items = list(scheduled.monitoring_returns.order_by("period_starts_on"))
    assert len(items) == 4
    assert items[0].due_on == datetime.date(2025, 7, 28)
    assert not items[0].is_due(datetime.date(2025, 6, 30))
    assert items[0].is_due(AFTER_Q1)
    assert AuditEvent.objects.filter(action="returns.schedule_set", budget=scheduled).exists()
    returns.set_schedule(budget=scheduled, actor=officer, frequency=ReturnSchedule.Frequency.SIX_MONTHLY)
    assert scheduled.monitoring_returns.count() == 2


def test_submit_locks_the_period(scheduled, parent):
    entry = spend(scheduled, parent, datetime.date(2025, 5, 1))
    item = returns.submit_return(monitoring_return=first_return(scheduled), actor=parent, declared=True, today=AFTER_Q1)
    assert item.status == MonitoringReturn.Status.SUBMITTED
    assert item.declared_totals["money_out"] == "40.00"
    scheduled.refresh_from_db()
    assert scheduled.locked_until == Q1_END
    entry.refresh_from_db()
    assert entry.is_locked
    with pytest.raises(services.PeriodClosed):
        services.update_entry(entry=entry, actor=parent, expected_version=entry.version, amount=Decimal("41.00"))
    with pytest.raises(services.PeriodClosed):
        services.delete_entry(entry=entry, actor=parent, expected_version=entry.version)
    with pytest.raises(services.PeriodClosed):
        spend(scheduled, parent, datetime.date(2025, 6, 1))
    spend(scheduled, parent, datetime.date(2025, 7, 1))  # the next period is still open
    assert AuditEvent.objects.filter(action="return.submitted", target_id=str(item.pk)).exists()


def test_submitting_twice_is_refused(scheduled, parent):
    returns.submit_return(monitoring_return=first_return(scheduled), actor=parent, declared=True, today=AFTER_Q1)
    with pytest.raises(ReturnError, match="already submitted on .*; it cannot be submitted again"):
        returns.submit_return(monitoring_return=first_return(scheduled), actor=parent, declared=True, today=AFTER_Q1)


def test_submit_needs_the_period_ended_the_declaration_and_earlier_returns(scheduled, parent):
    with pytest.raises(ReturnError, match="you can submit it from 1 July 2025"):
        returns.submit_return(monitoring_return=first_return(scheduled), actor=parent, declared=True, today=Q1_END)
    with pytest.raises(ReturnError, match="Confirm that the return is accurate"):
        returns.submit_return(monitoring_return=first_return(scheduled), actor=parent, declared=False, today=AFTER_Q1)
    second = scheduled.monitoring_returns.order_by("period_starts_on")[1]
    with pytest.raises(ReturnError, match="Submit the return for 1 April 2025 to 30 June 2025 first"):
        returns.submit_return(monitoring_return=second, actor=parent, declared=True, today=datetime.date(2025, 10, 2))


def test_flagged_entries_need_an_explanation_on_the_standard_tier(scheduled, parent):
    SpendingRule.objects.create(
        council=scheduled.council,
        name="Big",
        kind=SpendingRule.Kind.SINGLE_PAYMENT_OVER,
        amount=Decimal("100"),
        reason="Over £100",
    )
    entry = spend(scheduled, parent, datetime.date(2025, 5, 1), amount="150.00")
    flag = EntryFlag.objects.get(entry=entry)
    review = returns.review_return(first_return(scheduled))
    assert [f.pk for f in review.flags] == [flag.pk]
    assert [e.pk for e in review.missing_evidence] == [entry.pk]
    with pytest.raises(ReturnError, match="Explain each flagged entry"):
        returns.submit_return(monitoring_return=first_return(scheduled), actor=parent, declared=True, today=AFTER_Q1)
    returns.submit_return(
        monitoring_return=first_return(scheduled),
        actor=parent,
        declared=True,
        explanations={str(flag.pk): "Agreed with the officer by phone"},
        today=AFTER_Q1,
    )
    flag.refresh_from_db()
    assert flag.explanation == "Agreed with the officer by phone"


def test_light_touch_returns_do_not_need_explanations(scheduled, parent):
    Budget.objects.filter(pk=scheduled.pk).update(monitoring_tier=Budget.MonitoringTier.LIGHT_TOUCH)
    SpendingRule.objects.create(
        council=scheduled.council,
        name="Big",
        kind=SpendingRule.Kind.SINGLE_PAYMENT_OVER,
        amount=Decimal("100"),
        reason="Over £100",
    )
    spend(scheduled, parent, datetime.date(2025, 5, 1), amount="150.00")
    item = returns.submit_return(monitoring_return=first_return(scheduled), actor=parent, declared=True, today=AFTER_Q1)
    assert item.status == MonitoringReturn.Status.SUBMITTED


def test_query_unlocks_and_resubmit_relocks_then_approve(scheduled, parent, officer):
    entry = spend(scheduled, parent, datetime.date(2025, 5, 1))
    item = returns.submit_return(monitoring_return=first_return(scheduled), actor=parent, declared=True, today=AFTER_Q1)
    queried = returns.query_return(monitoring_return=item, officer=officer, message="Please add the swimming receipt")
    assert queried.status == MonitoringReturn.Status.QUERIED
    scheduled.refresh_from_db()
    assert scheduled.locked_until is None
    assert mail.outbox[-1].to == ["parent@example.com"]
    assert "Please add the swimming receipt" in mail.outbox[-1].body
    entry.refresh_from_db()
    services.update_entry(entry=entry, actor=parent, expected_version=entry.version, amount=Decimal("45.00"))
    with pytest.raises(ReturnError, match="waiting for the family's answer; it cannot be approved"):
        returns.approve_return(monitoring_return=item, officer=officer)
    with pytest.raises(ReturnError, match="Answer the council's question"):
        returns.submit_return(monitoring_return=item, actor=parent, declared=True, today=AFTER_Q1)
    resubmitted = returns.submit_return(
        monitoring_return=item, actor=parent, declared=True, answer="Amount corrected", today=AFTER_Q1
    )
    assert resubmitted.declared_totals["money_out"] == "45.00"
    scheduled.refresh_from_db()
    assert scheduled.locked_until == Q1_END
    approved = returns.approve_return(monitoring_return=item, officer=officer, note="Thank you")
    assert approved.status == MonitoringReturn.Status.APPROVED
    assert list(item.messages.values_list("kind", flat=True)) == [
        ReturnMessage.Kind.QUERY,
        ReturnMessage.Kind.ANSWER,
        ReturnMessage.Kind.APPROVAL,
    ]
    with pytest.raises(ReturnError, match="already been approved"):
        returns.query_return(monitoring_return=item, officer=officer, message="One more thing")
    actions = list(
        AuditEvent.objects.filter(target_type="MonitoringReturn")
        .order_by("created_at", "id")
        .values_list("action", flat=True)
    )
    assert actions == ["return.submitted", "return.queried", "return.resubmitted", "return.approved"]


def test_only_the_councils_officers_review(scheduled, parent, stranger):
    item = returns.submit_return(monitoring_return=first_return(scheduled), actor=parent, declared=True, today=AFTER_Q1)
    with pytest.raises(ReturnError, match="Only the council's budget officers"):
        returns.approve_return(monitoring_return=item, officer=stranger)
    with pytest.raises(ReturnError, match="not been submitted yet"):
        returns.approve_return(
            monitoring_return=scheduled.monitoring_returns.order_by("period_starts_on")[1],
            officer=scheduled.council.officers.get(),
        )


def test_overdue_is_flagged(scheduled):
    item = first_return(scheduled)
    assert not item.is_overdue(datetime.date(2025, 7, 28))
    assert item.is_overdue(datetime.date(2025, 7, 29))
    rows = returns.overview_rows(Budget.objects.filter(pk=scheduled.pk), today=datetime.date(2025, 7, 29))
    assert [r.pk for r in rows[0]["overdue"]] == [item.pk]
    assert rows[0]["next_return"].pk == item.pk


def test_reminders_are_sent_once_before_due_and_once_when_overdue(scheduled, parent, officer):
    assert returns.send_return_reminders(datetime.date(2025, 7, 10)) == {"due": 0, "overdue": 0}
    assert returns.send_return_reminders(datetime.date(2025, 7, 21)) == {"due": 1, "overdue": 0}
    assert returns.send_return_reminders(datetime.date(2025, 7, 22)) == {"due": 0, "overdue": 0}
    assert [m.subject for m in mail.outbox] == ["Sam's monitoring return is due on 28 July 2025"]
    assert mail.outbox[0].to == ["parent@example.com"]
    assert returns.send_return_reminders(datetime.date(2025, 7, 29)) == {"due": 0, "overdue": 1}
    assert returns.send_return_reminders(datetime.date(2025, 7, 30)) == {"due": 0, "overdue": 0}
    overdue = [m for m in mail.outbox if m.subject == "Sam's monitoring return is overdue"]
    assert sorted(m.to[0] for m in overdue) == ["officer@example.com", "parent@example.com"]
    assert AuditEvent.objects.filter(action="return.reminder_overdue").count() == 1


def test_submitted_returns_get_no_reminders(scheduled, parent):
    returns.submit_return(monitoring_return=first_return(scheduled), actor=parent, declared=True, today=AFTER_Q1)
    assert returns.send_return_reminders(datetime.date(2025, 7, 29)) == {"due": 0, "overdue": 0}
    assert mail.outbox == []


def test_surplus_and_no_activity_in_the_overview(scheduled, parent):
    services.record_entry(
        budget=scheduled,
        actor=parent,
        kind=LedgerEntry.Kind.PAYMENT_IN,
        amount=Decimal("5000.00"),
        spent_on=datetime.date(2025, 4, 1),
        payee="Camden Council",
        element="social_care",
    )
    row = returns.overview_rows(Budget.objects.filter(pk=scheduled.pk), today=datetime.date(2025, 7, 1))[0]
    # 7,800 a year is about 150 a week; the council's threshold is 8 weeks' worth
    threshold = ledger.weekly_amount(Decimal("7800.00"), scheduled.starts_on, scheduled.ends_on) * 8
    assert row["balance"] == Decimal("5000.00")
    assert row["surplus"] == ledger.pence(Decimal("5000.00") - threshold)
    assert Decimal("3700") < row["surplus"] < Decimal("3900")
    assert row["no_activity"] is True
