"""Every change to budget data: atomic, locked, versioned where people edit, audited, and safe when
two people act at once. Views, tasks and imports change budget data only through these functions.

Two people saving the same entry at once: the second is told the entry changed under them
(``StaleEdit``), on PostgreSQL (the row lock waits, then the version no longer matches) and on SQLite
(transactions start with ``BEGIN IMMEDIATE``, so the second waits for the first and then sees the new
version). If the database stays busy past its timeout, ``Busy`` says so and nothing is saved.
"""

import dataclasses
import datetime
import functools
import io
import json
import zipfile
from decimal import Decimal

from django.conf import settings
from django.contrib.auth import get_user_model
from django.core.mail import send_mail
from django.db import DatabaseError, OperationalError, transaction
from django.db.models import ProtectedError, Sum
from django.urls import reverse
from django.utils import timezone

from budgets import ledger
from budgets.dates import add_months
from budgets.imports.models import Reconciliation
from budgets.models import (
    AuditEvent,
    Budget,
    BudgetMembership,
    Category,
    Council,
    EntryFlag,
    Evidence,
    Frequency,
    Invitation,
    LedgerEntry,
    RecurringPayment,
    SpendingRule,
)
from budgets.permissions import covers
from budgets.requests.models import BudgetRequest

MAX_AMOUNT = Decimal("100000.00")


class BudgetError(Exception):
    """A change refused for a reason the person can act on; str() is the message to show."""


class PeriodClosed(BudgetError):
    def __init__(self, day):
        super().__init__(
            f"Entries on or before {day:%-d %B %Y} are locked because a monitoring return covering that date "
            "has been submitted. Ask your budget officer if something needs changing."
        )


class StaleEdit(BudgetError):
    def __init__(self):
        super().__init__(
            "Someone else changed this entry while you were editing it. Check the entry as it is now and "
            "make your change again."
        )


class InvitationError(BudgetError):
    pass


class Busy(BudgetError):
    def __init__(self):
        super().__init__(
            "Someone else is saving a change to this budget right now. Nothing you entered has been saved "
            "yet: wait a few seconds and try again."
        )


# Lock waits that ran out (SQLite "database is locked", PostgreSQL lock_timeout or a serialization
# failure) mean "someone else is writing": the person gets a message to act on, never a server error.
BUSY_MARKERS = ("database is locked", "database table is locked", "lock timeout", "could not serialize")


def budget_write(func):
    """Run a change in one transaction and turn a lock wait that ran out into ``Busy``."""
    atomic_func = transaction.atomic(func)

    @functools.wraps(func)
    def write(*args, **kwargs):
        try:
            return atomic_func(*args, **kwargs)
        except OperationalError as error:
            if any(marker in str(error).lower() for marker in BUSY_MARKERS):
                raise Busy() from error
            raise
        except DatabaseError as error:  # PostgreSQL reports a serialization failure as its own class
            if "could not serialize" in str(error).lower():
                raise Busy() from error
            raise

    return write


# Schedules ---------------------------------------------------------------------------------------


def next_date(day: datetime.date, frequency: str) -> datetime.date:
    if frequency == Frequency.WEEKLY:
        return day + datetime.timedelta(weeks=1)
    if frequency == Frequency.FORTNIGHTLY:
        return day + datetime.timedelta(weeks=2)
    if frequency == Frequency.FOUR_WEEKLY:
        return day + datetime.timedelta(weeks=4)
    return add_months(day, 3 if frequency == Frequency.QUARTERLY else 1)


def schedule_dates(starts_on: datetime.date, ends_on: datetime.date, frequency: str, in_advance: bool = True):
    """Payment dates through the period: at the start of each interval, or at its end when in arrears."""
    starts, day = [], starts_on
    while day <= ends_on:
        starts.append(day)
        day = next_date(day, frequency)
    if in_advance:
        return starts
    return [min(next_date(start, frequency) - datetime.timedelta(days=1), ends_on) for start in starts]


