"""Text that a spreadsheet would run as a formula is exported with a leading quote; nothing else changes."""

import ast
import datetime
from decimal import Decimal
from pathlib import Path

import pytest

from spreadsheets import safe_cell, safe_row

PAYLOADS = Path(__file__).resolve().parent.parent / "security" / "payloads" / "csv-injection.txt"
ROOT = Path(__file__).resolve().parent.parent.parent


@pytest.mark.parametrize("payload", PAYLOADS.read_text(encoding="utf-8").splitlines())
def test_every_published_csv_injection_payload_that_starts_a_formula_is_quoted(payload):
    if payload[:1] in "=+-@":
        assert safe_cell(payload) == "'" + payload
    else:  # the DDE line starts with a letter: Excel reads it as text already
        assert safe_cell(payload) == payload


@pytest.mark.parametrize("text", ["=1+1", "+44 20 7974 4444", "-2", "@SUM(A1)", "\t=1", "\r=1"])
def test_each_formula_start_is_quoted(text):
    assert safe_cell(text) == "'" + text


@pytest.mark.parametrize(
    "value", ["Camden Sensory Club", "", " =1", "a=b", Decimal("-12.50"), -3, None, datetime.date(2026, 1, 2)]
)
def test_other_values_are_left_alone(value):
    assert safe_cell(value) == value


def test_a_row_is_made_safe_cell_by_cell():
    assert safe_row(['=HYPERLINK("http://x")', "Payee", Decimal("-1.00")]) == [
        '\'=HYPERLINK("http://x")',
        "Payee",
        Decimal("-1.00"),
    ]


def test_spreadsheets_is_a_ground_floor_every_app_may_use():
    project = {"localoffer", "budgets", "search", "config", "accounts"}
    for path in (ROOT / "spreadsheets").rglob("*.py"):
        for node in ast.walk(ast.parse(path.read_text())):
            names = []
            if isinstance(node, ast.Import):
                names = [alias.name for alias in node.names]
            elif isinstance(node, ast.ImportFrom) and node.module and not node.level:
                names = [node.module]
            assert not [name for name in names if name.split(".")[0] in project], path
