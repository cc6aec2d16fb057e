"""Budget statements for any period: opening balance, every entry, closing balance, by element, with
the evidence held for each entry. ``build_statement`` reads the database (a fixed number of queries);
``statement_csv`` and ``statement_pdf`` render the plain data, so they are tested without a request.

Every total (paid in, spent, refunds, adjustments, balances) is a ``ledger.Totals``; each line's
"money in" and "money out" columns are that entry's cash movement, also as the ledger defines it.
"""

from __future__ import annotations

import csv
import datetime
import io
import unicodedata
from dataclasses import dataclass, field
from decimal import Decimal

from django.db.models import Prefetch, Sum
from django.db.models.functions import Coalesce
from django.utils import timezone
from fpdf import FPDF
from fpdf.enums import XPos, YPos

from budgets import ledger
from budgets.models import Budget, Element, Evidence, LedgerEntry
from budgets.templatetags.pounds import pounds
from spreadsheets import safe_cell

ZERO = Decimal("0.00")


@dataclass(frozen=True)
class StatementLine:
    entry_id: int
    spent_on: datetime.date
    kind: str  # the ledger's kind code ("spending", "refund", ...)
    payee: str
    element: str
    category: str
    amount: Decimal  # signed: money in positive
    balance: Decimal  # running balance after this entry
    evidence: tuple[str, ...] = ()
    flagged: bool = False
    source: str = ""

    @property
    def kind_label(self) -> str:
        return dict(LedgerEntry.Kind.choices).get(self.kind, self.kind)

    @property
    def money_in(self) -> Decimal | None:
        return ledger.money_in(self.amount)

    @property
    def money_out(self) -> Decimal | None:
        return ledger.money_out(self.amount)

    @property
    def needs_evidence(self) -> bool:
        return self.kind == ledger.SPENDING and not self.evidence


@dataclass
class ElementLine:
    element: str
    totals: ledger.Totals = field(default_factory=ledger.Totals)

    @property
    def opening(self) -> Decimal:
        return ledger.pence(self.totals.opening)

    @property
    def paid_in(self) -> Decimal:
        return ledger.pence(self.totals.paid_in)

    @property
    def spent(self) -> Decimal:
        return self.totals.spent

    @property
    def adjustments(self) -> Decimal:
        return ledger.pence(self.totals.adjustments)

    @property
    def closing(self) -> Decimal:
        return self.totals.balance


@dataclass
class Statement(ledger.Figures):
    holder_name: str
    reference: str
    council: str
    starts_on: datetime.date
    ends_on: datetime.date
    opening_balance: Decimal
    lines: list[StatementLine]
    by_element: list[ElementLine] = field(default_factory=list)
    generated_at: datetime.datetime | None = None

    @property
    def totals(self) -> ledger.Totals:
        return ledger.totals(((line.kind, line.amount) for line in self.lines), opening=self.opening_balance)

    @property
    def missing_evidence(self) -> list[StatementLine]:
        return [line for line in self.lines if line.needs_evidence]


def compose_statement(
    *, holder_name, reference, council, starts_on, ends_on, opening_by_element: dict[str, Decimal], entries
) -> Statement:
    """Pure: a statement from opening balances per element and the period's entries in date order.

    ``entries`` are dicts with entry_id, spent_on, kind (the ledger's code), payee, element, category
    (label), amount, evidence (names), flagged and source.
    """
    opening = ledger.pence(sum(opening_by_element.values(), ZERO))
    names = dict(Element.choices)
    elements: dict[str, ElementLine] = {}
    for key, value in opening_by_element.items():
        elements[key] = ElementLine(names.get(key, key), ledger.Totals(opening=ledger.pence(value)))
    running = opening
    lines = []
    for item in entries:
        running = ledger.pence(running + item["amount"])
        element_line = elements.setdefault(item["element"], ElementLine(names.get(item["element"], item["element"])))
        element_line.totals.add(item["kind"], item["amount"])
        lines.append(
            StatementLine(
                entry_id=item["entry_id"],
                spent_on=item["spent_on"],
                kind=item["kind"],
                payee=item["payee"],
                element=names.get(item["element"], item["element"]),
                category=item.get("category", ""),
                amount=item["amount"],
                balance=running,
                evidence=tuple(item.get("evidence", ())),
                flagged=item.get("flagged", False),
                source=item.get("source", ""),
            )
        )
    return Statement(
        holder_name=holder_name,
        reference=reference,
        council=council,
        starts_on=starts_on,
        ends_on=ends_on,
        opening_balance=opening,
        lines=lines,
        by_element=sorted(elements.values(), key=lambda e: e.element),
        generated_at=timezone.now(),
    )


