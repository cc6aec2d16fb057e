"""The evidence pack as files: a PDF (fpdf2) and a spreadsheet (openpyxl), rendered from a `Pack`.

Both are reproducible: the same figures give the same bytes, so a pack filed with a commissioning
paper can be rebuilt and compared. Nothing in them depends on the clock: the document dates are the
day after the period ends, and the spreadsheet's zip entries carry that date too.
"""

from __future__ import annotations

import datetime
import io
import unicodedata
import zipfile
from decimal import Decimal

from fpdf import FPDF
from fpdf.enums import MethodReturnValue, XPos, YPos
from openpyxl import Workbook
from openpyxl.styles import Font
from openpyxl.writer.excel import ExcelWriter

from insight.figures import COUNT, DAYS, MONEY, PERCENT, SUPPRESSED, Pack, Table, cell_text
from spreadsheets import safe_cell

AUTHOR = "Local Offer Insight"
NUMBER_FORMATS = {COUNT: "#,##0", MONEY: "\u00a3#,##0.00", PERCENT: '0.0"%"', DAYS: '0.0" days"'}


def document_date(pack: Pack) -> datetime.datetime:
    """The pack's fixed date: midnight UTC after the period's last day."""
    day = pack.period.ends_on + datetime.timedelta(days=1)
    return datetime.datetime(day.year, day.month, day.day, tzinfo=datetime.UTC)


def filename(pack: Pack, extension: str) -> str:
    return f"local-offer-evidence-{pack.period.slug}.{extension}"


def _latin1(text: str) -> str:
    """fpdf2's core fonts are Latin-1: fold anything else to its nearest plain letters."""
    text = text.replace("\u201c", '"').replace("\u201d", '"').replace("\u2019", "'").replace("\u2013", "-")
    folded = unicodedata.normalize("NFKD", text)
    return folded.encode("latin-1", "ignore").decode("latin-1")


# PDF -------------------------------------------------------------------------------------------------


class _PackPDF(FPDF):
    footer_text = ""

    def footer(self):
        self.set_y(-12)
        self.set_font("Helvetica", size=8)
        self.cell(0, 6, _latin1(f"{self.footer_text}  |  Page {self.page_no()}/{{nb}}"), align="C")


def pack_pdf(pack: Pack) -> bytes:
    pdf = _PackPDF(orientation="portrait", format="A4")
    pdf.footer_text = pack.title
    pdf.set_title(_latin1(pack.title))
    pdf.set_author(AUTHOR)
    pdf.set_subject(_latin1(f"{pack.site_name} {pack.council}".strip()))
    pdf.set_creator(AUTHOR)
    pdf.set_producer(AUTHOR)
    pdf.set_creation_date(document_date(pack))
    pdf.set_lang("en-GB")
    pdf.set_auto_page_break(auto=True, margin=18)
    pdf.add_page()
    pdf.set_font("Helvetica", style="B", size=16)
    pdf.multi_cell(0, 8, _latin1(pack.title), new_x=XPos.LMARGIN, new_y=YPos.NEXT)
    pdf.set_font("Helvetica", size=10)
    for line in (
        f"Local Offer: {pack.site_name}" if pack.site_name else "",
        f"Personal budget figures: {pack.council}" if pack.council else "Personal budget figures: not included",
        f"Small numbers (1 to 4 people) are shown as '{SUPPRESSED}'. No names or personal details are included.",
    ):
        if line:
            pdf.multi_cell(0, 5, _latin1(line), new_x=XPos.LMARGIN, new_y=YPos.NEXT)
    for section in pack.sections:
        pdf.add_page()
        pdf.start_section(_latin1(section.title))
        pdf.set_font("Helvetica", style="B", size=14)
        pdf.multi_cell(0, 8, _latin1(section.title), new_x=XPos.LMARGIN, new_y=YPos.NEXT)
        if section.note:
            pdf.set_font("Helvetica", size=9)
            pdf.multi_cell(0, 4.5, _latin1(section.note), new_x=XPos.LMARGIN, new_y=YPos.NEXT)
        pdf.ln(2)
        pdf.set_font("Helvetica", size=10)
        for item in section.figures:
            if pdf.will_page_break(6):
                pdf.add_page()
            pdf.cell(120, 6, _latin1(item.label))
            pdf.cell(0, 6, _latin1(cell_text(item.value, item.kind)), align="R", new_x=XPos.LMARGIN, new_y=YPos.NEXT)
        for table in section.tables:
            _pdf_table(pdf, table)
    return bytes(pdf.output())


