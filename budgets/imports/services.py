"""Upload, map, preview and commit a bank statement into a budget's ledger.

The parsing is pure (``budgets.imports.parsing``); this module adds the database. The upload is read
once and what was read is kept on the ``StatementImport`` while the family maps and previews it; the
mapping is remembered per budget and file layout; the commit records every chosen line through the
ledger's public bulk function (``budgets.services.record_imported_entries``), so one bad row saves
nothing.

No line is dropped without the family seeing why: the preview lists every line of the file, imported
or "not imported, because ...", and its totals (lines read, imported, not imported by reason, money in
and out) must add up before anything is saved.
"""

from __future__ import annotations

import datetime
import hashlib
from collections import Counter
from dataclasses import dataclass, field
from decimal import Decimal

from django.conf import settings
from django.db import transaction
from django.utils import timezone

from budgets import services
from budgets.imports.models import ImportProfile, StatementImport
from budgets.imports.parsing import (
    BankTransaction,
    ColumnMapping,
    CsvTable,
    ImportProblem,
    InformationLine,
    KnownEntry,
    ParseResult,
    RowError,
    RowErrors,
    Statement,
    check_size,
    find_duplicates,
    read_statement,
    suggest_mapping,
)
from budgets.imports.parsing.csvfile import _normalise
from budgets.models import AuditEvent, Budget, LedgerEntry

SCHEDULED_PAYMENT_WINDOW = datetime.timedelta(days=7)
ZERO = Decimal("0.00")


def max_upload_bytes() -> int:
    return settings.BUDGET_IMPORT_MAX_BYTES


def headers_signature(headers: list[str]) -> str:
    return hashlib.sha256("\x1f".join(_normalise(h) for h in headers).encode()).hexdigest()


@transaction.atomic
def start_import(*, budget: Budget, actor, upload) -> StatementImport:
    """Check, read and keep an uploaded file. Raises ImportProblem (nothing kept) if it cannot be used."""
    check_size(upload.size, max_upload_bytes())  # before reading a byte of a 50 MB upload
    data = upload.read()
    statement = read_statement(upload.name, data)
    statement_import = StatementImport(
        budget=budget,
        uploaded_by=actor,
        filename=upload.name[:255],
        source_format=statement.kind,
        content=data,
        parsed=statement.as_dict(),
    )
    if statement.table is not None:
        profile = remembered_profile(budget, statement.table)
        if profile is not None:
            statement_import.mapping, statement_import.element = profile.mapping, profile.element
    statement_import.save()
    AuditEvent.record(
        actor=actor,
        action="import.uploaded",
        budget=budget,
        target=statement_import,
        after={"filename": statement_import.filename, "format": statement.kind, "bytes": len(data)},
    )
    return statement_import


def statement_of(statement_import: StatementImport) -> Statement:
    """The file as read on upload. An import saved before uploads were kept as read is read now, once."""
    if not statement_import.parsed:
        statement_import.parsed = read_statement(statement_import.filename, bytes(statement_import.content)).as_dict()
        statement_import.save(update_fields=["parsed"])
    return Statement.from_dict(statement_import.parsed)


def csv_table(statement_import: StatementImport) -> CsvTable:
    return statement_of(statement_import).table


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
    table = csv_table(statement_import)
    if table is not None:
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


def parse_import(statement_import: StatementImport) -> ParseResult:
    statement = statement_of(statement_import)
    if statement.table is not None:
        return statement.transactions(mapping_for(statement_import, statement.table))
    return statement.transactions()


# Preview ---------------------------------------------------------------------------------------------


@dataclass
class PreviewRow:
    """One transaction line and what the commit will do with it.

    ``reason`` (worded to follow "Not imported, because") is set when the line is left out unless the
    family includes it (already in the budget, pending, reverted, declined, a balance line);
    ``blocked_reason`` when it cannot be imported at all (outside the budget period, a locked period,
    the council's own payment in).
    """

    transaction: BankTransaction
    kind: str
    reason: str = ""
    blocked_reason: str = ""
    included: bool = False

    @property
    def row(self) -> int:
        return self.transaction.row

    @property
    def amount(self) -> Decimal:
        return abs(self.transaction.amount)

    @property
    def kind_label(self) -> str:
        return LedgerEntry.Kind(self.kind).label

    @property
    def can_include(self) -> bool:
        return bool(self.reason) and not self.blocked_reason

    @property
    def will_import(self) -> bool:
        return not self.blocked_reason and (not self.reason or self.included)

    @property
    def not_imported_because(self) -> str:
        return self.blocked_reason or ("" if self.will_import else self.reason)