@budget_write
def generate_scheduled_payments(budget: Budget, up_to: datetime.date) -> list[LedgerEntry]:
    """Create the payments in due on or before `up_to`. Idempotent: each payment has a schedule key."""
    budget = Budget.objects.select_for_update().get(pk=budget.pk)
    dates = schedule_dates(budget.starts_on, budget.ends_on, budget.payment_frequency, budget.paid_in_advance)
    existing = set(budget.entries.exclude(schedule_key="").values_list("schedule_key", flat=True))
    created = []
    for element in budget.elements.all():
        for day, amount in zip(dates, ledger.split_evenly(element.allocated_amount, len(dates)), strict=True):
            key = f"payment:{element.element}:{day.isoformat()}"
            if day > up_to or key in existing or amount == 0:
                continue
            entry = budget.entries.create(
                kind=LedgerEntry.Kind.PAYMENT_IN,
                source=LedgerEntry.Source.SCHEDULED,
                spent_on=day,
                amount=amount,
                payee=str(budget.council),
                element=element.element,
                note=f"{budget.get_payment_frequency_display()} payment from {budget.council}",
                schedule_key=key,
            )
            AuditEvent.record(actor=None, action="entry.scheduled", budget=budget, target=entry, after=entry.snapshot())
            created.append(entry)
    return created


@budget_write
def run_recurring_payment(recurring: RecurringPayment, today: datetime.date) -> list[LedgerEntry]:
    """Create every entry a recurring payment owes up to `today`, and move its next due date on."""
    recurring = RecurringPayment.objects.select_for_update().select_related("budget").get(pk=recurring.pk)
    budget = recurring.budget
    before = recurring_snapshot(recurring)
    created = []
    while recurring.is_active and recurring.next_due_on <= today:
        day = recurring.next_due_on
        if day > budget.ends_on or (recurring.ends_on and day > recurring.ends_on):
            recurring.is_active = False
            break
        key = f"recurring:{recurring.pk}:{day.isoformat()}"
        if not budget.entries.filter(schedule_key=key).exists() and not budget.is_closed_for(day):
            entry = budget.entries.create(
                kind=LedgerEntry.Kind.SPENDING,
                source=LedgerEntry.Source.SCHEDULED,
                spent_on=day,
                amount=ledger.signed_amount(LedgerEntry.Kind.SPENDING, recurring.amount),
                payee=recurring.payee,
                element=recurring.element,
                provision_item=recurring.provision_item,
                category=recurring.category,
                note=f"{recurring.get_frequency_display()} payment",
                schedule_key=key,
                recurring_payment=recurring,
                created_by=recurring.created_by,
            )
            apply_spending_rules(entry)
            AuditEvent.record(actor=None, action="entry.recurring", budget=budget, target=entry, after=entry.snapshot())
            created.append(entry)
        recurring.next_due_on = next_date(day, recurring.frequency)
    recurring.save(update_fields=["next_due_on", "is_active"])
    after = recurring_snapshot(recurring)
    if after != before:
        AuditEvent.record(
            actor=None, action="recurring.advanced", budget=budget, target=recurring, before=before, after=after
        )
    return created


def recurring_snapshot(recurring: RecurringPayment) -> dict:
    """What the audit trail records about a regular payment (amounts and dates as strings)."""
    return {
        "payee": recurring.payee,
        "amount": str(recurring.amount),
        "element": recurring.element,
        "provision_item": recurring.provision_item_id,
        "category": recurring.category,
        "frequency": recurring.frequency,
        "starts_on": recurring.starts_on.isoformat(),
        "ends_on": recurring.ends_on.isoformat() if recurring.ends_on else None,
        "next_due_on": recurring.next_due_on.isoformat(),
        "is_active": recurring.is_active,
    }


