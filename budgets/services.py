"""Every change to budget data: atomic, audited, and safe when two people act at once."""

import dataclasses
import datetime
import io
import json
import zipfile
from decimal import Decimal

from django.conf import settings
from django.contrib.auth import get_user_model
from django.core.mail import send_mail
from django.db import transaction
from django.urls import reverse
from django.utils import timezone

from budgets import ledger
from budgets.models import (
    AuditEvent,
    Budget,
    BudgetMembership,
    Category,
    EntryFlag,
    Evidence,
    Frequency,
    Invitation,
    LedgerEntry,
    RecurringPayment,
    SpendingRule,
)

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


# Schedules ---------------------------------------------------------------------------------------


def next_date(day: datetime.date, frequency: str) -> datetime.date:
    if frequency == Frequency.WEEKLY:
        return day + datetime.timedelta(weeks=1)
    if frequency == Frequency.FORTNIGHTLY:
        return day + datetime.timedelta(weeks=2)
    if frequency == Frequency.FOUR_WEEKLY:
        return day + datetime.timedelta(weeks=4)
    months = 3 if frequency == Frequency.QUARTERLY else 1
    month_index = day.month - 1 + months
    year, month = day.year + month_index // 12, month_index % 12 + 1
    for last in (31, 30, 29, 28):
        try:
            return day.replace(year=year, month=month, day=min(day.day, last))
        except ValueError:
            continue
    raise AssertionError("unreachable")


def schedule_dates(starts_on: datetime.date, ends_on: datetime.date, frequency: str, in_advance: bool = True):
    """Payment dates through the period: at the start of each interval, or at its end when in arrears."""
    starts, day = [], starts_on
    while day <= ends_on:
        starts.append(day)
        day = next_date(day, frequency)
    if in_advance:
        return starts
    return [min(next_date(start, frequency) - datetime.timedelta(days=1), ends_on) for start in starts]


@transaction.atomic
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


@transaction.atomic
def run_recurring_payment(recurring: RecurringPayment, today: datetime.date) -> list[LedgerEntry]:
    """Create every entry a recurring payment owes up to `today`, and move its next due date on."""
    recurring = RecurringPayment.objects.select_for_update().select_related("budget").get(pk=recurring.pk)
    budget = recurring.budget
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
                amount=-recurring.amount,
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
    return created


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


@transaction.atomic
def record_entry(*, budget: Budget, actor, evidence_files=(), **fields) -> LedgerEntry:
    """Record spending (or a refund). `amount` is positive as typed; spending is stored negative."""
    budget = Budget.objects.select_for_update().get(pk=budget.pk)
    kind = fields.pop("kind", LedgerEntry.Kind.SPENDING)
    amount = ledger.pence(fields.pop("amount"))
    _check_entry(budget, fields["spent_on"], amount)
    signed = -abs(amount) if kind == LedgerEntry.Kind.SPENDING else abs(amount)
    entry = budget.entries.create(kind=kind, amount=signed, created_by=actor, **fields)
    for upload, content_type in evidence_files:
        _store_evidence(entry, actor, upload, content_type)
    apply_spending_rules(entry)
    AuditEvent.record(actor=actor, action="entry.created", budget=budget, target=entry, after=entry.snapshot())
    return entry


@transaction.atomic
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
    entry.amount = -abs(amount) if entry.kind == LedgerEntry.Kind.SPENDING else abs(amount)
    entry.version += 1
    entry.save()
    for upload, content_type in evidence_files:
        _store_evidence(entry, actor, upload, content_type)
    apply_spending_rules(entry)
    AuditEvent.record(
        actor=actor, action="entry.updated", budget=entry.budget, target=entry, before=before, after=entry.snapshot()
    )
    return entry


@transaction.atomic
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


@transaction.atomic
def add_evidence(*, entry: LedgerEntry, actor, upload, content_type) -> Evidence:
    entry = LedgerEntry.objects.select_for_update().select_related("budget").get(pk=entry.pk)
    if entry.is_locked:
        raise PeriodClosed(entry.budget.locked_until)
    return _store_evidence(entry, actor, upload, content_type)


# Members --------------------------------------------------------------------------------------------


@transaction.atomic
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


@transaction.atomic
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


@transaction.atomic
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
