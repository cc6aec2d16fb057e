"""`manage.py oruk_import SOURCE`: read an Open Referral UK 3.0 feed into the directory.

SOURCE is a JSON file (a list of services, one service, or an API page) or the address of an
ORUK /services endpoint, whose pages are followed. Everything is validated first and committed
all or nothing. See docs/oruk.md.
"""

import sys

from django.core.management.base import BaseCommand, CommandError
from tqdm import tqdm

from localoffer.oruk import importer


class Command(BaseCommand):
    help = "Import services from an Open Referral UK 3.0 feed (a URL) or JSON file."

    def add_arguments(self, parser):
        parser.add_argument("source", help="A JSON file, or the address of an ORUK /services endpoint")
        parser.add_argument("--publish", action="store_true", help="Publish new services (default: drafts)")
        parser.add_argument(
            "--overwrite", action="store_true", help="Replace services edited here since their last import"
        )
        parser.add_argument("--dry-run", action="store_true", help="Report what would change, and change nothing")

    def handle(self, *args, source, publish, overwrite, dry_run, verbosity, **options):
        quiet = verbosity == 0 or not sys.stderr.isatty()
        try:
            with tqdm(desc="Reading", unit=" services", disable=quiet, file=sys.stderr) as bar:
                records = importer.read_source(source, progress=bar)
            with tqdm(total=len(records), desc="Importing", disable=quiet, file=sys.stderr) as bar:
                report = importer.import_services(
                    records, source=source, publish=publish, overwrite=overwrite, dry_run=dry_run, progress=bar
                )
        except importer.ImportFailed as error:
            raise CommandError(str(error)) from error
        for warning in report.warnings:
            self.stderr.write(self.style.WARNING(warning))
        if verbosity >= 2:
            for heading, titles in [
                ("Created", report.created),
                ("Updated", report.updated),
                ("Skipped", report.skipped),
            ]:
                for title in titles:
                    self.stdout.write(f"  {heading}: {title}")
        prefix = "Dry run, nothing changed. Would have: " if dry_run else ""
        self.stdout.write(self.style.SUCCESS(prefix + report.summary() + "."))
