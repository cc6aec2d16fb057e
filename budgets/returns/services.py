"""Monitoring returns: the council's schedule, and each return's life cycle.

open (due once its period ends) -> submitted (period locked) -> approved
                                             -> queried (period unlocked, family answers) -> submitted ...

Every change is atomic and audited with ``AuditEvent``. Locking uses the budget's ``locked_until``
date, which ``services.record_entry``/``update_entry``/``delete_entry`` already refuse, so returns
must be submitted in order and an earlier return queried after a later one was submitted is refused.
"""

from __future__ import annotations

import datetime
import itertools
from dataclasses import dataclass, field
from decimal import Decimal

from django.conf import settings
from django.core.mail import send_mail
from django.db import transaction
from django.db.models import Exists, Max, OuterRef, Q, Sum
from django.urls import reverse
from django.utils import timezone

from budgets import ledger
from budgets.dates import add_months
from budgets.models import AuditEvent, Budget, EntryFlag, Evidence, LedgerEntry
from budgets.permissions import covers
from budgets.returns.models import MonitoringReturn, ReturnMessage, ReturnSchedule
from budgets.services import BudgetError
from budgets.statements import build_statement

ZERO = Decimal("0.00")
REMINDER_DAYS_BEFORE = 7
NO_ACTIVITY_DAYS = 60

Status = MonitoringReturn.Status


class ReturnError(BudgetError):
    """A return action refused for a reason the person can act on."""


# Schedules ------------------------------------------------------------------------------------


def return_periods(
    frequency: str, starts_on: datetime.date, ends_on: datetime.date
) -> list[tuple[datetime.date, datetime.date]]:
    """The periods a schedule divides a budget into (pure). The last period ends with the budget."""
    if frequency == ReturnSchedule.Frequency.MILESTONES:
        bounds = [0, 3, 6, 12]
    else:
        step = 3 if frequency == ReturnSchedule.Frequency.QUARTERLY else 6
        bounds, months = [0], 0
        while add_months(starts_on, months) <= ends_on:
            months += step
            bounds.append(months)
    periods = []
    for first, second in itertools.pairwise(bounds):
        period_start = add_months(starts_on, first)
        if period_start > ends_on:
            break
        period_end = min(add_months(starts_on, second) - datetime.timedelta(days=1), ends_on)
        periods.append((period_start, period_end))
    if periods and periods[-1][1] < ends_on:  # a budget longer than 12 months: the last return covers the rest
        periods[-1] = (periods[-1][0], ends_on)
    return periods


@transaction.atomic
def set_schedule(*, budget: Budget, actor, frequency: str, days_to_submit: int = 28) -> ReturnSchedule:
    """Set (or change) a budget's return schedule and create its returns. Submitted returns are kept.

    `actor` is the officer (None when the system sets a default); an officer must cover the council."""
    if actor is not None and not covers(actor, budget.council_id):
        raise ReturnError("Only the council's budget officers can set this budget's return schedule.")
    schedule, created = ReturnSchedule.objects.select_for_update().get_or_create(
        budget=budget, defaults={"frequency": frequency, "days_to_submit": days_to_submit}
    )
    before = None if created else {"frequency": schedule.frequency, "days_to_submit": schedule.days_to_submit}
    schedule.frequency, schedule.days_to_submit = frequency, days_to_submit
    schedule.save()
    ensure_returns(budget)
    AuditEvent.record(
        actor=actor,
        action="returns.schedule_set",
        budget=budget,
        target=schedule,
        before=before,
        after={"frequency": frequency, "days_to_submit": days_to_submit, "tier": budget.monitoring_tier},
    )
    return schedule


@transaction.atomic
def set_monitoring_tier(*, budget: Budget, actor, tier: str) -> Budget:
    """Move a budget between standard and light-touch monitoring (an officer's decision, audited)."""
    budget = Budget.objects.select_for_update().get(pk=budget.pk)
    if actor is None or not covers(actor, budget.council_id):
        raise ReturnError("Only the council's budget officers can change how this budget is monitored.")
    if tier not in Budget.MonitoringTier.values:
        raise ReturnError("Choose standard or light-touch monitoring.")
    if budget.monitoring_tier != tier:
        before = {"monitoring_tier": budget.monitoring_tier}
        budget.monitoring_tier = tier
        budget.save(update_fields=["monitoring_tier"])
        AuditEvent.record(
            actor=actor,
            action="budget.tier_changed",
            budget=budget,
            target=budget,
            before=before,
            after={"monitoring_tier": tier},
        )
    return budget