@budget_write
def create_recurring_payment(*, budget: Budget, actor, today: datetime.date, **fields) -> RecurringPayment:
    """Set up a regular payment and record every entry it already owes (a start date in the past)."""
    budget = Budget.objects.select_for_update().get(pk=budget.pk)
    amount = ledger.pence(fields.pop("amount"))
    if amount <= 0 or amount > MAX_AMOUNT:
        raise BudgetError(f"The amount must be between £0.01 and £{MAX_AMOUNT:,.2f}")
    starts_on = fields["starts_on"]
    if not budget.starts_on <= starts_on <= budget.ends_on:
        raise BudgetError(
            f"The first payment must be within the budget period, {budget.starts_on:%-d %B %Y} to "
            f"{budget.ends_on:%-d %B %Y}"
        )
    recurring = RecurringPayment.objects.create(
        budget=budget, created_by=actor, amount=amount, next_due_on=starts_on, **fields
    )
    AuditEvent.record(
        actor=actor, action="recurring.created", budget=budget, target=recurring, after=recurring_snapshot(recurring)
    )
    run_recurring_payment(recurring, today)
    recurring.refresh_from_db()
    return recurring


@budget_write
def stop_recurring_payment(*, recurring: RecurringPayment, actor) -> RecurringPayment:
    """Stop a regular payment; the entries it already made stay in the ledger."""
    recurring = RecurringPayment.objects.select_for_update().select_related("budget").get(pk=recurring.pk)
    if not recurring.is_active:
        raise BudgetError(f"The regular payment to {recurring.payee} has already stopped")
    before = recurring_snapshot(recurring)
    recurring.is_active = False
    recurring.save(update_fields=["is_active"])
    AuditEvent.record(
        actor=actor,
        action="recurring.stopped",
        budget=recurring.budget,
        target=recurring,
        before=before,
        after=recurring_snapshot(recurring),
    )
    return recurring


# Reconciliation -------------------------------------------------------------------------------------


def ledger_balance_on(budget: Budget, day: datetime.date) -> Decimal:
    """The ledger's balance at the end of a day, as the ledger defines it."""
    sums = budget.entries.live().filter(spent_on__lte=day).values_list("kind").annotate(total=Sum("amount")).order_by()
    return ledger.totals(sums).balance


@budget_write
def record_reconciliation(*, budget: Budget, actor, as_of: datetime.date, statement_balance: Decimal):
    """Record the family's check of the ledger against a bank balance; returns it with the one before."""
    budget = Budget.objects.select_for_update().get(pk=budget.pk)
    previous = budget.reconciliations.filter(as_of__lt=as_of).order_by("-as_of").first()
    result = Reconciliation.objects.create(
        budget=budget,
        as_of=as_of,
        statement_balance=ledger.pence(statement_balance),
        ledger_balance=ledger_balance_on(budget, as_of),
        recorded_by=actor,
    )
    AuditEvent.record(
        actor=actor,
        action="reconciliation.recorded",
        budget=budget,
        target=result,
        after={
            "as_of": as_of.isoformat(),
            "statement_balance": str(result.statement_balance),
            "ledger_balance": str(result.ledger_balance),
        },
    )
    return result, previous


# Rules ----------------------------------------------------------------------------------------------


def broken_rules(entry: LedgerEntry, rules) -> list[SpendingRule]:
    broken = []
    if entry.kind != LedgerEntry.Kind.SPENDING:
        return broken
    household = entry.budget.household_names()
    for rule in rules:
        if rule.element and rule.element != entry.element:
            continue
        if rule.kind == SpendingRule.Kind.HOUSEHOLD_MEMBER_AS_PA:
            if entry.category == Category.PERSONAL_ASSISTANT and entry.payee.strip().casefold() in household:
                broken.append(rule)
        elif rule.kind == SpendingRule.Kind.CATEGORY_FROM_ELEMENT:
            if rule.category and entry.category == rule.category:
                broken.append(rule)
        elif rule.kind == SpendingRule.Kind.SINGLE_PAYMENT_OVER:
            if rule.amount is not None and abs(entry.amount) > rule.amount:
                broken.append(rule)
    return broken


