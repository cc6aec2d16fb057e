"""The monthly import of Ofsted's childcare register for the council's area.

For each provider row in the council's area: a service already holding the provider's URN gets its
registration and latest inspection updated; a new registration becomes a *draft* service page (never
live) in the childcare category, for an editor to complete; a registration Ofsted has ended (its status,
or its absence from a file that has the area's providers) is flagged for editors, never deleted or
unpublished. Every row not taken gets a line in the report with its reason, and so does every oddity
in a row that was taken (a grade that is not one of Ofsted's, a date that is not a date).

Childminders and childcare on domestic premises are in their own homes: their location is held as
the postcode district (outcode) only, placed at the district's centre (see `ofsted.privacy`).

A preview runs the same import in a transaction it rolls back, so its report is exactly what the
import would do. The run and its report are saved after that transaction.
"""

import contextlib
import datetime
import re
from collections import Counter
from dataclasses import dataclass, field
from pathlib import Path

from django.db import transaction
from django.utils import timezone
from django.utils.text import slugify

from localoffer import caching
from localoffer.models import (
    DirectoryIndexPage,
    Location,
    Organization,
    ServiceAtLocation,
    ServicePage,
    Taxonomy,
    TaxonomyTerm,
)
from places.postcodes import lookup_postcode, normalise_postcode, outcode_of, postcode_is_valid

from . import privacy
from .models import GRADES, OfstedImport, OfstedImportLine, OfstedRegistration
from .register import RegisterFileError, read_register

CHILDCARE_CATEGORY = "childcare"
URN = re.compile(r"^(EY|CE|SC)?\d{5,8}$")
REGISTERED_STATUSES = {"active", "suspended"}  # suspended is still registered: shown to editors, not ended
HOME_BASED_TYPES = {"childminder", "childcare on domestic premises", "home childcarer"}
NOT_INSPECTED = {"", "null", "-", "n/a", "na", "not yet inspected"}
WITHHELD = {"redacted", "withheld", "null"}
DRAFT_DESCRIPTION = (
    "<p>Imported from Ofsted's childcare register. An editor completes this page before it is published.</p>"
)
BLANK_LOCAL_AUTHORITY = "(blank)"


class ImportFailed(Exception):
    """The file cannot be imported at all; the message is for an editor."""


@dataclass
class Line:
    row_number: int | None
    urn: str
    name: str
    outcome: str
    reason: str = ""


@dataclass
class Report:
    lines: list[Line] = field(default_factory=list)
    other_area_rows: int = 0  # reported as one line per other local authority

    def count(self, outcome) -> int:
        return sum(1 for line in self.lines if line.outcome == outcome)


def area_key(name: str) -> str:
    """'London Borough of Camden', ' camden ' and 'Camden' are one local authority."""
    text = re.sub(r"\s+", " ", name or "").strip().casefold()
    return re.sub(r"^(london borough of|royal borough of|city of|county of|borough of) ", "", text)


def parse_date(value: str, column: str, notes: list[str]) -> datetime.date | None:
    value = (value or "").strip()
    if value.casefold() in NOT_INSPECTED:
        return None
    for pattern in ("%d/%m/%Y", "%Y-%m-%d", "%d-%m-%Y", "%Y-%m-%d %H:%M:%S"):
        try:
            parsed = datetime.datetime.strptime(value, pattern).date()
            break
        except ValueError:
            continue
    else:
        notes.append(f"{column} '{value[:40]}' is not a date (DD/MM/YYYY); left blank")
        return None
    if parsed > timezone.localdate():
        notes.append(f"{column} {parsed:%d/%m/%Y} is in the future; left blank")
        return None
    if parsed.year < 1990:
        notes.append(f"{column} {parsed:%d/%m/%Y} is before Ofsted registered childcare; left blank")
        return None
    return parsed


def parse_judgement(value: str, notes: list[str]) -> str:
    """Ofsted's grade 1 to 4 (or its words) as words; '' when not yet inspected."""
    value = (value or "").strip()
    if value.casefold() in NOT_INSPECTED:
        return ""
    if value.isdigit() and int(value) in GRADES:
        return GRADES[int(value)]
    for label in GRADES.values():
        if value.casefold() == label.casefold():
            return label
    if value.casefold() in ("met", "not met"):
        return "Met" if value.casefold() == "met" else "Not met"  # Childcare Register-only inspections
    notes.append(f"overall effectiveness '{value[:40]}' is not one of Ofsted's grades (1 to 4); left blank")
    return ""


