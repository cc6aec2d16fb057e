"""Benchmark: a personal budget with 10,000 ledger entries (target: dashboard p95 under 200 ms).

    .venv/bin/python bench/budget_dashboard.py [--entries 10000] [--requests 50]
    DATABASE_URL=sqlite:////tmp/bench.sqlite3 .venv/bin/python bench/budget_dashboard.py
    DATABASE_URL=postgres://postgres@127.0.0.1:54331/budget_bench .venv/bin/python bench/budget_dashboard.py

Without DATABASE_URL it uses a fresh SQLite file in a temporary directory (never the project's
db.sqlite3); an SQLite DATABASE_URL file is deleted and recreated; a PostgreSQL database must exist and
hold no budgets yet (the script migrates it). Receipts go to a temporary PRIVATE_MEDIA_ROOT.

Builds one budget (two elements, two provision items, 10,000 entries in bulk: payments in, spending
spread over the period, 5% of it flagged, 100 entries with a small PNG receipt), then times the
dashboard, the transaction list (first page) and the parent's data export (JSON plus a zip of receipts)
through Django's test client: the whole middleware stack, no network. Prints the load average, then
p50/p95 per page and the SQL queries one request makes.
"""

import argparse
import datetime
import os
import random
import statistics
import struct
import sys
import tempfile
import time
import zlib
from decimal import Decimal
from io import StringIO
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

PAYEES = ["Jane Smith (PA)", "Swimming Club Ltd", "TfL", "Sensory Toys Ltd", "Respite Care CIC", "Speech Tutor"]


def png_bytes() -> bytes:
    """A 1x1 greyscale PNG: signature, IHDR, IDAT, IEND, each chunk with its CRC."""

    def chunk(kind: bytes, data: bytes) -> bytes:
        return struct.pack(">I", len(data)) + kind + data + struct.pack(">I", zlib.crc32(kind + data))

    header = struct.pack(">IIBBBBB", 1, 1, 8, 0, 0, 0, 0)
    return (
        b"\x89PNG\r\n\x1a\n" + chunk(b"IHDR", header) + chunk(b"IDAT", zlib.compress(b"\x00\x80")) + chunk(b"IEND", b"")
    )


PNG = png_bytes()


def prepare_database(tmp: str) -> str:
    url = os.environ.get("DATABASE_URL", "")
    if not url:
        url = f"sqlite:///{tmp}/bench.sqlite3"
        os.environ["DATABASE_URL"] = url
    elif url.startswith("sqlite:"):
        path = Path(url.split("sqlite://", 1)[1]).resolve()
        if path == (ROOT / "db.sqlite3").resolve():
            sys.exit("Refusing to benchmark against the project's db.sqlite3: give another DATABASE_URL.")
        path.unlink(missing_ok=True)
    return url