def apply_spending_rules(entry: LedgerEntry) -> list[EntryFlag]:
    """Flag (never refuse) an entry for every active council rule it breaks; re-run after an edit."""
    rules = SpendingRule.objects.filter(council_id=entry.budget.council_id, is_active=True)
    entry.flags.filter(explanation="").delete()
    kept = set(entry.flags.values_list("rule_id", flat=True))
    return [
        EntryFlag.objects.create(entry=entry, rule=rule, reason=rule.reason)
        for rule in broken_rules(entry, rules)
        if rule.pk not in kept
    ]


# Entries --------------------------------------------------------------------------------------------


def _check_entry(budget: Budget, spent_on: datetime.date, amount: Decimal):
    if budget.is_closed_for(spent_on):
        raise PeriodClosed(budget.locked_until)
    if not budget.starts_on <= spent_on <= budget.ends_on:
        raise BudgetError(
            f"The date must be within the budget period, {budget.starts_on:%-d %B %Y} to {budget.ends_on:%-d %B %Y}"
        )
    if amount == 0 or abs(amount) > MAX_AMOUNT:
        raise BudgetError(f"The amount must be between £0.01 and £{MAX_AMOUNT:,.2f}")


@budget_write
def record_entry(*, budget: Budget, actor, evidence_files=(), **fields) -> LedgerEntry:
    """Record spending (or a refund). `amount` is positive as typed; spending is stored negative."""
    budget = Budget.objects.select_for_update().get(pk=budget.pk)
    kind = fields.pop("kind", LedgerEntry.Kind.SPENDING)
    amount = ledger.pence(fields.pop("amount"))
    _check_entry(budget, fields["spent_on"], amount)
    entry = budget.entries.create(kind=kind, amount=ledger.signed_amount(kind, amount), created_by=actor, **fields)
    for upload, content_type in evidence_files:
        _store_evidence(entry, actor, upload, content_type)
    apply_spending_rules(entry)
    AuditEvent.record(actor=actor, action="entry.created", budget=budget, target=entry, after=entry.snapshot())
    return entry


@budget_write
def update_entry(*, entry: LedgerEntry, actor, expected_version: int, evidence_files=(), **fields) -> LedgerEntry:
    entry = LedgerEntry.objects.select_for_update().select_related("budget").get(pk=entry.pk)
    if entry.version != expected_version:
        raise StaleEdit()
    if entry.is_deleted:
        raise BudgetError("This entry has been deleted and can no longer be changed")
    if entry.is_locked:
        raise PeriodClosed(entry.budget.locked_until)
    before = entry.snapshot()
    amount = ledger.pence(fields.pop("amount", abs(entry.amount)))
    _check_entry(entry.budget, fields.get("spent_on", entry.spent_on), amount)
    for name, value in fields.items():
        setattr(entry, name, value)
    entry.amount = ledger.signed_amount(entry.kind, amount)
    entry.version += 1
    entry.save()
    for upload, content_type in evidence_files:
        _store_evidence(entry, actor, upload, content_type)
    apply_spending_rules(entry)
    AuditEvent.record(
        actor=actor, action="entry.updated", budget=entry.budget, target=entry, before=before, after=entry.snapshot()
    )
    return entry


@budget_write
def delete_entry(*, entry: LedgerEntry, actor, expected_version: int) -> LedgerEntry:
    """Deleted entries are kept, marked deleted, and leave the balance."""
    entry = LedgerEntry.objects.select_for_update().select_related("budget").get(pk=entry.pk)
    if entry.version != expected_version:
        raise StaleEdit()
    if entry.is_deleted:
        raise BudgetError("This entry has already been deleted")
    if entry.is_locked:
        raise PeriodClosed(entry.budget.locked_until)
    before = entry.snapshot()
    entry.is_deleted, entry.deleted_at, entry.deleted_by = True, timezone.now(), actor
    entry.version += 1
    entry.save()
    AuditEvent.record(
        actor=actor, action="entry.deleted", budget=entry.budget, target=entry, before=before, after=entry.snapshot()
    )
    return entry