def build_statement(budget: Budget, starts_on: datetime.date, ends_on: datetime.date) -> Statement:
    """The statement for one budget and period, from three queries whatever the number of entries."""
    live = LedgerEntry.objects.filter(budget=budget, is_deleted=False)
    opening = {
        row["element"]: row["total"]
        for row in live.filter(spent_on__lt=starts_on)
        .values("element")
        .annotate(total=Coalesce(Sum("amount"), ZERO))
        .order_by()
    }
    entries = (
        live.filter(spent_on__range=(starts_on, ends_on))
        .order_by("spent_on", "id")
        .prefetch_related(Prefetch("evidence", queryset=Evidence.objects.only("id", "entry_id", "original_name")))
        .prefetch_related("flags")
    )
    categories = dict(LedgerEntry._meta.get_field("category").choices)
    rows = [
        {
            "entry_id": entry.pk,
            "spent_on": entry.spent_on,
            "kind": entry.kind,
            "payee": entry.payee,
            "element": entry.element,
            "category": categories.get(entry.category, ""),
            "amount": entry.amount,
            "evidence": [item.original_name for item in entry.evidence.all()],
            "flagged": bool(entry.flags.all()),
            "source": entry.source,
        }
        for entry in entries
    ]
    return compose_statement(
        holder_name=budget.holder_name,
        reference=budget.reference,
        council=str(budget.council),
        starts_on=starts_on,
        ends_on=ends_on,
        opening_by_element=opening,
        entries=rows,
    )


def _money(value: Decimal | None) -> str:
    """CSV amounts: plain signed decimals a spreadsheet reads as numbers (no £, no thousands commas)."""
    return "" if value is None else f"{value:.2f}"


def statement_csv(statement: Statement) -> str:
    """One row per entry between an opening row and the period's totals; amounts as plain strings (no £)."""
    out = io.StringIO()
    writer = csv.writer(out)
    writer.writerow(
        ["Date", "Type", "Payee", "Element", "Category", "Money in", "Money out", "Balance", "Evidence", "Flagged"]
    )
    blank = ["", "", "", "", ""]
    writer.writerow(
        [statement.starts_on.isoformat(), "Opening balance", *blank, _money(statement.opening_balance), "", ""]
    )
    for line in statement.lines:
        writer.writerow(
            [
                line.spent_on.isoformat(),
                line.kind_label,
                safe_cell(line.payee),
                safe_cell(line.element),
                safe_cell(line.category),
                _money(line.money_in),
                _money(line.money_out),
                _money(line.balance),
                "; ".join(safe_cell(name) for name in line.evidence),
                "yes" if line.flagged else "",
            ]
        )
    end = statement.ends_on.isoformat()
    for label, value in (
        ("Total paid in", statement.paid_in),
        ("Total spent, after refunds", statement.spent),
        ("Total refunds", statement.refunds),
        ("Total adjustments", statement.adjustments),
    ):
        writer.writerow([end, label, *blank, _money(value), "", ""])
    writer.writerow([end, "Closing balance", *blank, _money(statement.closing_balance), "", ""])
    return out.getvalue()


def _latin1(text: str) -> str:
    """The PDF's built-in Helvetica covers Latin-1: keep accents, spell out what it cannot draw."""
    text = text.replace("\u2019", "'").replace("\u2018", "'").replace("\u201c", '"').replace("\u201d", '"')
    text = text.replace("\u2013", "-").replace("\u2014", "-").replace("\u2212", "-")
    try:
        text.encode("latin-1")
        return text
    except UnicodeEncodeError:
        decomposed = unicodedata.normalize("NFKD", text)
        return "".join(ch if ord(ch) < 256 else "?" for ch in decomposed if not unicodedata.combining(ch))


def _pounds(value: Decimal | None) -> str:
    """The page's money style; the PDF's Latin-1 font draws the minus sign as a hyphen before the £."""
    return pounds(value)


def _fit(pdf: FPDF, text: str, width: float) -> str:
    """Shorten text with "..." so it fits a cell of this width at the current font."""
    room = width - 2 * pdf.c_margin
    if pdf.get_string_width(text) <= room:
        return text
    while text and pdf.get_string_width(text + "...") > room:
        text = text[:-1]
    return text.rstrip() + "..."


class _StatementPDF(FPDF):
    title_text = ""

    def footer(self):
        self.set_y(-12)
        self.set_font("Helvetica", size=8)
        self.cell(0, 6, _latin1(f"{self.title_text} - page {self.page_no()} of {{nb}}"), align="C")


