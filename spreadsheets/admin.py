"""Wagtail's spreadsheet export (reports, snippet and model viewsets) with every text cell made safe."""

from . import safe_cell


class SafeSpreadsheetExportMixin:
    """Put before Wagtail's view class: ``class MyReport(SafeSpreadsheetExportMixin, PageReportView)``.

    Wagtail already keeps openpyxl from storing text as an XLSX formula, but its CSV is written as
    typed, so ``=HYPERLINK(...)`` in a service's title becomes a live formula when a council officer
    opens the export. Both formats get the same quoted text, so the two files agree."""

    def preprocess_field_value(self, field, value, export_format):
        return safe_cell(super().preprocess_field_value(field, value, export_format))
