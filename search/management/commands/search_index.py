"""`search_index rebuild`: Elasticsearch fills a new index and swaps the alias; the database backend
rewrites its search table in one transaction (search keeps working meanwhile, either way).
`search_index status`: documents in the index (rows in the table) against published services."""

import sys

from django.core.management.base import BaseCommand, CommandError
from tqdm import tqdm

from search.backends import get_backend
from search.backends.base import SearchUnavailable
from search.entries import rebuild_entries
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
            message = f"Wrote {count} services to the database search table; vocabulary refreshed."
        else:
            # The database backend's table too: it answers whenever Elasticsearch cannot.
            rows = rebuild_entries()
            message = (
                f"Indexed {count} services into a new index; alias {backend.alias} switched. "
                f"Database search table: {rows} rows."
            )
        self.stdout.write(self.style.SUCCESS(message))

    def status(self, backend):
        published = set(indexable_services().values_list("pk", flat=True))
        indexed = backend.indexed_page_ids()
        missing, extra = published - indexed, indexed - published
        if backend.name == "database":
            self.stdout.write(
                f"Backend: database. {len(indexed)} rows in the search table, {len(published)} published services."
            )
        else:
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