def _pdf_table(pdf: FPDF, table: Table) -> None:
    width = pdf.epw
    columns = len(table.columns)
    chart = table.chart is not None and table.rows
    table_width = width * (0.55 if chart else 1)
    first = min(table_width * 0.5, table_width / columns * 2) if columns > 1 else table_width
    rest = (table_width - first) / max(columns - 1, 1)
    widths = [first] + [rest] * (columns - 1)
    font = 8 if columns <= 6 else 6
    if pdf.will_page_break(20):
        pdf.add_page()
    pdf.ln(4)
    pdf.set_font("Helvetica", style="B", size=11)
    pdf.multi_cell(0, 6, _latin1(table.title), new_x=XPos.LMARGIN, new_y=YPos.NEXT)
    if table.note:
        pdf.set_font("Helvetica", size=8)
        pdf.multi_cell(0, 4, _latin1(table.note), new_x=XPos.LMARGIN, new_y=YPos.NEXT)
    if not table.rows:
        pdf.set_font("Helvetica", size=9)
        pdf.cell(0, 6, "None in this period.", new_x=XPos.LMARGIN, new_y=YPos.NEXT)
        return

    def heading():
        pdf.set_font("Helvetica", style="B", size=font)
        _pdf_row(pdf, widths, table.columns, [column.heading for column in table.columns], border="B")
        pdf.set_font("Helvetica", size=font)

    heading()
    row_tops: list[tuple[int, float]] = []
    for row in table.rows:
        texts = [_latin1(cell_text(value, column.kind)) for column, value in zip(table.columns, row, strict=True)]
        if pdf.will_page_break(_row_height(pdf, widths, texts)):
            pdf.add_page()
            heading()
        row_tops.append((pdf.page, pdf.get_y()))
        _pdf_row(pdf, widths, table.columns, texts)
    bottom = pdf.get_y()
    if chart:
        _pdf_bars(pdf, table, pdf.l_margin + table_width + 4, width - table_width - 4, row_tops)
        pdf.set_y(bottom)


LINE = 4.5


def _lines(pdf: FPDF, width: float, text: str) -> list[str]:
    return pdf.multi_cell(width, LINE, text, dry_run=True, output=MethodReturnValue.LINES) or [""]


def _row_height(pdf: FPDF, widths, texts) -> float:
    return max(len(_lines(pdf, w, _latin1(t))) for w, t in zip(widths, texts, strict=True)) * LINE


def _pdf_row(pdf: FPDF, widths, columns, texts, border=0) -> None:
    """One table row whose long cells wrap onto more lines (a checklist's status must be read whole)."""
    texts = [_latin1(text) for text in texts]
    height = _row_height(pdf, widths, texts)
    x, y = pdf.l_margin, pdf.get_y()
    for w, column, text in zip(widths, columns, texts, strict=True):
        pdf.set_xy(x, y)
        pdf.multi_cell(w, LINE, text, align="L" if column.kind == "text" else "R", max_line_height=LINE)
        x += w
    if border:
        pdf.line(pdf.l_margin, y + height, x, y + height)
    pdf.set_xy(pdf.l_margin, y + height)


def _pdf_bars(pdf: FPDF, table: Table, x: float, width: float, row_tops: list[tuple[int, float]]) -> None:
    """A bar per row, drawn beside its table, on the same lines as the rows it stands for. A suppressed
    value has no bar, only its words: drawing it would show the number the rule hides."""
    values = [row[table.chart] for row in table.rows]
    numbers = [v for v in values if isinstance(v, (int, Decimal)) and not isinstance(v, bool)]
    largest = max(numbers, default=0) or 1
    pdf.set_font("Helvetica", size=6)
    pdf.set_fill_color(29, 112, 184)
    last_page = pdf.page
    for value, (page, row_y) in zip(values, row_tops, strict=True):
        pdf.page = page  # a long table's bars go on the page of their own row
        if isinstance(value, (int, Decimal)) and value:
            pdf.rect(x, row_y + 0.75, float(width * 0.8) * float(value) / float(largest), 3, style="F")
        elif value == SUPPRESSED:
            pdf.set_xy(x, row_y)
            pdf.cell(width * 0.8, LINE, SUPPRESSED)
    pdf.page = last_page