def parse_places(value: str, notes: list[str]) -> int | None:
    value = (value or "").strip()
    if not value:
        return None
    if value.isdigit() and int(value) < 10_000:
        return int(value)
    notes.append(f"places '{value[:40]}' is not a whole number; left blank")
    return None


@dataclass
class Provider:
    """One row, cleaned."""

    urn: str
    name: str
    provider_type: str
    provider_subtype: str
    status: str
    registers: str
    registration_date: datetime.date | None
    inspection_date: datetime.date | None
    judgement: str
    places: int | None
    home_based: bool
    address_lines: list[str]
    postcode: str  # a full postcode, an outcode for the home-based, or ""
    notes: list[str]

    @property
    def registered(self) -> bool:
        return self.status.casefold() in REGISTERED_STATUSES or not self.status

    def registration_fields(self) -> dict:
        return {
            "provider_type": self.provider_type[:100],
            "provider_subtype": self.provider_subtype[:100],
            "provider_status": self.status[:50],
            "registers": self.registers[:50],
            "registration_date": self.registration_date,
            "inspection_date": self.inspection_date,
            "judgement": self.judgement,
            "places": self.places,
            "home_based": self.home_based,
        }


def clean_row(cells: dict) -> tuple[Provider | None, str]:
    """The row as a `Provider`, or None and the reason it cannot be taken."""
    urn = re.sub(r"\s+", "", cells.get("urn", "")).upper()
    if not urn:
        return None, "no Provider URN"
    if not URN.match(urn):
        return None, f"Provider URN '{cells['urn'][:40]}' is not an Ofsted URN (like EY123456 or 2512345)"
    provider_type = cells.get("provider_type", "").strip()
    if not provider_type:
        return None, "no Provider Type"
    notes = []
    status = cells.get("status", "").strip()
    if not status:
        notes.append("no Provider Status; taken as active")
    home_based = provider_type.casefold() in HOME_BASED_TYPES
    name = cells.get("name", "").strip()
    if name.casefold() in WITHHELD:
        name = ""
    raw_postcode = cells.get("postcode", "").strip()
    postcode = ""
    if raw_postcode and raw_postcode.casefold() not in WITHHELD:
        if postcode_is_valid(raw_postcode):
            postcode = outcode_of(raw_postcode) if home_based else normalise_postcode(raw_postcode)
        elif home_based and privacy.is_outcode(raw_postcode):
            postcode = normalise_postcode(raw_postcode)
        else:
            notes.append(f"postcode '{raw_postcode[:20]}' is not a UK postcode; no location added")
    address_lines = [] if home_based else [cells.get(f"address_{n}", "").strip() for n in (1, 2, 3)]
    provider = Provider(
        urn=urn,
        name=name,
        provider_type=provider_type,
        provider_subtype=cells.get("provider_subtype", "").strip(),
        status=status,
        registers=cells.get("registers", "").strip(),
        registration_date=parse_date(cells.get("registration_date", ""), "registration date", notes),
        inspection_date=parse_date(cells.get("inspection_date", ""), "inspection date", notes),
        judgement=parse_judgement(cells.get("judgement", ""), notes),
        places=parse_places(cells.get("places", ""), notes),
        home_based=home_based,
        address_lines=[line for line in address_lines if line and line.casefold() not in WITHHELD],
        postcode=postcode,
        notes=notes,
    )
    if provider.registered and provider.judgement and not provider.inspection_date:
        notes.append("a judgement without an inspection date; the judgement is shown without a date")
    return provider, ""