@dataclass
class ImportTotals:
    """What the preview adds up to. ``adds_up`` must hold before anything is saved."""

    rows_read: int
    imported: int
    skipped: dict[str, int]
    unreadable: int
    money_in: Decimal
    money_out: Decimal
    net: Decimal  # the sum of every imported line, counted separately from money in and out

    @property
    def skipped_total(self) -> int:
        return sum(self.skipped.values())

    @property
    def adds_up(self) -> bool:
        return (
            self.rows_read == self.imported + self.skipped_total + self.unreadable
            and self.money_in - self.money_out == self.net
        )


@dataclass
class Preview:
    rows: list[PreviewRow]
    errors: list[RowError] = field(default_factory=list)
    information: list[InformationLine] = field(default_factory=list)
    rows_read: int | None = None

    @property
    def to_import(self) -> list[PreviewRow]:
        return [r for r in self.rows if r.will_import]

    @property
    def new_rows(self) -> list[PreviewRow]:
        return [r for r in self.rows if not r.reason and not r.blocked_reason]

    @property
    def left_out(self) -> list[PreviewRow]:
        return [r for r in self.rows if not r.will_import]

    @property
    def all_already_imported(self) -> bool:
        """Every line of the file is already in the budget: the same file uploaded again."""
        already = [r for r in self.rows if r.reason.startswith("it is already in the budget")]
        return bool(already) and all(r.blocked_reason or r in already for r in self.rows)

    def totals(self) -> ImportTotals:
        imported = self.to_import
        skipped = Counter(r.not_imported_because for r in self.left_out)
        skipped.update(line.reason for line in self.information)
        money_in = sum((r.transaction.amount for r in imported if r.transaction.amount > 0), ZERO)
        money_out = -sum((r.transaction.amount for r in imported if r.transaction.amount < 0), ZERO)
        read = self.rows_read if self.rows_read is not None else len(self.rows) + len(self.information)
        return ImportTotals(
            rows_read=read,
            imported=len(imported),
            skipped=dict(skipped.most_common()),
            unreadable=len({e.row for e in self.errors}),
            money_in=money_in,
            money_out=money_out,
            net=sum((r.transaction.amount for r in imported), ZERO),
        )


def _is_from_council(transaction: BankTransaction, budget: Budget) -> bool:
    council_words = {w for w in _normalise(budget.council.name).split() if len(w) > 3 and w != "council"}
    description = _normalise(transaction.description)
    return "council" in description.split() or any(word in description.split() for word in council_words)


def parse_include(values) -> set[int]:
    """The rows the family ticked to include. Anything that is not a row number is ignored: it cannot
    name a line of this file (a tampered or stale form), and it must never break the page."""
    rows = set()
    for value in values:
        value = str(value).strip()
        if value.isascii() and value.isdigit() and len(value) <= 7:
            rows.add(int(value))
    return rows


def build_preview(statement_import: StatementImport, include=()) -> Preview:
    """Every line with the entry it will create, or why it is not imported."""
    result = parse_import(statement_import)
    budget = statement_import.budget
    include = parse_include(include)
    transactions = result.transactions
    if not transactions:
        return Preview([], result.errors, result.information, result.rows_read)
    earliest = min(t.posted_on for t in transactions) - SCHEDULED_PAYMENT_WINDOW
    latest = max(t.posted_on for t in transactions) + SCHEDULED_PAYMENT_WINDOW
    existing = list(
        budget.entries.live()
        .filter(spent_on__range=(earliest, latest))
        .values_list("spent_on", "amount", "payee", "imported_transaction_id", "kind", "source")
    )
    known = [KnownEntry(day, amount, payee, tid) for day, amount, payee, tid, _, _ in existing]
    duplicates = find_duplicates([t for t in transactions if not t.skip_reason], known)
    scheduled_amounts = [
        (day, amount) for day, amount, _, _, kind, _ in existing if kind == LedgerEntry.Kind.PAYMENT_IN
    ]
    rows = []
    for line in transactions:
        kind = LedgerEntry.Kind.SPENDING if line.is_money_out else LedgerEntry.Kind.REFUND
        reason = line.skip_reason or duplicates.get(line.row, "")
        blocked = ""
        if not line.is_money_out and not line.skip_reason and _is_from_council(line, budget):
            match = next(
                (
                    (day, amount)
                    for day, amount in scheduled_amounts
                    if amount == line.amount and abs(day - line.posted_on) <= SCHEDULED_PAYMENT_WINDOW
                ),
                None,
            )
            if match:
                scheduled_amounts.remove(match)
                blocked = f"it is the council's payment already in the budget (paid in on {match[0]:%-d %B %Y})"
            else:
                blocked = (
                    "it looks like a payment from the council, and the council's payments are added to the "
                    "budget by the council; if it is missing, tell your council officer"
                )
        elif not budget.starts_on <= line.posted_on <= budget.ends_on:
            blocked = "it is outside the budget period"
        elif budget.is_closed_for(line.posted_on):
            blocked = "it is in a period covered by a submitted monitoring return"
        rows.append(PreviewRow(line, kind, reason, blocked, included=line.row in include))
    return Preview(rows, result.errors, result.information, result.rows_read)


