"""Import Ofsted's childcare register for the council's area (progress on stderr, summary on stdout).

Running it again with the same file changes nothing: registrations are matched by URN.
"""

from django.core.management.base import BaseCommand, CommandError
from tqdm import tqdm

from ofsted.importer import ImportFailed, run_import
from ofsted.models import OfstedImportLine


class Command(BaseCommand):
    help = "Import Ofsted's 'Childcare providers and inspections: management information' CSV or XLSX file."

    def add_arguments(self, parser):
        parser.add_argument("file", help="Ofsted's CSV or XLSX file")
        parser.add_argument("--local-authority", required=True, help="The council's area as Ofsted names it")
        parser.add_argument("--dry-run", action="store_true", help="Report what would change; change nothing")

    def handle(self, *args, **options):
        def progress(total):
            return tqdm(total=total, desc="Rows", unit="row", file=self.stderr, disable=options["verbosity"] == 0)

        try:
            run = run_import(
                options["file"],
                local_authority=options["local_authority"],
                dry_run=options["dry_run"],
                progress=progress,
            )
        except ImportFailed as error:
            raise CommandError(str(error)) from error
        kind = "Preview (nothing changed)" if run.dry_run else "Imported"
        self.stdout.write(
            f"{kind}: {run.file_name} for {run.local_authority}: {run.rows} rows; {run.created} new draft "
            f"services, {run.updated} updated, {run.unchanged} unchanged, {run.ended} registrations ended, "
            f"{run.not_taken} rows not taken."
        )
        for line in run.lines.exclude(outcome__in=[OfstedImportLine.UNCHANGED]):
            where = f"row {line.row_number}" if line.row_number else "-"
            self.stdout.write(f"  {where}: {line.urn or ''} {line.name}: {line.get_outcome_display()}. {line.reason}")
