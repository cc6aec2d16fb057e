"""An import run from start to finish, as the command, the admin and the nightly sync all do it:
read the source, import record by record, unpublish what left a synced feed, keep the report.

The run and its lines are saved after the import's own transaction, so a preview (rolled back)
keeps its report too.
"""

import logging
import time

from django.core.cache import cache
from django.db import transaction
from django.utils import timezone

from ..models import Feed, ImportLine, ImportRun, ORUKImportRecord, QuarantinedRecord, ServicePage
from . import importer, versions

logger = logging.getLogger(__name__)
VERSION_LABELS = {versions.ORUK_1: "ORUK 1.0", versions.ORUK_3: "ORUK 3.0", importer.SPREADSHEET: "Spreadsheet"}


PROGRESS_SECONDS = 1.0  # how often the run's page may learn of progress: a cache write, not one per record


def progress_key(run_id: int) -> str:
    return f"localoffer:oruk-run-progress:{run_id}"


def progress_of(run: ImportRun) -> dict | None:
    """What a run in progress has done so far: {"stage": "Reading" or "Importing", "done", "total"}."""
    return cache.get(progress_key(run.pk))


class RunProgress:
    """Records done out of the total, told to the run's page in the admin while the task worker
    works, and to the command line's bar (tqdm) if there is one.

    It goes through the shared cache: the import's own transaction keeps the run's rows from other
    requests until it ends. With Redis (as in production) the page follows record by record; with
    the database cache it follows the reading and sees the import's total, then its end.
    """

    def __init__(self, run: ImportRun, stage: str, total: int | None, bar=None):
        self.run, self.stage, self.total, self.bar = run, stage, total, bar
        self.done, self.told_at = 0, 0.0

    def __enter__(self):
        self.tell()
        if self.bar is not None:
            self.bar.__enter__()
        return self

    def __exit__(self, *exc):
        self.tell()
        if self.bar is not None:
            return self.bar.__exit__(*exc)
        return False

    def update(self, count: int = 1) -> None:
        self.done += count
        if self.bar is not None:
            self.bar.update(count)
        if time.monotonic() - self.told_at >= PROGRESS_SECONDS:
            self.tell()

    def tell(self) -> None:
        self.told_at = time.monotonic()
        try:
            value = {"stage": self.stage, "done": self.done, "total": self.total}
            cache.set(progress_key(self.run.pk), value, 60 * 60 * 24)
        except Exception:  # the page's progress is a courtesy; a cache that is down never stops an import
            logger.warning("Could not record the progress of import run %s", self.run.pk, exc_info=True)


def _bar(run, progress, total, desc):
    return RunProgress(run, desc, total, progress(total, desc) if progress else None)


def run_import(
    source: str | None = None,
    *,
    feed: Feed | None = None,
    run: ImportRun | None = None,
    records: list | None = None,
    version: str | None = None,
    publish: bool | None = None,
    overwrite: bool | None = None,
    dry_run: bool = False,
    unpublish_missing: bool = False,
    user=None,
    progress=None,
) -> ImportRun:
    """Read and import; returns the saved run with its in-memory `report`. Raises ImportFailed
    (after recording it on the run) when the source cannot be read at all."""
    if feed is not None:
        source = source or (feed.url or (feed.upload.path if feed.upload else ""))
        publish = feed.publish_new if publish is None else publish
        overwrite = feed.overwrite_local_edits if overwrite is None else overwrite
    if run is None:
        run = ImportRun.objects.create(feed=feed, source=(source or "")[:1000], dry_run=dry_run, started_by=user)
    run.status, run.started_at = ImportRun.RUNNING, timezone.now()
    run.save(update_fields=["status", "started_at"])
    unreadable = []
    try:
        if records is None:
            with _bar(run, progress, None, "Reading") as bar:
                read = importer.read_source(source, progress=bar)
            records, version, unreadable = read.records, read.version, read.unreadable
        with _bar(run, progress, len(records), "Importing") as bar:
            report = importer.import_services(
                records,
                source=source or "",
                version=version,
                publish=bool(publish),
                overwrite=bool(overwrite),
                dry_run=dry_run,
                progress=bar,
                feed=feed,
            )
    except importer.ImportFailed as error:
        run.status, run.error, run.finished_at = ImportRun.FAILED, str(error), timezone.now()
        run.save()
        raise
    for offset, (item, why) in enumerate(unreadable, start=len(records) + 1):
        record_id, name = importer.label_of(item)
        report.seen_ids.add(
            versions.stable_id("service", record_id) if report.version == versions.ORUK_1 else record_id
        )
        problem = [("(record)", f"the full record could not be read: {why}")]
        report.quarantine.append(importer.Quarantined(offset, record_id, name, report.version, item, problem))
        report.lines.append(importer.Line(offset, record_id, name, ImportLine.QUARANTINED, *problem[0]))
    if feed is not None and unpublish_missing and not dry_run:
        unpublish_missing_services(feed, report)
    save_report(run, report)
    run.report = report
    return run