def _store_evidence(entry, actor, upload, content_type) -> Evidence:
    evidence = Evidence(
        entry=entry,
        original_name=upload.name[:255],
        content_type=content_type,
        size=upload.size,
        uploaded_by=actor,
    )
    evidence.file.save(upload.name, upload, save=False)
    evidence.save()
    AuditEvent.record(
        actor=actor,
        action="evidence.added",
        budget=entry.budget,
        target=evidence,
        after={"entry": entry.pk, "name": evidence.original_name, "size": evidence.size},
    )
    return evidence


@budget_write
def add_evidence(*, entry: LedgerEntry, actor, upload, content_type) -> Evidence:
    entry = LedgerEntry.objects.select_for_update().select_related("budget").get(pk=entry.pk)
    if entry.is_locked:
        raise PeriodClosed(entry.budget.locked_until)
    return _store_evidence(entry, actor, upload, content_type)


# Members --------------------------------------------------------------------------------------------


@budget_write
def invite_member(*, budget: Budget, actor, email: str, role: str, request=None) -> Invitation:
    email = email.strip().lower()
    if budget.memberships.filter(user__email__iexact=email).exists():
        raise InvitationError(f"{email} is already a member of this budget")
    budget.invitations.filter(email__iexact=email, accepted_at__isnull=True).delete()
    invitation = budget.invitations.create(
        email=email,
        role=role,
        invited_by=actor,
        expires_at=timezone.now() + datetime.timedelta(days=settings.BUDGET_INVITATION_DAYS),
    )
    path = reverse("budgets:accept_invitation", kwargs={"token": invitation.token})
    link = request.build_absolute_uri(path) if request is not None else f"{settings.WAGTAILADMIN_BASE_URL}{path}"
    send_mail(
        subject=f"You have been invited to {budget.holder_name}'s personal budget",
        message=(
            f"{actor.email} has invited you to help manage {budget.holder_name}'s personal budget "
            f"as {invitation.get_role_display().lower()}.\n\nTo accept, sign in or create an account with this "
            f"email address and open this link:\n{link}\n\n"
            f"The link stops working on {timezone.localtime(invitation.expires_at):%-d %B %Y}."
        ),
        from_email=None,
        recipient_list=[email],
    )
    AuditEvent.record(
        actor=actor, action="member.invited", budget=budget, target=invitation, after={"email": email, "role": role}
    )
    return invitation


@budget_write
def accept_invitation(*, invitation: Invitation, user) -> BudgetMembership:
    invitation = Invitation.objects.select_for_update().get(pk=invitation.pk)
    if invitation.accepted_at is not None:
        raise InvitationError("This invitation has already been used")
    if invitation.is_expired:
        raise InvitationError("This invitation has expired. Ask the person who invited you to send a new one.")
    if not user.emailaddress_set.filter(email__iexact=invitation.email, verified=True).exists():
        raise InvitationError(
            f"This invitation was sent to {invitation.email}. Sign in with that email address to accept it."
        )
    membership, _ = BudgetMembership.objects.get_or_create(
        budget=invitation.budget, user=user, defaults={"role": invitation.role}
    )
    invitation.accepted_at = timezone.now()
    invitation.save(update_fields=["accepted_at"])
    AuditEvent.record(
        actor=user, action="member.joined", budget=invitation.budget, target=membership, after={"role": membership.role}
    )
    return membership


@budget_write
def remove_member(*, membership: BudgetMembership, actor) -> None:
    budget = membership.budget
    managers = [m for m in budget.memberships.select_related("budget") if m.can_manage]
    if membership.can_manage and len(managers) == 1:
        raise BudgetError("You cannot remove the only person who manages this budget")
    AuditEvent.record(
        actor=actor,
        action="member.removed",
        budget=budget,
        target=membership,
        before={"email": membership.user.email, "role": membership.role},
    )
    membership.delete()


# A person's own data ------------------------------------------------------------------------------


