"""Cells that a spreadsheet will show as text, never run as a formula.

Every CSV or XLSX the project writes for people to open (the review-due report, statements, the
officer's overview) may hold text that someone else typed: a provider's service name, an organisation
name from a partner's ORUK feed, a payee from a bank statement. Excel, LibreOffice and Google Sheets
treat a cell that starts with ``=``, ``+``, ``-`` or ``@`` (and, in some versions, a tab or carriage
return followed by one) as a formula, which can fetch a web address or run a command on the reader's
machine. OWASP's guidance on CSV injection is to prefix such a cell with a single quote, which the
spreadsheet shows as text. See docs/security.md.

This is a ground floor: it imports nothing from the project, so every app may use it.
"""

FORMULA_STARTS = ("=", "+", "-", "@", "\t", "\r")


def safe_cell(value):
    """`value`, with a leading quote if it is text a spreadsheet would read as a formula.

    Anything that is not text (numbers, dates, None) is returned as it is: a spreadsheet stores those
    as values, and a negative amount must stay a number."""
    if isinstance(value, str) and value.startswith(FORMULA_STARTS):
        return "'" + value
    return value


def safe_row(values):
    """`safe_cell` applied to each value of a row (a list for ``csv.writer``)."""
    return [safe_cell(value) for value in values]
