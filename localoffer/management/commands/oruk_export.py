"""`manage.py oruk_export FILE`: write every published service as Open Referral UK 3.0 JSON.

The file is a list of fully nested services (the profile's service package), each validated
against the compiled schema before it is written; `-` writes to standard output.
"""

import json
import sys

from django.core.management.base import BaseCommand, CommandError
from tqdm import tqdm

from localoffer.oruk import exporter, schemas


class Command(BaseCommand):
    help = "Export the published directory as Open Referral UK 3.0 JSON."

    def add_arguments(self, parser):
        parser.add_argument("file", help="Where to write the JSON ('-' for standard output)")

    def handle(self, *args, file, verbosity, **options):
        quiet = verbosity == 0 or not sys.stderr.isatty()
        services = []
        with tqdm(total=exporter.count(), desc="Exporting", disable=quiet, file=sys.stderr) as bar:
            for record in exporter.exported_services():
                problems = schemas.errors("compiled/service", record)
                if problems:
                    raise CommandError(f"Service {record['id']} ('{record['name']}') is not valid ORUK: {problems}")
                services.append(record)
                bar.update(1)
        text = json.dumps(services, indent=2, ensure_ascii=False) + "\n"
        if file == "-":
            self.stdout.write(text, ending="")
            return
        try:
            with open(file, "w", encoding="utf-8") as handle:
                handle.write(text)
        except OSError as error:
            raise CommandError(f"{file}: could not write ({error})") from error
        self.stdout.write(self.style.SUCCESS(f"Exported {len(services)} services to {file}."))