class ImportAlreadyFinished(ImportProblem):
    pass


@transaction.atomic
def commit_import(*, statement_import: StatementImport, actor, include_duplicates=()) -> list[LedgerEntry]:
    """Create every new line's entry, and each left-out line the family chose to include, all or nothing.

    Raises RowErrors naming the row and field if any row cannot be read or saved, and ImportProblem if
    there is nothing to import or the totals do not add up; nothing is saved then.
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
    preview = build_preview(statement_import, include=include_duplicates)
    if preview.errors:
        raise RowErrors(preview.errors)
    totals = preview.totals()
    if not totals.adds_up:
        raise ImportProblem(
            f"The totals of this statement do not add up ({totals.rows_read} lines read, {totals.imported} to "
            f"import, {totals.skipped_total} left out), so nothing was saved. Upload the file again."
        )
    chosen = preview.to_import
    if not chosen:
        if preview.all_already_imported:
            raise ImportProblem("Every line of this file is already in the budget, so nothing new was imported.")
        raise ImportProblem("There is nothing to import: every line is listed as not imported, with the reason.")
    try:
        created = services.record_imported_entries(
            budget=budget,
            actor=actor,
            element=element,
            entries=[
                services.ImportedEntry(
                    position=row.row,
                    kind=row.kind,
                    spent_on=row.transaction.posted_on,
                    amount=row.amount,
                    payee=row.transaction.description,
                    note=f"Imported from {statement_import.filename}, row {row.row}",
                    imported_transaction_id=row.transaction.transaction_id,
                )
                for row in chosen
            ],
        )
    except services.ImportedEntryRefused as refused:
        raise RowErrors([RowError(refused.position, refused.field, str(refused))]) from None
    if len(created) != totals.imported or sum((e.amount for e in created), ZERO) != totals.net:
        raise ImportProblem("The entries saved did not match the preview's totals, so nothing was saved.")
    statement_import.status = StatementImport.Status.COMMITTED
    statement_import.committed_at = timezone.now()
    statement_import.entries_created = len(created)
    statement_import.rows_skipped = totals.skipped_total
    statement_import.save(update_fields=["status", "committed_at", "entries_created", "rows_skipped"])
    AuditEvent.record(
        actor=actor,
        action="import.committed",
        budget=budget,
        target=statement_import,
        after={
            "filename": statement_import.filename,
            "rows_read": totals.rows_read,
            "created": len(created),
            "skipped": totals.skipped,
            "money_in": str(totals.money_in),
            "money_out": str(totals.money_out),
        },
    )
    return created


@transaction.atomic
def discard_import(*, statement_import: StatementImport, actor) -> None:
    statement_import = StatementImport.objects.select_for_update().get(pk=statement_import.pk)
    if statement_import.status != StatementImport.Status.PREVIEW:
        raise ImportAlreadyFinished("This statement has already been imported or cancelled.")
    statement_import.status = StatementImport.Status.DISCARDED
    statement_import.content = b""
    statement_import.parsed = {}
    statement_import.save(update_fields=["status", "content", "parsed"])
    AuditEvent.record(actor=actor, action="import.discarded", budget=statement_import.budget, target=statement_import)