class Importer:
    def __init__(self, local_authority: str, *, source_name: str):
        self.local_authority = local_authority.strip()
        self.source_name = source_name
        self.report = Report()
        self.directory = DirectoryIndexPage.objects.first()
        self.category = TaxonomyTerm.objects.filter(
            taxonomy__vocabulary=Taxonomy.CATEGORIES, code=CHILDCARE_CATEGORY
        ).first()

    def line(self, row_number, urn, name, outcome, reasons=()):
        self.report.lines.append(Line(row_number, urn[:50], name[:255], outcome, "; ".join(reasons)))

    def run(self, rows: list[tuple[int, dict]], progress=None) -> Report:
        ours, others = [], Counter()
        other_rows: dict[str, list[int]] = {}
        wanted = area_key(self.local_authority)
        for row_number, cells in rows:
            authority = cells.get("local_authority", "").strip() or BLANK_LOCAL_AUTHORITY
            if area_key(authority) == wanted:
                ours.append((row_number, cells))
            else:
                others[authority] += 1
                other_rows.setdefault(authority, []).append(row_number)
        if not ours:
            found = ", ".join(name for name, _ in others.most_common(8)) or "none"
            raise ImportFailed(
                f"no rows for the local authority '{self.local_authority}' in {self.source_name}; "
                f"check the name as Ofsted writes it. The file's local authorities include: {found}"
            )
        if progress is not None:
            progress.update(len(rows) - len(ours))  # other areas' rows are read and set aside
        if self.directory is None:
            raise ImportFailed("the site has no directory page to add childcare services to; create it first")
        self.report.other_area_rows = sum(others.values())
        for authority, count in sorted(others.items()):
            numbers = other_rows[authority]
            shown = ", ".join(str(n) for n in numbers[:5]) + (" ..." if len(numbers) > 5 else "")
            self.line(
                None,
                "",
                authority,
                OfstedImportLine.NOT_TAKEN,
                [f"{count} row{'s' if count != 1 else ''} for another local authority, {authority} (rows {shown})"],
            )
        seen: dict[str, int] = {}
        for row_number, cells in ours:
            provider, problem = clean_row(cells)
            name = cells.get("name", "")
            if provider is None:
                self.line(row_number, cells.get("urn", ""), name, OfstedImportLine.NOT_TAKEN, [problem])
            elif provider.urn in seen:
                reason = f"the URN {provider.urn} is also on row {seen[provider.urn]}; that row was used"
                self.line(row_number, provider.urn, name, OfstedImportLine.NOT_TAKEN, [reason])
            else:
                seen[provider.urn] = row_number
                outcome, reasons = self.apply(provider)
                self.line(row_number, provider.urn, provider.name or name, outcome, reasons + provider.notes)
            if progress is not None:
                progress.update(1)
        self.end_missing(set(seen))
        return self.report

    def apply(self, provider: Provider) -> tuple[str, list[str]]:
        registration = OfstedRegistration.objects.select_related("service").filter(urn=provider.urn).first()
        if registration is None:
            if not provider.registered:
                return OfstedImportLine.NOT_TAKEN, [
                    f"registration ended (status '{provider.status}') and not in the directory; nothing to add"
                ]
            self.create(provider)
            return OfstedImportLine.CREATED, ["a draft service for an editor to complete"]
        reasons = []
        fields = provider.registration_fields() | {"local_authority": self.local_authority[:100]}
        changed = [name for name, value in fields.items() if getattr(registration, name) != value]
        for name in changed:
            setattr(registration, name, fields[name])
        outcome = OfstedImportLine.UPDATED if changed else OfstedImportLine.UNCHANGED
        if not provider.registered and not registration.ended:
            registration.ended, registration.ended_on = True, timezone.localdate()
            registration.ended_reason = f"Ofsted status: {provider.status}"[:255]
            outcome = OfstedImportLine.ENDED
            reasons.append(f"Ofsted's status is '{provider.status}'; flagged for editors, the page is unchanged")
        elif provider.registered and registration.ended:
            registration.ended, registration.ended_on, registration.ended_reason = False, None, ""
            outcome = OfstedImportLine.UPDATED
            reasons.append("registered again: the ended flag is cleared")
        if "judgement" in changed or "inspection_date" in changed:
            reasons.append(
                f"inspection now {registration.judgement or 'not yet inspected'}"
                + (f", {registration.inspection_date:%d/%m/%Y}" if registration.inspection_date else "")
            )
        registration.last_seen = timezone.now()
        registration.save()
        if provider.home_based and provider.postcode:
            privacy.place_home_based_service(registration.service, provider.postcode)
        if outcome != OfstedImportLine.UNCHANGED and registration.service.live:
            caching.content_changed()  # the service page shows the judgement
        return outcome, reasons

    def create(self, provider: Provider) -> OfstedRegistration:
        if provider.home_based:
            area = provider.postcode or "an area not given by Ofsted"
            title = provider.name or f"Childminder in {area}"
            organization, _ = Organization.objects.get_or_create(
                name="Childminders registered with Ofsted",
                defaults={"description": "Childminders in the area, from Ofsted's childcare register."},
            )
        else:
            title = provider.name or f"Childcare provider {provider.urn}"
            organization, _ = Organization.objects.get_or_create(
                name=title[:255], defaults={"description": f"Registered with Ofsted (URN {provider.urn})."}
            )
        maximum_age = 8 if "CCR" in provider.registers.upper() or "ALL" == provider.registers.upper() else 5
        page = ServicePage(
            title=title[:255],
            slug=self.unique_slug(f"{title} {provider.urn}"),
            live=False,
            summary=f"{provider.provider_subtype or provider.provider_type} registered with Ofsted."[:300],
            description=DRAFT_DESCRIPTION,
            organization=organization,
            minimum_age=0,
            maximum_age=maximum_age,
            referral_route=ServicePage.SELF,
            is_free=False,
            delivery_methods=["in_person"],
        )
        if self.category is not None:
            page.categories = [self.category]
        self.directory.add_child(instance=page)
        page.save_revision(log_action=True, clean=False)
        registration = OfstedRegistration.objects.create(
            service=page,
            urn=provider.urn,
            local_authority=self.local_authority[:100],
            **provider.registration_fields(),
        )
        if provider.home_based:
            if provider.postcode:
                privacy.place_home_based_service(page, provider.postcode)
        elif provider.postcode and provider.address_lines:
            point = lookup_postcode(provider.postcode)
            location = Location.objects.create(
                name=title[:255],
                address_1=provider.address_lines[0][:255],
                address_2=", ".join(provider.address_lines[1:])[:255],
                postal_code=provider.postcode,
                latitude=point.latitude if point else None,
                longitude=point.longitude if point else None,
            )
            ServiceAtLocation.objects.create(service=page, location=location)
        return registration

    def unique_slug(self, text: str) -> str:
        base = slugify(text)[:200] or "childcare"
        slug, number = base, 2
        while ServicePage.objects.filter(slug=slug).exists():
            slug, number = f"{base}-{number}", number + 1
        return slug

    def end_missing(self, seen: set[str]) -> None:
        """Registrations in this area that the file no longer lists have ended."""
        missing = OfstedRegistration.objects.select_related("service").filter(ended=False).exclude(urn__in=seen)
        for registration in missing:
            if area_key(registration.local_authority) != area_key(self.local_authority):
                continue  # another area's file: not ours to end
            registration.ended, registration.ended_on = True, timezone.localdate()
            registration.ended_reason = f"not in Ofsted's file {self.source_name}"[:255]
            registration.save()
            self.line(
                None,
                registration.urn,
                registration.service.title,
                OfstedImportLine.ENDED,
                [f"no longer in Ofsted's register for {self.local_authority}; flagged for editors, page unchanged"],
            )