def member_data(user) -> dict:
    """Everything held about a person, as JSON-ready data (amounts as strings)."""
    memberships = BudgetMembership.objects.filter(user=user).select_related("budget")
    entries = LedgerEntry.objects.filter(created_by=user).select_related("budget").order_by("spent_on", "pk")
    evidence = Evidence.objects.filter(uploaded_by=user).order_by("pk")
    events = AuditEvent.objects.filter(actor=user).order_by("created_at", "pk")
    return {
        "exported_at": timezone.now().isoformat(),
        "account": {
            "email": user.email,
            "date_joined": user.date_joined.isoformat(),
            "last_login": user.last_login.isoformat() if user.last_login else None,
            "email_addresses": [
                {"email": address.email, "verified": address.verified, "primary": address.primary}
                for address in user.emailaddress_set.all()
            ],
        },
        "budgets": [
            {
                "budget": str(m.budget.uuid),
                "holder_name": m.budget.holder_name,
                "role": m.role,
                "joined_at": m.joined_at.isoformat(),
            }
            for m in memberships
        ],
        "entries_recorded": [
            {
                "budget": str(entry.budget.uuid),
                "date": entry.spent_on.isoformat(),
                "amount": str(entry.amount),
                "payee": entry.payee,
                "element": entry.element,
                "category": entry.category,
                "note": entry.note,
                "deleted": entry.is_deleted,
            }
            for entry in entries
        ],
        "evidence_uploaded": [
            {
                "file": f"receipts/{item.pk}-{item.original_name}",
                "entry": item.entry_id,
                "uploaded_at": item.uploaded_at.isoformat(),
                "size": item.size,
            }
            for item in evidence
        ],
        "budget_requests": [
            {
                "child_name": item.child_name,
                "date_of_birth": item.child_date_of_birth.isoformat() if item.child_date_of_birth else None,
                "plan_reference": item.plan_reference,
                "parts": list(item.elements),
                "wishes": item.wishes,
                "holding_arrangement": item.holding_arrangement,
                "status": item.status or "not sent",
                "submitted_at": item.submitted_at.isoformat() if item.submitted_at else None,
                "decline_reason": item.decline_reason,
                "review_reason": item.review_reason,
            }
            for item in BudgetRequest.objects.filter(requested_by=user).order_by("created_at")
        ],
        "activity": [
            {"at": event.created_at.isoformat(), "action": event.action, "target": event.target_type}
            for event in events
        ],
    }


def export_member_data(user) -> bytes:
    """A zip with data.json and every receipt the person uploaded."""
    data = member_data(user)
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w", compression=zipfile.ZIP_DEFLATED) as archive:
        archive.writestr("data.json", json.dumps(data, indent=2))
        for item in Evidence.objects.filter(uploaded_by=user).order_by("pk"):
            with item.file.open("rb") as handle:
                archive.writestr(f"receipts/{item.pk}-{item.original_name}", handle.read())
    return buffer.getvalue()


@transaction.atomic
def delete_account(user) -> None:
    """Remove a person; the budgets (the council's record) stay, with their name taken out."""
    AuditEvent.objects.filter(actor=user).update(actor_label="a deleted account")
    AuditEvent.record(actor=None, action="account.deleted", after={"user": user.pk})
    BudgetMembership.objects.filter(user=user).delete()
    Invitation.objects.filter(email__iexact=user.email, accepted_at__isnull=True).delete()
    get_user_model().objects.filter(pk=user.pk).delete()  # SET_NULL on entries, evidence, audit events


# Council records changed by staff in the admin --------------------------------------------------------
# A budget, a spending rule or a council, created, changed or deleted by a council officer. The admin
# hands over its validated form (a budget's form saves its elements and agreed provision too); these
# functions check the officer covers the council both before and after the change, so a budget can
# never be moved to, or a rule created for, a council the officer does not cover, and audit it.


class OutsideCouncil(BudgetError):
    def __init__(self):
        super().__init__("You can only change the budgets, rules and councils of the councils you are an officer for.")


