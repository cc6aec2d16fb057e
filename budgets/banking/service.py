"""Upload, map, preview and commit a bank statement into a budget's ledger.

The parsing is pure (the rest of this package); this module adds the database: the uploaded file is
kept on a ``StatementImport`` while the family maps and previews it, the mapping is remembered per
budget and file layout, and the commit creates every entry in one transaction with the ledger's own
checks, rule flags and one audit event per entry, so one bad row saves nothing.
"""

from __future__ import annotations

import datetime
import hashlib
from dataclasses import dataclass, field
from decimal import Decimal

from django.conf import settings
from django.db import transaction
from django.utils import timezone

from budgets import ledger, services
from budgets.models import AuditEvent, Budget, EntryFlag, LedgerEntry, SpendingRule
from budgets.models_imports import ImportProfile, StatementImport

from . import (
    BankTransaction,
    ColumnMapping,
    CsvTable,
    ImportProblem,
    KnownEntry,
    RowError,
    RowErrors,
    check_size,
    detect_kind,
    find_duplicates,
    load_csv_table,
    parse_csv,
    parse_ofx,
    suggest_mapping,
)
from .csvfile import _normalise

SCHEDULED_PAYMENT_WINDOW = datetime.timedelta(days=7)


def max_upload_bytes() -> int:
    return settings.BUDGET_IMPORT_MAX_BYTES


def headers_signature(headers: list[str]) -> str:
    return hashlib.sha256("\x1f".join(_normalise(h) for h in headers).encode()).hexdigest()


@transaction.atomic
def start_import(*, budget: Budget, actor, upload) -> StatementImport:
    """Check and keep an uploaded file. Raises ImportProblem (nothing kept) if it cannot be used."""
    check_size(upload.size, max_upload_bytes())  # before reading a byte of a 50 MB upload
    data = upload.read()
    kind = detect_kind(upload.name, data)
    statement_import = StatementImport(
        budget=budget, uploaded_by=actor, filename=upload.name[:255], source_format=kind, content=data
    )
    if kind == "ofx":
        parse_ofx(data)
    else:
        table = load_csv_table(data)
        profile = remembered_profile(budget, table)
        if profile is not None:
            statement_import.mapping, statement_import.element = profile.mapping, profile.element
    statement_import.save()
    AuditEvent.record(
        actor=actor,
        action="import.uploaded",
        budget=budget,
        target=statement_import,
        after={"filename": statement_import.filename, "format": kind, "bytes": len(data)},
    )
    return statement_import


def csv_table(statement_import: StatementImport) -> CsvTable:
    return load_csv_table(bytes(statement_import.content))


def remembered_profile(budget: Budget, table: CsvTable) -> ImportProfile | None:
    return budget.import_profiles.filter(headers_signature=headers_signature(table.headers)).first()


def mapping_for(statement_import: StatementImport, table: CsvTable) -> ColumnMapping:
    """The saved mapping for this upload, else the one remembered for this layout, else a guess."""
    if statement_import.mapping:
        return ColumnMapping.from_dict(statement_import.mapping)
    return suggest_mapping(table)


@transaction.atomic
def save_mapping(*, statement_import: StatementImport, mapping: ColumnMapping, element: str) -> None:
    """Keep the confirmed mapping on the upload and remember it for this budget's file layout.

    Raises ImportProblem when the mapping names missing columns.
    """
    element = element or ""
    if statement_import.source_format == "csv":
        table = csv_table(statement_import)
        problems = mapping.missing_columns(table.headers)
        if problems:
            raise ImportProblem(". ".join(problems) + ".")
        ImportProfile.objects.update_or_create(
            budget=statement_import.budget,
            headers_signature=headers_signature(table.headers),
            defaults={"headers": table.headers, "mapping": mapping.as_dict(), "element": element},
        )
        statement_import.mapping = mapping.as_dict()
    statement_import.element = element
    statement_import.save(update_fields=["mapping", "element"])


def parse_import(statement_import: StatementImport):
    data = bytes(statement_import.content)
    if statement_import.source_format == "ofx":
        return parse_ofx(data)
    table = load_csv_table(data)
    return parse_csv(table, mapping_for(statement_import, table))