def statement_pdf(statement: Statement) -> bytes:
    """A real PDF (fpdf2): heading, balances, entries, totals by element and the evidence list."""
    pdf = _StatementPDF(orientation="landscape", format="A4")
    title = f"Personal budget statement: {statement.holder_name}"
    pdf.title_text = title
    pdf.set_title(_latin1(title))
    pdf.set_author(_latin1(statement.council))
    pdf.set_auto_page_break(auto=True, margin=15)
    pdf.add_page()
    pdf.set_font("Helvetica", style="B", size=16)
    pdf.cell(0, 10, _latin1(title), new_x=XPos.LMARGIN, new_y=YPos.NEXT)
    pdf.set_font("Helvetica", size=10)
    period = f"{statement.starts_on:%-d %B %Y} to {statement.ends_on:%-d %B %Y}"
    details = [f"Period: {period}", f"Council: {statement.council}"]
    if statement.reference:
        details.append(f"Reference: {statement.reference}")
    for text in details:
        pdf.cell(0, 6, _latin1(text), new_x=XPos.LMARGIN, new_y=YPos.NEXT)
    pdf.ln(2)
    pdf.set_font("Helvetica", style="B", size=11)
    for label, value in (
        ("Opening balance", statement.opening_balance),
        ("Paid in", statement.paid_in),
        ("Spent, after refunds", statement.spent),
        ("Refunds", statement.refunds),
        ("Adjustments", statement.adjustments),
        ("Closing balance", statement.closing_balance),
    ):
        pdf.cell(60, 7, label)
        pdf.cell(40, 7, _latin1(_pounds(value)), align="R", new_x=XPos.LMARGIN, new_y=YPos.NEXT)
    pdf.ln(3)
    widths = (22, 30, 70, 24, 24, 24, 26, 57)
    aligns = ("L", "L", "L", "L", "R", "R", "R", "L")
    headings = ("Date", "Type", "Payee", "Element", "Money in", "Money out", "Balance", "Evidence")

    def heading_row():
        pdf.set_font("Helvetica", style="B", size=8)
        for width, align, text in zip(widths, aligns, headings, strict=True):
            pdf.cell(width, 6, text, border="B", align=align)
        pdf.ln(6)
        pdf.set_font("Helvetica", size=8)

    # Plain cells, one line per entry (long text shortened), rather than fpdf2's table layout:
    # a year of entries renders in well under a second.
    heading_row()
    for line in statement.lines:
        if pdf.will_page_break(5):
            pdf.add_page()
            heading_row()
        evidence = ", ".join(line.evidence) if line.evidence else ("None" if line.needs_evidence else "")
        cells = (
            f"{line.spent_on:%d/%m/%Y}",
            line.kind_label + (" (flagged)" if line.flagged else ""),
            line.payee,
            line.element,
            _pounds(line.money_in),
            _pounds(line.money_out),
            _pounds(line.balance),
            evidence,
        )
        for width, align, text in zip(widths, aligns, cells, strict=True):
            pdf.cell(width, 5, _fit(pdf, _latin1(text), width), border="B", align=align)
        pdf.ln(5)
    pdf.ln(4)
    pdf.set_font("Helvetica", style="B", size=11)
    pdf.cell(0, 8, "By element", new_x=XPos.LMARGIN, new_y=YPos.NEXT)
    pdf.set_font("Helvetica", size=9)
    with pdf.table(
        col_widths=(60, 40, 40, 40, 40, 40),
        text_align=("LEFT", "RIGHT", "RIGHT", "RIGHT", "RIGHT", "RIGHT"),
        width=260,
    ) as table:
        table.row(["Element", "Opening", "Paid in", "Spent", "Adjustments", "Closing"])
        for element in statement.by_element:
            table.row(
                [
                    element.element,
                    _latin1(_pounds(element.opening)),
                    _latin1(_pounds(element.paid_in)),
                    _latin1(_pounds(element.spent)),
                    _latin1(_pounds(element.adjustments)),
                    _latin1(_pounds(element.closing)),
                ]
            )
    missing = statement.missing_evidence
    pdf.ln(4)
    pdf.set_font("Helvetica", style="B", size=11)
    pdf.cell(0, 8, "Evidence", new_x=XPos.LMARGIN, new_y=YPos.NEXT)
    pdf.set_font("Helvetica", size=9)
    held = sum(len(line.evidence) for line in statement.lines)
    pdf.multi_cell(
        0,
        5,
        _latin1(f"{held} documents held. {len(missing)} payments have no evidence yet."),
        new_x=XPos.LMARGIN,
        new_y=YPos.NEXT,
    )
    for line in missing:
        pdf.multi_cell(
            0,
            5,
            _latin1(f"No evidence: {line.spent_on:%d/%m/%Y} {line.payee} {_pounds(line.money_out)}"),
            new_x=XPos.LMARGIN,
            new_y=YPos.NEXT,
        )
    generated = timezone.localtime(statement.generated_at) if statement.generated_at else timezone.localtime()
    pdf.ln(2)
    pdf.cell(0, 6, _latin1(f"Produced on {generated:%-d %B %Y at %H:%M}"))
    return bytes(pdf.output())


POSITION_HEADERS = [
    "Budget",
    "Reference",
    "Council",
    "Period starts",
    "Period ends",
    "Monitoring tier",
    "Allocated",
    "Paid in",
    "Spent",
    "Balance",
    "Surplus over threshold",
    "Last activity",
    "Next return due",
    "Overdue returns",
]


def positions_csv(rows) -> str:
    """All budgets' positions for a council officer: one row per budget (dicts keyed by POSITION_HEADERS)."""
    out = io.StringIO()
    writer = csv.writer(out)
    writer.writerow(POSITION_HEADERS)
    for row in rows:
        writer.writerow(
            [
                safe_cell(str(row[h]))
                if isinstance(row[h], str)
                else _money(row[h])
                if isinstance(row[h], Decimal)
                else ("" if row[h] is None else str(row[h]))
                for h in POSITION_HEADERS
            ]
        )
    return out.getvalue()