def budget_snapshot(budget: Budget) -> dict:
    """A budget as the audit trail records it before and after a change (amounts as strings)."""
    return {
        "council": budget.council_id,
        "holder_name": budget.holder_name,
        "holder_date_of_birth": budget.holder_date_of_birth.isoformat() if budget.holder_date_of_birth else None,
        "holder": budget.holder_id,
        "reference": budget.reference,
        "starts_on": budget.starts_on.isoformat() if budget.starts_on else None,
        "ends_on": budget.ends_on.isoformat() if budget.ends_on else None,
        "holding_arrangement": budget.holding_arrangement,
        "payment_frequency": budget.payment_frequency,
        "paid_in_advance": budget.paid_in_advance,
        "monitoring_tier": budget.monitoring_tier,
        "household_members": budget.household_members,
        "elements": [
            {"element": e.element, "allocated_amount": str(e.allocated_amount)}
            for e in budget.elements.order_by("element")
        ],
        "provision_items": [
            {
                "name": p.name,
                "element": p.element,
                "outcome": p.outcome,
                "annual_amount": str(p.annual_amount),
                "directory_service_uuid": str(p.directory_service_uuid) if p.directory_service_uuid else None,
            }
            for p in budget.provision_items.order_by("pk")
        ],
    }


def spending_rule_snapshot(rule: SpendingRule) -> dict:
    return {
        "council": rule.council_id,
        "name": rule.name,
        "kind": rule.kind,
        "element": rule.element,
        "category": rule.category,
        "amount": str(rule.amount) if rule.amount is not None else None,
        "reason": rule.reason,
        "is_active": rule.is_active,
    }


def council_snapshot(council: Council) -> dict:
    return {
        "name": council.name,
        "surplus_threshold_weeks": council.surplus_threshold_weeks,
        "officers": sorted(council.officers.values_list("pk", flat=True)),
    }


_COUNCIL_RECORDS = {
    Budget: ("budget", budget_snapshot, lambda budget: budget.council_id),
    SpendingRule: ("spending_rule", spending_rule_snapshot, lambda rule: rule.council_id),
    Council: ("council", council_snapshot, lambda council: council.pk),
}


def _check_covers(actor, council_id) -> None:
    if actor is None or not covers(actor, council_id):
        raise OutsideCouncil()


@transaction.atomic
def save_council_record(*, instance, actor, form=None):
    """Create or change a budget, spending rule or council; `form` (the admin's, validated) saves it
    with its inline parts. Refused with `OutsideCouncil` unless `actor` covers the council it was in
    and the council it is going to; only a superuser adds a council."""
    model = type(instance)
    name, snapshot, council_of = _COUNCIL_RECORDS[model]
    before = None
    if instance.pk is not None:
        stored = model.objects.select_for_update().get(pk=instance.pk)
        _check_covers(actor, council_of(stored))
        before = snapshot(stored)
    if model is Council and instance.pk is None:
        if actor is None or not actor.is_superuser:
            raise OutsideCouncil()
    else:
        _check_covers(actor, council_of(instance))
    if form is not None:
        instance = form.save()
    else:
        instance.save()
    AuditEvent.record(
        actor=actor,
        action=f"{name}.{'updated' if before is not None else 'created'}",
        budget=instance if model is Budget else None,
        target=instance,
        before=before,
        after=snapshot(instance),
    )
    return instance


@transaction.atomic
def delete_council_record(*, instance, actor) -> None:
    """Delete a budget, spending rule or council inside the officer's councils. A budget with a ledger
    or a submitted monitoring return is the council's record and is kept; so is a council with budgets."""
    model = type(instance)
    name, snapshot, council_of = _COUNCIL_RECORDS[model]
    stored = model.objects.select_for_update().get(pk=instance.pk)
    _check_covers(actor, council_of(stored))
    if model is Budget:
        if stored.entries.exists() or stored.monitoring_returns.exclude(status="open").exists():
            raise BudgetError(
                f"{stored.holder_name}'s budget has ledger entries or submitted monitoring returns, so it is kept "
                "as the council's record and cannot be deleted."
            )
    if model is Council and stored.budgets.exists():
        raise BudgetError(f"{stored.name} still has budgets, so it cannot be deleted.")
    before = snapshot(stored)
    kept = []
    if model is Budget:  # the budget's own trail outlives it, detached, and listed on its deletion
        kept = list(stored.audit_events.values_list("pk", flat=True))
        stored.audit_events.update(budget=None)
    AuditEvent.record(
        actor=actor, action=f"{name}.deleted", target=stored, before=before, after={"kept_audit_events": kept}
    )
    try:
        with transaction.atomic():
            stored.delete()
    except ProtectedError as error:
        raise BudgetError(f"{stored} is still used by other records, so it cannot be deleted.") from error