@dataclass
class PreviewRow:
    transaction: BankTransaction
    kind: str
    duplicate_reason: str = ""
    blocked_reason: str = ""

    @property
    def row(self) -> int:
        return self.transaction.row

    @property
    def amount(self) -> Decimal:
        return abs(self.transaction.amount)

    @property
    def kind_label(self) -> str:
        return LedgerEntry.Kind(self.kind).label


@dataclass
class Preview:
    rows: list[PreviewRow]
    errors: list[RowError] = field(default_factory=list)

    @property
    def new_rows(self) -> list[PreviewRow]:
        return [r for r in self.rows if not r.duplicate_reason and not r.blocked_reason]

    @property
    def duplicates(self) -> list[PreviewRow]:
        return [r for r in self.rows if r.duplicate_reason and not r.blocked_reason]

    @property
    def blocked(self) -> list[PreviewRow]:
        return [r for r in self.rows if r.blocked_reason]


def _kind_for(transaction: BankTransaction, budget: Budget) -> str:
    if transaction.is_money_out:
        return LedgerEntry.Kind.SPENDING
    council_words = {w for w in _normalise(budget.council.name).split() if len(w) > 3 and w != "council"}
    description = _normalise(transaction.description)
    if "council" in description or any(word in description for word in council_words):
        return LedgerEntry.Kind.PAYMENT_IN
    return LedgerEntry.Kind.REFUND


def build_preview(statement_import: StatementImport, today: datetime.date | None = None) -> Preview:
    """Every row with the entry it will create; duplicates and rows that cannot be imported marked."""
    result = parse_import(statement_import)
    budget = statement_import.budget
    transactions = result.transactions
    if not transactions:
        return Preview([], result.errors)
    earliest = min(t.posted_on for t in transactions) - SCHEDULED_PAYMENT_WINDOW
    latest = max(t.posted_on for t in transactions) + SCHEDULED_PAYMENT_WINDOW
    existing = list(
        budget.entries.live()
        .filter(spent_on__range=(earliest, latest))
        .values_list("spent_on", "amount", "payee", "imported_transaction_id", "kind", "source")
    )
    ids = list(
        budget.entries.live().exclude(imported_transaction_id="").values_list("imported_transaction_id", flat=True)
    )
    known = [KnownEntry(day, amount, payee, tid) for day, amount, payee, tid, _, _ in existing]
    known += [KnownEntry(datetime.date.min, Decimal("0"), "", tid) for tid in ids]
    reasons = find_duplicates(transactions, known)
    scheduled = [
        (day, amount)
        for day, amount, _, _, kind, source in existing
        if kind == LedgerEntry.Kind.PAYMENT_IN and source == LedgerEntry.Source.SCHEDULED
    ]
    rows = []
    for bank_line in transactions:
        kind = _kind_for(bank_line, budget)
        reason = reasons.get(bank_line.row, "")
        if not reason and kind == LedgerEntry.Kind.PAYMENT_IN:
            match = next(
                (
                    (day, amount)
                    for day, amount in scheduled
                    if amount == bank_line.amount and abs(day - bank_line.posted_on) <= SCHEDULED_PAYMENT_WINDOW
                ),
                None,
            )
            if match:
                scheduled.remove(match)
                reason = f"Matches the scheduled payment from the council on {match[0]:%-d %B %Y}"
        blocked = ""
        if not budget.starts_on <= bank_line.posted_on <= budget.ends_on:
            blocked = "Outside the budget period, so it cannot be imported"
        elif budget.is_closed_for(bank_line.posted_on):
            blocked = "In a period covered by a submitted return, so it cannot be imported"
        rows.append(PreviewRow(bank_line, kind, reason, blocked))
    return Preview(rows, result.errors)