def build(entries: int):
    from django.contrib.auth import get_user_model
    from django.core.files.base import ContentFile

    from budgets.models import (
        Budget,
        BudgetElement,
        BudgetMembership,
        Council,
        EntryFlag,
        Evidence,
        LedgerEntry,
        ProvisionItem,
    )

    if Budget.objects.exists():
        sys.exit("This database already holds budgets: point DATABASE_URL at an empty database.")
    today = datetime.date.today()
    starts_on = today - datetime.timedelta(days=200)
    ends_on = starts_on + datetime.timedelta(days=364)
    user = get_user_model().objects.create(username="bench-parent", email="bench-parent@example.com")
    council = Council.objects.create(name="Bench Council")
    budget = Budget.objects.create(council=council, holder_name="Bench", starts_on=starts_on, ends_on=ends_on)
    BudgetMembership.objects.create(budget=budget, user=user, role=BudgetMembership.Role.PARENT_CARER)
    BudgetElement.objects.create(budget=budget, element="social_care", allocated_amount=Decimal("52000.00"))
    BudgetElement.objects.create(budget=budget, element="education", allocated_amount=Decimal("26000.00"))
    items = [
        ProvisionItem.objects.create(
            budget=budget, name="Personal assistant", element="social_care", annual_amount=Decimal("52000.00")
        ),
        ProvisionItem.objects.create(
            budget=budget, name="Speech tuition", element="education", annual_amount=Decimal("26000.00")
        ),
    ]
    rng = random.Random(6)
    rows = []
    for n in range(entries):
        spent_on = starts_on + datetime.timedelta(days=n * 200 // entries)
        item = items[n % 2]
        if n % 100 == 0:
            kind, amount, payee = LedgerEntry.Kind.PAYMENT_IN, Decimal("780.00"), "Bench Council"
        else:
            kind, payee = LedgerEntry.Kind.SPENDING, rng.choice(PAYEES)
            amount = -Decimal(rng.randint(100, 1500)) / 100
        rows.append(
            LedgerEntry(
                budget=budget,
                kind=kind,
                spent_on=spent_on,
                amount=amount,
                payee=payee,
                element=item.element,
                provision_item=item if kind == LedgerEntry.Kind.SPENDING else None,
                category="activities" if kind == LedgerEntry.Kind.SPENDING else "",
                created_by=user,
            )
        )
    LedgerEntry.objects.bulk_create(rows, batch_size=1000)
    spending = list(budget.entries.filter(kind=LedgerEntry.Kind.SPENDING).order_by("pk"))
    EntryFlag.objects.bulk_create(
        EntryFlag(entry=entry, reason="Over the single payment limit") for entry in spending[::20]
    )
    for entry in spending[-100:]:
        evidence = Evidence(
            entry=entry, original_name=f"receipt-{entry.pk}.png", content_type="image/png", size=len(PNG)
        )
        evidence.uploaded_by = user
        evidence.file.save(evidence.original_name, ContentFile(PNG), save=True)
    return budget, user


class QueryLog(list):
    """A database execute wrapper keeping the SQL of every query one request runs."""

    def __call__(self, execute, sql, params, many, context):
        self.append(sql)
        return execute(sql, params, many, context)


def percentile(samples: list[float], fraction: float) -> float:
    ordered = sorted(samples)
    return ordered[min(len(ordered) - 1, round(fraction * (len(ordered) - 1)))]


def main():
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--entries", type=int, default=10_000)
    parser.add_argument("--requests", type=int, default=50)
    args = parser.parse_args()
    tmp = tempfile.TemporaryDirectory()
    url = prepare_database(tmp.name)
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "config.settings")
    os.environ["PRIVATE_MEDIA_ROOT"] = f"{tmp.name}/private"
    import django

    django.setup()
    from django.core.management import call_command
    from django.db import connection
    from django.test import Client
    from django.urls import reverse

    began = time.perf_counter()
    call_command("migrate", verbosity=0, stdout=StringIO())
    budget, user = build(args.entries)
    print(
        f"{connection.vendor} ({url.split('://')[0]}): {budget.entries.count():,} entries built and migrated "
        f"in {time.perf_counter() - began:.1f} s; load average {os.getloadavg()[0]:.1f}"
    )
    client = Client()
    client.force_login(user)
    pages = {
        "dashboard": reverse("budgets:dashboard", kwargs={"budget": budget.uuid}),
        "transaction list": reverse("budgets:entry_list", kwargs={"budget": budget.uuid}),
        "data export": reverse("budgets:account_export"),
    }
    for name, page_url in pages.items():
        for _ in range(3):  # warm up: templates, connection, caches
            assert client.get(page_url).status_code == 200
        queries = QueryLog()
        with connection.execute_wrapper(queries):
            response = client.get(page_url)
        assert response.status_code == 200
        size = len(response.content)
        samples = []
        for _ in range(args.requests):
            start = time.perf_counter()
            response = client.get(page_url)
            samples.append((time.perf_counter() - start) * 1000)
            assert response.status_code == 200
        print(
            f"{name:>16}: p50 {statistics.median(samples):7.1f} ms  p95 {percentile(samples, 0.95):7.1f} ms  "
            f"{len(queries):3d} queries  {size / 1024:7.0f} KiB  ({args.requests} requests)"
        )
    print(f"load average after: {os.getloadavg()[0]:.1f}")
    tmp.cleanup()


if __name__ == "__main__":
    main()
