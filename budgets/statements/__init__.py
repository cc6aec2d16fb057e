"""Statements for any period of a budget: the page, the CSV and the PDF, and the officer's positions export.

Every total on a statement comes from ``budgets.ledger``, so a statement agrees with the dashboard,
the monitoring return and the officer's overview for the same budget.
"""

from budgets.statements.documents import (
    POSITION_HEADERS,
    ElementLine,
    Statement,
    StatementLine,
    build_statement,
    compose_statement,
    positions_csv,
    statement_csv,
    statement_pdf,
)

__all__ = [
    "POSITION_HEADERS",
    "ElementLine",
    "Statement",
    "StatementLine",
    "build_statement",
    "compose_statement",
    "positions_csv",
    "statement_csv",
    "statement_pdf",
]