def ensure_returns(budget: Budget) -> list[MonitoringReturn]:
    """Create any missing returns for the schedule; drop never-submitted ones the schedule no longer has."""
    schedule = ReturnSchedule.objects.filter(budget=budget).first()
    if schedule is None:
        return []
    periods = return_periods(schedule.frequency, budget.starts_on, budget.ends_on)
    wanted = {start: end for start, end in periods}
    existing = {r.period_starts_on: r for r in budget.monitoring_returns.all()}
    for start, item in existing.items():
        if item.status == Status.OPEN and item.submitted_at is None and wanted.get(start) != item.period_ends_on:
            item.delete()
    existing = {r.period_starts_on for r in budget.monitoring_returns.all()}
    created = []
    for start, end in periods:
        if start in existing:
            continue
        created.append(
            MonitoringReturn.objects.create(
                budget=budget,
                period_starts_on=start,
                period_ends_on=end,
                due_on=end + datetime.timedelta(days=schedule.days_to_submit),
            )
        )
    return created


# What the family reviews ---------------------------------------------------------------------------


@dataclass
class ReturnReview(ledger.Figures):
    monitoring_return: MonitoringReturn
    totals: ledger.Totals
    by_element: list
    missing_evidence: list[LedgerEntry]
    flags: list[EntryFlag]
    messages: list[ReturnMessage] = field(default_factory=list)

    @property
    def opening_balance(self) -> Decimal:
        return ledger.pence(self.totals.opening)

    @property
    def light_touch(self) -> bool:
        return self.monitoring_return.budget.monitoring_tier == Budget.MonitoringTier.LIGHT_TOUCH


def review_return(monitoring_return: MonitoringReturn) -> ReturnReview:
    budget = monitoring_return.budget
    start, end = monitoring_return.period_starts_on, monitoring_return.period_ends_on
    statement = build_statement(budget, start, end)
    period_entries = budget.entries.live().filter(spent_on__range=(start, end))
    missing = list(
        period_entries.filter(kind=LedgerEntry.Kind.SPENDING)
        .annotate(has_evidence=Exists(Evidence.objects.filter(entry=OuterRef("pk"))))
        .filter(has_evidence=False)
        .order_by("spent_on", "id")
    )
    flags = list(
        EntryFlag.objects.filter(entry__in=period_entries).select_related("entry").order_by("entry__spent_on", "id")
    )
    return ReturnReview(
        monitoring_return=monitoring_return,
        totals=statement.totals,
        by_element=statement.by_element,
        missing_evidence=missing,
        flags=flags,
        messages=list(monitoring_return.messages.select_related("author")),
    )


def _declared_totals(review: ReturnReview) -> dict:
    """What the family declared, as the ledger defines each figure. "money_in" and "money_out" are the
    names returns submitted before the ledger had one vocabulary used; they hold paid in and spent."""
    figures = review.totals.figures()
    return {
        "opening_balance": str(figures["opening"]),
        "paid_in": str(figures["paid_in"]),
        "spent": str(figures["spent"]),
        "refunds": str(figures["refunds"]),
        "adjustments": str(figures["adjustments"]),
        "closing_balance": str(figures["balance"]),
        "money_in": str(figures["paid_in"]),
        "money_out": str(figures["spent"]),
        "missing_evidence": len(review.missing_evidence),
        "flagged": len(review.flags),
        "by_element": {
            e.element: {"in": str(e.paid_in), "out": str(e.spent), "adjustments": str(e.adjustments)}
            for e in review.by_element
        },
    }


# Life cycle ----------------------------------------------------------------------------------------


def _locked_return(monitoring_return) -> MonitoringReturn:
    return MonitoringReturn.objects.select_for_update().select_related("budget__council").get(pk=monitoring_return.pk)