# Spreadsheet ----------------------------------------------------------------------------------------


def pack_xlsx(pack: Pack) -> bytes:
    workbook = Workbook()
    when = document_date(pack).replace(tzinfo=None)
    properties = workbook.properties
    properties.title = pack.title
    properties.creator = AUTHOR
    properties.lastModifiedBy = AUTHOR
    properties.created = when
    properties.modified = when
    cover = workbook.active
    cover.title = "About"
    bold = Font(bold=True)
    cover.append([pack.title])
    cover["A1"].font = Font(bold=True, size=14)
    cover.append(["Local Offer", pack.site_name])
    cover.append(["Personal budget figures", pack.council or "Not included"])
    cover.append(["Small numbers", f"1 to 4 people are shown as '{SUPPRESSED}'; no names or personal details"])
    for section in pack.sections:
        sheet = workbook.create_sheet(_sheet_title(section.title))
        sheet.append([section.title])
        sheet["A1"].font = Font(bold=True, size=14)
        if section.note:
            sheet.append([section.note])
        sheet.append([])
        for item in section.figures:
            sheet.append([item.label, _xlsx_value(item.value)])
            _format(sheet.cell(row=sheet.max_row, column=2), item.value, item.kind)
        for table in section.tables:
            sheet.append([])
            sheet.append([table.title])
            sheet.cell(row=sheet.max_row, column=1).font = bold
            if table.note:
                sheet.append([table.note])
            sheet.append([column.heading for column in table.columns])
            for cell in sheet[sheet.max_row]:
                cell.font = bold
            for row in table.rows:
                sheet.append([_xlsx_value(value) for value in row])
                for index, (column, value) in enumerate(zip(table.columns, row, strict=True), start=1):
                    _format(sheet.cell(row=sheet.max_row, column=index), value, column.kind)
        sheet.column_dimensions["A"].width = 60
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w", zipfile.ZIP_DEFLATED) as archive:
        ExcelWriter(workbook, archive).write_data()
    return _fixed_zip(buffer.getvalue(), when)


def _xlsx_value(value):
    if value is None:
        return "No data"
    if isinstance(value, str):
        return safe_cell(value)
    return value


def _format(cell, value, kind) -> None:
    if not isinstance(value, str) and value is not None and kind in NUMBER_FORMATS:
        cell.number_format = NUMBER_FORMATS[kind]


def _sheet_title(title: str) -> str:
    cleaned = "".join(ch for ch in title if ch not in "[]:*?/\\")
    return cleaned[:31]


def _fixed_zip(data: bytes, when: datetime.datetime) -> bytes:
    """The same archive with every entry dated `when`: zipfile stamps entries with the time of writing."""
    source = zipfile.ZipFile(io.BytesIO(data))
    out = io.BytesIO()
    with zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED) as archive:
        for info in source.infolist():
            fixed = zipfile.ZipInfo(info.filename, date_time=when.timetuple()[:6])
            fixed.compress_type = zipfile.ZIP_DEFLATED
            fixed.external_attr = 0o600 << 16
            archive.writestr(fixed, source.read(info.filename))
    return out.getvalue()


def pack_zip(pack: Pack) -> bytes:
    """The one-button download: the PDF and the spreadsheet together."""
    when = document_date(pack).replace(tzinfo=None)
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w", zipfile.ZIP_DEFLATED) as archive:
        for name, data in ((filename(pack, "pdf"), pack_pdf(pack)), (filename(pack, "xlsx"), pack_xlsx(pack))):
            info = zipfile.ZipInfo(name, date_time=when.timetuple()[:6])
            info.compress_type = zipfile.ZIP_DEFLATED
            info.external_attr = 0o600 << 16
            archive.writestr(info, data)
    return buffer.getvalue()
