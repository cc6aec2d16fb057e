"""`manage.py oruk_import SOURCE`: read an Open Referral UK 1.0 or 3.0 feed, or a filled-in
spreadsheet template, into the directory.

SOURCE is a JSON file (a list of services, one service, or an API page), a CSV or XLSX file in the
template's layout, or the address of an ORUK /services endpoint, whose pages are followed. Records
are taken one by one; those that cannot be saved are quarantined with their reasons, and the run
and its report are kept for the admin's import history. See docs/oruk.md.
"""

import sys

from django.core.management.base import BaseCommand, CommandError
from tqdm import tqdm

from localoffer.oruk import importer, runs


class Command(BaseCommand):
    help = "Import services from an Open Referral UK 1.0 or 3.0 feed (a URL), a JSON file or the spreadsheet template."

    def add_arguments(self, parser):
        parser.add_argument("source", help="A JSON file, or the address of an ORUK /services endpoint")
        parser.add_argument("--publish", action="store_true", help="Publish new services (default: drafts)")
        parser.add_argument(
            "--overwrite", action="store_true", help="Replace services edited here since their last import"
        )
        parser.add_argument("--dry-run", action="store_true", help="Report what would change, and change nothing")
        parser.add_argument("--progress", action="store_true", help="Show the progress bars even when not a terminal")

    def handle(self, *args, source, publish, overwrite, dry_run, verbosity, progress=False, **options):
        quiet = verbosity == 0 or not (progress or sys.stderr.isatty())
        try:
            run = runs.run_import(
                source,
                publish=publish,
                overwrite=overwrite,
                dry_run=dry_run,
                progress=lambda total, desc: tqdm(total=total, desc=desc, disable=quiet, file=sys.stderr),
            )
        except importer.ImportFailed as error:
            raise CommandError(str(error)) from error
        report = run.report
        for warning in report.warnings:
            self.stderr.write(self.style.WARNING(warning))
        if verbosity >= 2:
            for line in report.lines:
                if line.outcome in ("created", "updated", "repaired", "unpublished"):
                    self.stdout.write(f"  {line}")
        prefix = "Dry run, nothing changed. Would have: " if dry_run else ""
        self.stdout.write(self.style.SUCCESS(prefix + report.summary() + "."))
        self.stdout.write(f"The report is import run {run.pk} in the admin (Directory imports).")