@transaction.atomic
def submit_return(
    *,
    monitoring_return: MonitoringReturn,
    actor,
    declared: bool,
    explanations: dict | None = None,
    answer: str = "",
    today=None,
) -> MonitoringReturn:
    """Declare a return accurate and submit it; the period's entries are then locked."""
    today = today or timezone.localdate()
    item = _locked_return(monitoring_return)
    budget = Budget.objects.select_for_update().get(pk=item.budget_id)
    if item.status in (Status.SUBMITTED, Status.APPROVED):
        raise ReturnError(
            f"This return was already submitted on {timezone.localtime(item.submitted_at):%-d %B %Y}"
            + (" and approved" if item.status == Status.APPROVED else "")
            + "; it cannot be submitted again."
        )
    if today <= item.period_ends_on:
        raise ReturnError(
            f"This return covers spending up to {item.period_ends_on:%-d %B %Y}; "
            f"you can submit it from {item.period_ends_on + datetime.timedelta(days=1):%-d %B %Y}."
        )
    earlier = budget.monitoring_returns.filter(
        period_starts_on__lt=item.period_starts_on, status__in=[Status.OPEN, Status.QUERIED]
    ).first()
    if earlier is not None:
        action = "Answer the council's question on" if earlier.status == Status.QUERIED else "Submit"
        raise ReturnError(
            f"{action} the return for {earlier.period_starts_on:%-d %B %Y} to {earlier.period_ends_on:%-d %B %Y} first."
        )
    if not declared:
        raise ReturnError("Confirm that the return is accurate before you submit it.")
    resubmission = item.status == Status.QUERIED
    if resubmission and not answer.strip():
        raise ReturnError("Answer the council's question before you resubmit the return.")
    explanations = {int(k): v.strip() for k, v in (explanations or {}).items()}
    flags = list(
        EntryFlag.objects.filter(
            entry__budget=budget,
            entry__is_deleted=False,
            entry__spent_on__range=(item.period_starts_on, item.period_ends_on),
        ).select_related("entry")
    )
    for flag in flags:
        text = explanations.get(flag.pk, "")
        if text and text != flag.explanation:
            before = {"explanation": flag.explanation}
            flag.explanation = text
            flag.save(update_fields=["explanation"])
            AuditEvent.record(
                actor=actor,
                action="flag.explained",
                budget=budget,
                target=flag,
                before=before,
                after={"explanation": text},
            )
    if budget.monitoring_tier == Budget.MonitoringTier.STANDARD:
        unexplained = [flag for flag in flags if not flag.explanation]
        if unexplained:
            first = unexplained[0].entry
            raise ReturnError(
                f"Explain each flagged entry before you submit: {first.payee or 'an entry'} on "
                f"{first.spent_on:%-d %B %Y} has no explanation."
            )
    if resubmission:
        ReturnMessage.objects.create(
            monitoring_return=item, kind=ReturnMessage.Kind.ANSWER, author=actor, body=answer.strip()
        )
    item.status = Status.SUBMITTED
    item.submitted_at, item.submitted_by = timezone.now(), actor
    item.declared_totals = _declared_totals(review_return(item))
    item.save()
    if budget.locked_until is None or budget.locked_until < item.period_ends_on:
        budget.locked_until = item.period_ends_on
        budget.save(update_fields=["locked_until"])
    AuditEvent.record(
        actor=actor,
        action="return.resubmitted" if resubmission else "return.submitted",
        budget=budget,
        target=item,
        after={**item.declared_totals, "locked_until": budget.locked_until.isoformat()},
    )
    return item


def _check_reviewable(item: MonitoringReturn, officer, verb: str) -> None:
    if officer is None or not covers(officer, item.budget.council_id):
        raise ReturnError("Only the council's budget officers can review this return.")
    if item.status == Status.QUERIED:
        raise ReturnError(
            f"This return was queried on {timezone.localtime(item.reviewed_at):%-d %B %Y} and is waiting for the "
            f"family's answer; it cannot be {verb} until they resubmit it."
        )
    if item.status == Status.APPROVED:
        raise ReturnError(f"This return has already been approved; it cannot be {verb} again.")
    if item.status != Status.SUBMITTED:
        raise ReturnError(f"This return has not been submitted yet, so it cannot be {verb}.")