def unpublish_missing_services(feed: Feed, report: importer.ImportReport) -> None:
    """Services this feed brought in that it no longer lists are unpublished (never deleted), so a
    partner's closed service stops showing while its page and history stay for the record."""
    gone = (
        ServicePage.objects.live()
        .filter(oruk_import__feed=feed)
        .exclude(uuid__in=[value for value in report.seen_ids if _is_uuid(value)])
    )
    for page in gone:
        with transaction.atomic():
            page.unpublish(log_action=True)
        source_id = ORUKImportRecord.objects.filter(service=page).values_list("source_id", flat=True).first()
        report.lines.append(
            importer.Line(
                0, source_id or str(page.uuid), page.title, ImportLine.UNPUBLISHED, "", "no longer in the feed"
            )
        )


def _is_uuid(value) -> bool:
    import uuid

    try:
        uuid.UUID(str(value))
    except ValueError:
        return False
    return True


def save_report(run: ImportRun, report: importer.ImportReport) -> None:
    counts = report.counts()
    run.version = VERSION_LABELS.get(report.version, report.version or "")
    run.records = report.records
    for name in ("created", "updated", "unchanged", "repaired", "skipped", "unpublished"):
        setattr(run, name, counts[name])
    run.quarantined = len(report.quarantine)
    run.status, run.finished_at = ImportRun.DONE, timezone.now()
    run.save()
    ImportLine.objects.bulk_create(
        ImportLine(
            run=run,
            position=line.position,
            record_id=line.record_id[:255],
            name=line.name[:500],
            outcome=line.outcome,
            field=line.field[:255],
            detail=line.detail,
        )
        for line in report.lines
    )
    if not run.dry_run:
        QuarantinedRecord.objects.bulk_create(
            QuarantinedRecord(
                run=run,
                feed=run.feed,
                record_id=entry.record_id[:255],
                name=entry.name[:500],
                version=entry.version,
                payload=entry.payload,
                problems=[{"field": where, "reason": reason} for where, reason in entry.problems],
            )
            for entry in report.quarantine
        )


class CannotRetry(Exception):
    """The quarantined record still has a problem the editor must fix first."""


def import_quarantined(held: QuarantinedRecord, *, user=None, publish: bool | None = None) -> ImportRun:
    """Import one quarantined record (as corrected by an editor) on its own, with its own report.

    A record quarantined because another record in the feed has its id must be given an id of its
    own first: imported as it is, it would overwrite that other service.
    """
    clashes = any(problem["field"] == "id" and "also the id of" in problem["reason"] for problem in held.problems)
    if clashes and isinstance(held.payload, dict) and str(held.payload.get("id")) == held.record_id:
        raise CannotRetry("Give this record an id of its own first: another service in the feed has this one.")
    held.save(update_fields=["payload"])
    run = run_import(
        source=f"quarantined record {held.pk} from {held.run.source}"[:1000],
        feed=held.feed,
        records=[held.payload],
        version=held.version,
        publish=publish,
        user=user,
    )
    if run.quarantined == 0:
        held.status, held.resolved_at = QuarantinedRecord.IMPORTED, timezone.now()
        held.save(update_fields=["status", "resolved_at"])
    return run
