"""`search_index rebuild`: fill a new index and swap the alias (search keeps working meanwhile).
`search_index status`: documents in the index against published services."""

import sys

from django.core.management.base import BaseCommand, CommandError
from tqdm import tqdm

from search.backends import get_backend
from search.backends.base import SearchUnavailable
from search.indexing import indexable_services


class Command(BaseCommand):
    help = "Rebuild the directory's search index, or report its status."

    def add_arguments(self, parser):
        parser.add_argument("action", choices=["rebuild", "status"])

    def handle(self, *args, action, verbosity, **options):
        backend = get_backend()
        try:
            if action == "rebuild":
                self.rebuild(backend, verbosity)
            else:
                self.status(backend)
        except SearchUnavailable as error:
            raise CommandError(f"The {backend.name} search backend is unavailable: {error}") from error

    def rebuild(self, backend, verbosity):
        quiet = verbosity == 0 or not sys.stderr.isatty()
        total = indexable_services().count()
        with tqdm(total=total, disable=quiet, file=sys.stderr, unit="service", desc="Indexing") as bar:
            count = backend.rebuild(progress=bar.update)
        if backend.name == "database":
            message = f"{count} published services are searched directly in the database; vocabulary refreshed."
        else:
            message = f"Indexed {count} services into a new index; alias {backend.alias} switched."
        self.stdout.write(self.style.SUCCESS(message))

    def status(self, backend):
        published = set(indexable_services().values_list("pk", flat=True))
        if backend.name == "database":
            self.stdout.write(
                f"Backend: database. {len(published)} published services, all searchable (the database is the index)."
            )
            return
        indexed = backend.indexed_page_ids()
        missing, extra = published - indexed, indexed - published
        self.stdout.write(
            f"Backend: elasticsearch ({backend.url}, alias {backend.alias}). "
            f"{len(indexed)} documents in the index, {len(published)} published services."
        )
        if missing:
            self.stdout.write(
                f"Missing from the index: {len(missing)} (page ids {', '.join(map(str, sorted(missing)[:20]))})"
            )
        if extra:
            self.stdout.write(
                f"In the index but not published: {len(extra)} (page ids {', '.join(map(str, sorted(extra)[:20]))})"
            )
        if missing or extra:
            self.stdout.write(self.style.WARNING("Out of step: run `manage.py search_index rebuild`."))
        else:
            self.stdout.write(self.style.SUCCESS("In step."))