@transaction.atomic
def approve_return(*, monitoring_return: MonitoringReturn, officer, note: str = "") -> MonitoringReturn:
    item = _locked_return(monitoring_return)
    _check_reviewable(item, officer, "approved")
    item.status = Status.APPROVED
    item.reviewed_at, item.reviewed_by = timezone.now(), officer
    item.save(update_fields=["status", "reviewed_at", "reviewed_by"])
    if note.strip():
        ReturnMessage.objects.create(
            monitoring_return=item, kind=ReturnMessage.Kind.APPROVAL, author=officer, body=note.strip()
        )
    AuditEvent.record(
        actor=officer, action="return.approved", budget=item.budget, target=item, after={"note": note.strip()}
    )
    return item


@transaction.atomic
def query_return(*, monitoring_return: MonitoringReturn, officer, message: str) -> MonitoringReturn:
    """Ask the family a question; the return's period is unlocked so they can put things right."""
    item = _locked_return(monitoring_return)
    _check_reviewable(item, officer, "queried")
    if not message.strip():
        raise ReturnError("Write the question for the family.")
    budget = Budget.objects.select_for_update().get(pk=item.budget_id)
    later = budget.monitoring_returns.filter(
        period_starts_on__gt=item.period_starts_on, status__in=[Status.SUBMITTED, Status.APPROVED]
    ).exists()
    if later:
        raise ReturnError(
            "A later return has already been submitted, so this period cannot be reopened. Query the latest "
            "submitted return first."
        )
    before = {"locked_until": budget.locked_until.isoformat() if budget.locked_until else None}
    budget.locked_until = budget.monitoring_returns.filter(
        period_ends_on__lt=item.period_starts_on, status__in=[Status.SUBMITTED, Status.APPROVED]
    ).aggregate(last=Max("period_ends_on"))["last"]
    budget.save(update_fields=["locked_until"])
    item.status = Status.QUERIED
    item.reviewed_at, item.reviewed_by = timezone.now(), officer
    item.save(update_fields=["status", "reviewed_at", "reviewed_by"])
    ReturnMessage.objects.create(
        monitoring_return=item, kind=ReturnMessage.Kind.QUERY, author=officer, body=message.strip()
    )
    AuditEvent.record(
        actor=officer,
        action="return.queried",
        budget=budget,
        target=item,
        before=before,
        after={
            "message": message.strip(),
            "locked_until": budget.locked_until.isoformat() if budget.locked_until else None,
        },
    )
    _notify_family(item, f"The council has a question about {budget.holder_name}'s monitoring return", message.strip())
    return item


# Reminders ------------------------------------------------------------------------------------------


def _manager_emails(budget: Budget) -> list[str]:
    return sorted(
        {m.user.email for m in budget.memberships.select_related("user", "budget") if m.can_manage and m.user.email}
    )


def _return_link(item: MonitoringReturn) -> str:
    path = reverse("budgets:return_detail", kwargs={"budget": item.budget.uuid, "monitoring_return": item.pk})
    return f"{settings.WAGTAILADMIN_BASE_URL.rstrip('/')}{path}"


def _notify_family(item: MonitoringReturn, subject: str, body: str) -> int:
    recipients = _manager_emails(item.budget)
    if not recipients:
        return 0
    send_mail(
        subject=subject,
        message=f"{body}\n\nSee the return and reply here:\n{_return_link(item)}\n",
        from_email=None,
        recipient_list=recipients,
    )
    return len(recipients)


def _claim(item: MonitoringReturn, field_name: str) -> bool:
    """Mark a reminder as sent unless another run already did (a conditional update, so it sends once)."""
    return bool(
        MonitoringReturn.objects.filter(pk=item.pk, **{f"{field_name}__isnull": True}).update(
            **{field_name: timezone.now()}
        )
    )