# Statement imports: many entries at once ------------------------------------------------------------
# The bulk form of record_entry for an uploaded statement, with the same checks, spending-rule flags
# and one "entry.created" audit event per entry, in a few bulk queries so 5,000 rows commit in seconds.


@dataclasses.dataclass(frozen=True)
class ImportedEntry:
    """One statement line to record. ``amount`` is the size of the payment (positive); ``position``
    is how the caller names the line in a refusal (the statement's row number)."""

    position: int
    kind: str
    spent_on: datetime.date
    amount: Decimal
    payee: str
    note: str = ""
    imported_transaction_id: str = ""


class ImportedEntryRefused(BudgetError):
    """A line the ledger refuses (a locked period, outside the budget, too large); nothing was saved."""

    def __init__(self, position: int, field: str, message: str):
        super().__init__(message)
        self.position, self.field = position, field


# The kinds a family records itself (the entry form offers exactly these): money out is spending,
# money back is a refund. The council's own payments in are recorded from its payment schedule.
IMPORTABLE_KINDS = (LedgerEntry.Kind.SPENDING, LedgerEntry.Kind.REFUND)


@transaction.atomic
def record_imported_entries(*, budget: Budget, actor, element: str, entries) -> list[LedgerEntry]:
    """Record every line or none: locked, checked, flagged and audited like ``record_entry``.

    Raises ``ImportedEntryRefused`` naming the first line the ledger refuses; the transaction is then
    rolled back, so nothing is saved.
    """
    budget = Budget.objects.select_for_update().select_related("council").get(pk=budget.pk)
    rules = list(SpendingRule.objects.filter(council_id=budget.council_id, is_active=True))
    created = []
    for line in entries:
        if line.kind not in IMPORTABLE_KINDS:
            raise ImportedEntryRefused(line.position, "Type", f"An imported entry cannot be a {line.kind}")
        amount = ledger.pence(abs(line.amount))
        try:
            _check_entry(budget, line.spent_on, amount)
        except BudgetError as error:
            field = "Amount" if "amount" in str(error).lower() else "Date"
            raise ImportedEntryRefused(line.position, field, str(error)) from None
        created.append(
            LedgerEntry(
                budget=budget,
                kind=line.kind,
                source=LedgerEntry.Source.IMPORTED,
                spent_on=line.spent_on,
                amount=-amount if line.kind == LedgerEntry.Kind.SPENDING else amount,
                payee=line.payee[:200],
                element=element,
                note=line.note,
                imported_transaction_id=line.imported_transaction_id[:120],
                created_by=actor if actor is not None and actor.is_authenticated else None,
            )
        )
    LedgerEntry.objects.bulk_create(created, batch_size=500)
    EntryFlag.objects.bulk_create(
        [EntryFlag(entry=e, rule=rule, reason=rule.reason) for e in created for rule in broken_rules(e, rules)],
        batch_size=500,
    )
    signed_in = actor is not None and actor.is_authenticated
    AuditEvent.objects.bulk_create(
        [
            AuditEvent(
                budget=budget,
                actor=actor if signed_in else None,
                actor_label=actor.email if signed_in else "",
                action="entry.created",
                target_type="LedgerEntry",
                target_id=str(e.pk),
                after=e.snapshot(),
            )
            for e in created
        ],
        batch_size=500,
    )
    return created