def run_import(
    path,
    *,
    local_authority: str,
    dry_run: bool = False,
    user=None,
    file_name: str | None = None,
    progress=None,
) -> OfstedImport:
    """Read and import; returns the saved run. Raises ImportFailed (after recording it on the run) when
    the file or the local authority cannot be used at all."""
    path = Path(path)
    file_name = (file_name or path.name)[:255]
    if not (local_authority or "").strip():
        raise ImportFailed("enter the local authority, as Ofsted writes it (e.g. Camden)")
    run = OfstedImport.objects.create(
        file_name=file_name, local_authority=local_authority.strip()[:100], dry_run=dry_run, started_by=user
    )
    try:
        try:
            register = read_register(path)
        except RegisterFileError as error:
            raise ImportFailed(f"{file_name}: {error}") from error
        importer = Importer(local_authority, source_name=file_name)
        bar = progress(len(register.rows)) if progress else contextlib.nullcontext()
        # A preview's changes are rolled back, so it never moves the public pages' cache on.
        once = contextlib.nullcontext() if dry_run else caching.one_content_change()
        with bar as counter, once, transaction.atomic():
            report = importer.run(register.rows, progress=counter)
            if dry_run:
                transaction.set_rollback(True)
    except ImportFailed as error:
        run.status, run.error, run.finished_at = OfstedImport.FAILED, str(error), timezone.now()
        run.save()
        raise
    OfstedImportLine.objects.bulk_create(OfstedImportLine(run=run, **line.__dict__) for line in report.lines)
    run.rows = len(register.rows)
    run.created = report.count(OfstedImportLine.CREATED)
    run.updated = report.count(OfstedImportLine.UPDATED)
    run.unchanged = report.count(OfstedImportLine.UNCHANGED)
    run.ended = report.count(OfstedImportLine.ENDED)
    run.not_taken = report.other_area_rows + sum(
        1 for line in report.lines if line.outcome == OfstedImportLine.NOT_TAKEN and line.row_number is not None
    )
    run.status, run.finished_at = OfstedImport.FINISHED, timezone.now()
    run.save()
    return run