def send_return_reminders(today: datetime.date | None = None) -> dict[str, int]:
    """Email families before a return is due, and families and officers when it is overdue. Idempotent."""
    today = today or timezone.localdate()
    sent = {"due": 0, "overdue": 0}
    awaiting = MonitoringReturn.objects.filter(status__in=[Status.OPEN, Status.QUERIED]).select_related(
        "budget__council"
    )
    due_soon = awaiting.filter(
        period_ends_on__lt=today,
        due_on__gte=today,
        due_on__lte=today + datetime.timedelta(days=REMINDER_DAYS_BEFORE),
        due_reminder_sent_at__isnull=True,
    )
    for item in due_soon:
        if not _claim(item, "due_reminder_sent_at"):
            continue
        budget = item.budget
        _notify_family(
            item,
            f"{budget.holder_name}'s monitoring return is due on {item.due_on:%-d %B %Y}",
            f"The monitoring return for {item.period_starts_on:%-d %B %Y} to {item.period_ends_on:%-d %B %Y} is due "
            f"on {item.due_on:%-d %B %Y}. Check the entries, add any missing receipts and submit it.",
        )
        AuditEvent.record(actor=None, action="return.reminder_due", budget=budget, target=item)
        sent["due"] += 1
    for item in awaiting.filter(due_on__lt=today, overdue_reminder_sent_at__isnull=True):
        if not _claim(item, "overdue_reminder_sent_at"):
            continue
        budget = item.budget
        subject = f"{budget.holder_name}'s monitoring return is overdue"
        body = (
            f"The monitoring return for {item.period_starts_on:%-d %B %Y} to {item.period_ends_on:%-d %B %Y} was due "
            f"on {item.due_on:%-d %B %Y} and has not been submitted."
        )
        _notify_family(item, subject, body)
        officers = sorted({u.email for u in budget.council.officers.all() if u.email})
        if officers:
            send_mail(subject=subject, message=body, from_email=None, recipient_list=officers)
        AuditEvent.record(actor=None, action="return.reminder_overdue", budget=budget, target=item)
        sent["overdue"] += 1
    return sent


# The officer's overview ------------------------------------------------------------------------------


def overview_rows(budgets, today: datetime.date | None = None) -> list[dict]:
    """One row per budget: balance, surplus over the council's threshold, last activity, returns."""
    today = today or timezone.localdate()
    budgets = (
        budgets.select_related("council")
        .prefetch_related("elements")
        .annotate(
            last_activity=Max(
                "entries__spent_on",
                filter=Q(entries__is_deleted=False) & ~Q(entries__source=LedgerEntry.Source.SCHEDULED),
            ),
        )
        .order_by("holder_name")
    )
    budgets = list(budgets)
    # Sums per budget and kind (one query); the ledger decides what each kind counts towards.
    by_kind: dict[int, list[tuple[str, Decimal]]] = {}
    for budget_id, kind, total in (
        LedgerEntry.objects.filter(budget__in=budgets, is_deleted=False)
        .values_list("budget_id", "kind")
        .annotate(total=Sum("amount"))
        .order_by()
    ):
        by_kind.setdefault(budget_id, []).append((kind, total))
    returns: dict[int, list[MonitoringReturn]] = {}
    for item in MonitoringReturn.objects.filter(budget__in=budgets).order_by("period_starts_on"):
        returns.setdefault(item.budget_id, []).append(item)
    rows = []
    for budget in budgets:
        allocated = sum((e.allocated_amount for e in budget.elements.all()), ZERO)
        totals = ledger.totals(by_kind.get(budget.pk, []), allocated=allocated)
        balance = totals.balance
        surplus = ledger.surplus_over_threshold(
            balance, allocated, budget.starts_on, budget.ends_on, budget.council.surplus_threshold_weeks
        )
        items = returns.get(budget.pk, [])
        awaiting = [r for r in items if r.is_awaiting_family]
        next_return = awaiting[0] if awaiting else None
        overdue = [r for r in items if r.is_overdue(today)]
        inactive = budget.starts_on <= today and (
            budget.last_activity is None or budget.last_activity < today - datetime.timedelta(days=NO_ACTIVITY_DAYS)
        )
        rows.append(
            {
                "budget": budget,
                "allocated": allocated,
                "totals": totals,
                "paid_in": ledger.pence(totals.paid_in),
                "spent": totals.spent,
                "refunds": ledger.pence(totals.refunds),
                "adjustments": ledger.pence(totals.adjustments),
                "balance": balance,
                "surplus": surplus,
                "last_activity": budget.last_activity,
                "next_return": next_return,
                "overdue": overdue,
                "awaiting_review": [r for r in items if r.status == Status.SUBMITTED],
                "no_activity": inactive,
            }
        )
    return rows
