"""Import the ONS Postcode Directory (ONSPD) CSV into PostcodePoint for national offline lookup.

    manage.py import_onspd ONSPD_NOV_2025_UK.csv [--include-terminated] [--batch-size 5000]

Reads the columns `pcds` (postcode), `lat`, `long` and `doterm` (date terminated), in any case.
Terminated postcodes and rows without coordinates (ONSPD writes lat 99.999999) are skipped.
Idempotent: a postcode already imported has its coordinates updated.
"""

import csv
import sys
from decimal import Decimal, InvalidOperation
from pathlib import Path

from django.core.management.base import BaseCommand, CommandError
from django.db import transaction
from tqdm import tqdm

from localoffer.models import PostcodePoint
from places.postcodes import normalise_postcode, postcode_is_valid

REQUIRED = ("pcds", "lat", "long")
NO_COORDINATES_LATITUDE = Decimal("99.999999")


class Command(BaseCommand):
    help = "Import ONS Postcode Directory CSV rows into the offline postcode lookup."

    def add_arguments(self, parser):
        parser.add_argument("csv_file")
        parser.add_argument("--include-terminated", action="store_true", help="Also import terminated postcodes")
        parser.add_argument("--batch-size", type=int, default=5000)

    def handle(self, csv_file, *, include_terminated, batch_size, verbosity, **options):
        path = Path(csv_file)
        if not path.is_file():
            raise CommandError(f"{path}: no such file")
        quiet = verbosity == 0 or not sys.stderr.isatty()
        imported = skipped = 0
        with open(path, newline="", encoding="utf-8-sig") as handle:
            reader = csv.DictReader(handle)
            columns = {name.lower().strip(): name for name in reader.fieldnames or []}
            missing = [name for name in REQUIRED if name not in columns]
            if missing:
                raise CommandError(f"{path}: missing column(s) {', '.join(missing)}; is this an ONSPD CSV?")
            batch = []
            with tqdm(disable=quiet, file=sys.stderr, unit=" rows", desc="Importing") as bar:
                for row_number, row in enumerate(reader, start=2):
                    bar.update(1)
                    point = self.parse(path, row_number, row, columns, include_terminated)
                    if point is None:
                        skipped += 1
                        continue
                    batch.append(point)
                    if len(batch) >= batch_size:
                        imported += self.save(batch)
                        batch = []
                if batch:
                    imported += self.save(batch)
        self.stdout.write(self.style.SUCCESS(f"Imported {imported} postcodes from {path.name}; skipped {skipped}."))

    def parse(self, path, row_number, row, columns, include_terminated):
        terminated = (row.get(columns.get("doterm", ""), "") or "").strip()
        if terminated and not include_terminated:
            return None
        postcode = row[columns["pcds"]]
        if not postcode_is_valid(postcode):
            raise CommandError(f"{path}, row {row_number}, field pcds: ‘{postcode}’ is not a postcode")
        values = {}
        for field in ("lat", "long"):
            try:
                values[field] = Decimal(row[columns[field]].strip())
            except InvalidOperation as error:
                raise CommandError(
                    f"{path}, row {row_number}, field {field}: ‘{row[columns[field]]}’ is not a number"
                ) from error
        if values["lat"] == NO_COORDINATES_LATITUDE:
            return None
        for field, low, high in (("lat", -90, 90), ("long", -180, 180)):
            if not low <= values[field] <= high:
                raise CommandError(f"{path}, row {row_number}, field {field}: {values[field]} is out of range")
        return PostcodePoint(
            postcode=normalise_postcode(postcode),
            latitude=values["lat"].quantize(Decimal("0.000001")),
            longitude=values["long"].quantize(Decimal("0.000001")),
        )

    @transaction.atomic
    def save(self, batch) -> int:
        PostcodePoint.objects.bulk_create(
            batch, update_conflicts=True, unique_fields=["postcode"], update_fields=["latitude", "longitude"]
        )
        return len(batch)