def _create_entries(budget: Budget, actor, rows: list[PreviewRow], element: str, filename: str) -> list[LedgerEntry]:
    """The bulk form of ``services.record_entry`` for an import: the same checks (``_check_entry``), the
    same spending-rule flags (``broken_rules``) and one ``entry.created`` audit event per entry, in a few
    bulk queries instead of seven per row, so 5,000 rows commit in seconds (bench/import_csv.py)."""
    budget = Budget.objects.select_for_update().select_related("council").get(pk=budget.pk)
    rules = list(SpendingRule.objects.filter(council_id=budget.council_id, is_active=True))
    entries = []
    for row in rows:
        bank_line = row.transaction
        amount = ledger.pence(row.amount)
        try:
            services._check_entry(budget, bank_line.posted_on, amount)
        except services.BudgetError as error:
            raise RowErrors([RowError(row.row, _field_for(str(error)), str(error))]) from None
        entries.append(
            LedgerEntry(
                budget=budget,
                kind=row.kind,
                source=LedgerEntry.Source.IMPORTED,
                spent_on=bank_line.posted_on,
                amount=-amount if row.kind == LedgerEntry.Kind.SPENDING else amount,
                payee=bank_line.description[:200],
                element=element,
                note=f"Imported from {filename}, row {row.row}",
                imported_transaction_id=bank_line.transaction_id,
                created_by=actor,
            )
        )
    LedgerEntry.objects.bulk_create(entries, batch_size=500)
    EntryFlag.objects.bulk_create(
        [
            EntryFlag(entry=entry, rule=rule, reason=rule.reason)
            for entry in entries
            for rule in services.broken_rules(entry, rules)
        ],
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
                target_id=str(entry.pk),
                after=entry.snapshot(),
            )
            for entry in entries
        ],
        batch_size=500,
    )
    return entries


class ImportAlreadyFinished(ImportProblem):
    pass


def _field_for(message: str) -> str:
    lowered = message.lower()
    if "date" in lowered or "locked" in lowered:
        return "Date"
    if "amount" in lowered:
        return "Amount"
    return "Entry"


@transaction.atomic
def commit_import(*, statement_import: StatementImport, actor, include_duplicates=()) -> list[LedgerEntry]:
    """Create every new row's entry, and each duplicate the family chose to include, all or nothing.

    Raises RowErrors naming the row and field if any row cannot be read or saved; nothing is saved then.
    """
    statement_import = (
        StatementImport.objects.select_for_update().select_related("budget__council").get(pk=statement_import.pk)
    )
    if statement_import.status != StatementImport.Status.PREVIEW:
        raise ImportAlreadyFinished(
            f"This statement has already been {statement_import.get_status_display().lower()}; nothing more was saved."
        )
    budget = statement_import.budget
    element = statement_import.element or budget.elements.values_list("element", flat=True).first() or ""
    preview = build_preview(statement_import)
    if preview.errors:
        raise RowErrors(preview.errors)
    include = {int(row) for row in include_duplicates}
    chosen, skipped = [], 0
    for row in preview.rows:
        if row.blocked_reason or (row.duplicate_reason and row.row not in include):
            skipped += 1
        else:
            chosen.append(row)
    created = _create_entries(budget, actor, chosen, element, statement_import.filename)
    if not created:
        raise ImportProblem("There is nothing new to import: every row is a duplicate or cannot be imported.")
    statement_import.status = StatementImport.Status.COMMITTED
    statement_import.committed_at = timezone.now()
    statement_import.entries_created = len(created)
    statement_import.rows_skipped = skipped
    statement_import.save(update_fields=["status", "committed_at", "entries_created", "rows_skipped"])
    AuditEvent.record(
        actor=actor,
        action="import.committed",
        budget=budget,
        target=statement_import,
        after={"filename": statement_import.filename, "created": len(created), "skipped": skipped},
    )
    return created


@transaction.atomic
def discard_import(*, statement_import: StatementImport, actor) -> None:
    statement_import = StatementImport.objects.select_for_update().get(pk=statement_import.pk)
    if statement_import.status != StatementImport.Status.PREVIEW:
        raise ImportAlreadyFinished("This statement has already been imported or cancelled.")
    statement_import.status = StatementImport.Status.DISCARDED
    statement_import.content = b""
    statement_import.save(update_fields=["status", "content"])
    AuditEvent.record(actor=actor, action="import.discarded", budget=statement_import.budget, target=statement_import)
