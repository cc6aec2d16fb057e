"""Benchmark: parse and import a 5,000-row bank statement CSV (target: commit under 10 s).

    .venv/bin/python bench/import_csv.py [--rows 5000] [--keep-db]

Generates a Barclays-style signed-amount CSV, times the pure parse (decode, header detection, mapping
guess, every date and amount), then the preview (duplicate detection against the ledger) and the commit
(every row through services.record_imported_entries in one locked transaction, each entry audited), against a fresh
SQLite database in a temporary directory (or DATABASE_URL if set). Prints one summary line per stage.
"""

import argparse
import datetime
import os
import random
import sys
import tempfile
import time
from decimal import Decimal
from io import StringIO
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

PAYEES = ["JANE SMITH PA", "SWIMMING CLUB LTD", "TFL TRAVEL CH", "SENSORY TOYS LTD", "RESPITE CARE CIC", "CAFE PLAY"]


def make_csv(rows: int, start: datetime.date) -> bytes:
    rng = random.Random(5)
    lines = ["Number,Date,Account,Amount,Subcategory,Memo"]  # Barclays' layout
    for n in range(rows):
        day = start + datetime.timedelta(days=n * 360 // rows)
        if n % 50 == 0:  # money back: a refund (the council's own payments are not imported)
            amount, memo = Decimal("12.50"), f"SENSORY TOYS LTD REFUND {n}"
        else:
            amount, memo = -Decimal(rng.randint(100, 9000)) / 100, f"{rng.choice(PAYEES)} {n}"
        lines.append(f",{day:%d/%m/%Y},20-00-00 12345678,{amount:.2f},Debit,{memo}")
    return ("\n".join(lines) + "\n").encode()


def main():
    parser = argparse.ArgumentParser()
    parser.add_argument("--rows", type=int, default=5000)
    args = parser.parse_args()
    tmp = tempfile.TemporaryDirectory()
    os.environ.setdefault("DATABASE_URL", f"sqlite:///{tmp.name}/bench.sqlite3")
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "config.settings")
    os.environ.setdefault("PRIVATE_MEDIA_ROOT", f"{tmp.name}/private")
    import django

    django.setup()
    from django.core.files.uploadedfile import SimpleUploadedFile
    from django.core.management import call_command

    from budgets.imports.parsing import load_csv_table, parse_csv, suggest_mapping
    from budgets.imports.services import build_preview, commit_import, save_mapping, start_import
    from budgets.models import Budget, BudgetElement, Council

    start = datetime.date(2025, 4, 1)
    data = make_csv(args.rows, start)

    began = time.perf_counter()
    table = load_csv_table(data)
    result = parse_csv(table, suggest_mapping(table))
    parse_seconds = time.perf_counter() - began
    assert len(result.transactions) == args.rows and not result.errors

    call_command("migrate", verbosity=0, stdout=StringIO())
    from django.contrib.auth import get_user_model

    user = get_user_model().objects.create(username="bench", email="bench@example.com")
    council = Council.objects.create(name="Camden Council")
    budget = Budget.objects.create(
        council=council, holder_name="Bench", starts_on=start, ends_on=start + datetime.timedelta(days=364)
    )
    BudgetElement.objects.create(budget=budget, element="social_care", allocated_amount=Decimal("500000.00"))

    began = time.perf_counter()
    statement_import = start_import(budget=budget, actor=user, upload=SimpleUploadedFile("bench.csv", data))
    save_mapping(statement_import=statement_import, mapping=suggest_mapping(table), element="social_care")
    preview = build_preview(statement_import)
    preview_seconds = time.perf_counter() - began
    assert len(preview.new_rows) == args.rows

    began = time.perf_counter()
    created = commit_import(statement_import=statement_import, actor=user)
    commit_seconds = time.perf_counter() - began
    assert len(created) == args.rows

    engine = django.db.connection.vendor
    print(f"rows={args.rows} bytes={len(data)} database={engine}")
    print(f"parse   {parse_seconds:6.2f} s")
    print(f"preview {preview_seconds:6.2f} s (upload, mapping, duplicate check)")
    print(f"commit  {commit_seconds:6.2f} s ({args.rows} entries checked, flagged and audited, one transaction)")
    print(f"total   {parse_seconds + preview_seconds + commit_seconds:6.2f} s")
    tmp.cleanup()


if __name__ == "__main__":
    main()
