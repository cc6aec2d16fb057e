"""Read another directory's services into this one, record by record, with a report.

1. `read_source` loads the records and says which format they are in: a JSON file (a list of
   services, one service, or an API page), a web address whose pages it follows (fetching each
   service's full record), or a filled-in spreadsheet template. ORUK 1.0 and 3.0 are both read;
   1.0 records are turned into the 3.0 shape first (`versions.from_oruk1`).
2. `import_services` takes each record on its own, inside its own savepoint, so one bad record
   never blocks the others:
   - safe repairs are made and listed (`cleaning`: trim, drop empty values, strip invisible
     characters, give a bare domain `https://`, correct `http:www.`, a trailing full stop on an email);
   - 3.0 records are checked against the profile's schema, then every record is mapped onto the
     page and checked with the model's own field validators (the same ones the admin's forms use);
   - a record that still fails is quarantined, whole, with each field and reason, and the import
     moves on. An editor can correct it in the admin and import it from there.
   New services are created under the DirectoryIndexPage as drafts (or published); existing ones
   (matched by id) get a new revision. A service edited here since its last import (its latest
   revision is not the one the import made) is skipped unless `overwrite`.
"""

import datetime
import hashlib
import json
import logging
import re
import urllib.parse
import urllib.request
import uuid
from concurrent.futures import ThreadPoolExecutor
from dataclasses import dataclass, field
from decimal import Decimal, InvalidOperation
from pathlib import Path

from django.core.exceptions import ValidationError
from django.db import DatabaseError, transaction
from django.db.models import F
from django.utils import timezone
from django.utils.html import escape
from django.utils.text import slugify
from wagtail.log_actions import log
from wagtail.models import Page, Revision
from wagtail.signals import page_published, published

from places.postcodes import normalise_postcode, postcode_is_valid

from ..models import (
    MAXIMUM_SERVICE_AGE,
    CostOption,
    ImportLine,
    Location,
    Organization,
    ORUKImportRecord,
    Schedule,
    ServiceAtLocation,
    ServiceContact,
    ServicePage,
    Taxonomy,
    TaxonomyTerm,
)
from . import bulk, cleaning, queries, schemas, serialize, site, versions

logger = logging.getLogger(__name__)
USER_AGENT = "LocalOffer-ORUK-import/1.0"
TIMEOUT_SECONDS = 30
MAX_PAGES = 10_000
FETCH_WORKERS = 4  # full records fetched at once from a feed's server: polite, and no longer one by one
ROUTES = {label: value for value, label in ServicePage.REFERRAL_ROUTES}
SPREADSHEET = "spreadsheet"
EDITED_HERE = (
    "edited here since its last import; use --overwrite (or the feed's 'replace edits made here') to replace it"
)

# Where each model field comes from in an ORUK record, so a refusal names the feed's own field.
SERVICE_FIELDS = {
    "title": "name",
    "summary": "localoffer/summary",
    "website": "url",
    "email": "email",
    "phone": "phones",
    "status": "status",
    "minimum_age": "minimum_age",
    "maximum_age": "maximum_age",
    "referral_route": "localoffer/referral_route",
    "assured_date": "assured_date",
}
EMAIL_PATHS = [("email",), ("organization", "email")]
# Empty values are dropped everywhere, but listed only where they stand for something we hold.
LISTED_EMPTY = re.compile(
    r"^(name|description|url|email|fees|organization/(name|description|email|url|website)|contacts/\d+/email"
    r"|eligibilitys/\d+/eligibility|eligibility_description)$"
)
URL_PATHS = [("url",), ("organization", "website"), ("organization", "url")]


class ImportFailed(Exception):
    """The feed cannot be read at all; the message names the source and what went wrong."""


class Refused(Exception):
    """The record cannot be saved as it is: a list of (field, reason)."""

    def __init__(self, problems: list[tuple[str, str]]):
        super().__init__("; ".join(f"{name}: {reason}" for name, reason in problems))
        self.problems = problems


@dataclass
class Line:
    position: int
    record_id: str
    name: str
    outcome: str
    field: str = ""
    detail: str = ""

    def __str__(self):
        where = f"record {self.position}" + (f" ({self.record_id}, '{self.name}')" if self.record_id else "")
        about = f"{self.field}: " if self.field else ""
        return f"{where}: {self.outcome}: {about}{self.detail}".rstrip(": ")


@dataclass
class Quarantined:
    position: int
    record_id: str
    name: str
    version: str
    payload: object
    problems: list[tuple[str, str]]


@dataclass
class ImportReport:
    version: str = ""
    records: int = 0
    lines: list[Line] = field(default_factory=list)
    quarantine: list[Quarantined] = field(default_factory=list)
    seen_ids: set = field(default_factory=set)
    organizations_created: list[str] = field(default_factory=list)
    locations_created: list[str] = field(default_factory=list)
    taxonomies_created: list[str] = field(default_factory=list)
    terms_created: list[str] = field(default_factory=list)
    site_created: bool = False

    def count(self, outcome: str) -> int:
        if outcome == ImportLine.REPAIRED:  # records repaired, not repairs made
            return len({line.position for line in self.lines if line.outcome == outcome})
        return sum(1 for line in self.lines if line.outcome == outcome)

    def counts(self) -> dict[str, int]:
        return {outcome: self.count(outcome) for outcome, _label in ImportLine.OUTCOMES if outcome != ImportLine.NOTE}

    @property
    def warnings(self) -> list[str]:
        shown = {ImportLine.SKIPPED, ImportLine.QUARANTINED, ImportLine.NOTE}
        return [str(line) for line in self.lines if line.outcome in shown]

    def summary(self) -> str:
        count = self.count
        text = (
            f"{count('created')} services created, {count('updated')} updated, {count('unchanged')} unchanged, "
            f"{count('repaired')} repaired, {len(self.quarantine)} quarantined, "
            f"{count('skipped')} skipped (edited here since their last import)"
        )
        if count("unpublished"):
            text += f", {count('unpublished')} unpublished (no longer in the feed)"
        return text + (
            f"; {len(self.organizations_created)} organisations, {len(self.locations_created)} locations, "
            f"{len(self.taxonomies_created)} taxonomies and {len(self.terms_created)} taxonomy terms created"
        )


# 1. Reading -------------------------------------------------------------------------------------


def is_url(source: str) -> bool:
    return urllib.parse.urlsplit(source).scheme in ("http", "https")


def fetch_json(url: str):
    request = urllib.request.Request(url, headers={"Accept": "application/json", "User-Agent": USER_AGENT})
    try:
        with urllib.request.urlopen(request, timeout=TIMEOUT_SECONDS) as response:
            return json.loads(response.read().decode("utf-8"))
    except (OSError, ValueError) as error:
        raise ImportFailed(f"{url}: could not read JSON ({error})") from error


def records_in(payload, source: str) -> list:
    if isinstance(payload, list):
        return payload
    if isinstance(payload, dict):
        for key in ("contents", "content"):  # 3.0 pages, 1.0 (Spring) pages
            if isinstance(payload.get(key), list):
                return payload[key]
        if "id" in payload:
            return [payload]
    raise ImportFailed(f"{source}: expected a list of services, one service or a page with 'contents'")


def with_page(url: str, page: int) -> str:
    parts = urllib.parse.urlsplit(url)
    query = [(key, value) for key, value in urllib.parse.parse_qsl(parts.query) if key != "page"]
    query.append(("page", str(page)))
    return urllib.parse.urlunsplit(parts._replace(query=urllib.parse.urlencode(query)))


def api_version(url: str) -> str | None:
    """The `/` api_details of the API the /services address belongs to, when it answers."""
    parts = urllib.parse.urlsplit(url)
    path = parts.path.rstrip("/")
    if not path.endswith("/services"):
        return None
    root = urllib.parse.urlunsplit(parts._replace(path=path[: -len("services")], query="", fragment=""))
    try:
        return versions.page_version(fetch_json(root))
    except ImportFailed:
        return None


@dataclass
class Source:
    """What was read: the records, their format, and the ids listed (for spotting removed services)."""

    records: list
    version: str | None = None
    listed_ids: list = field(default_factory=list)
    unreadable: list[tuple[dict, str]] = field(default_factory=list)  # (listing item, why)


def read_url(url: str, *, progress=None) -> Source:
    """Follow a /services feed page by page, then fetch each service's full record at /services/{id}."""
    first = fetch_json(url)
    version = api_version(url) or versions.page_version(first)
    if not (isinstance(first, dict) and ("contents" in first or "content" in first)):
        return Source(records_in(first, url), version)
    listed = records_in(first, url)
    total_pages = first.get("total_pages", first.get("totalPages")) or 1
    if not isinstance(total_pages, int) or total_pages > MAX_PAGES:
        raise ImportFailed(f"{url}: total_pages must be a whole number up to {MAX_PAGES}")
    for page in range(2, total_pages + 1):
        listed += records_in(fetch_json(with_page(url, page)), url)
    base = urllib.parse.urlsplit(url)._replace(query="", fragment="").geturl().rstrip("/")
    source = Source([], version)
    for index, item in enumerate(listed):
        if not isinstance(item, dict) or item.get("id") in (None, ""):
            raise ImportFailed(f"{url}: record {index + 1} on the listing has no id")
        source.listed_ids.append(str(item["id"]))

    def fetch(item):
        try:
            return item, fetch_json(f"{base}/{urllib.parse.quote(str(item['id']))}"), None
        except ImportFailed as error:
            return item, None, str(error)

    # A few records at a time: each is a round trip to the other directory's server, which is
    # mostly waiting. `map` keeps the feed's order, so the report numbers records as listed.
    with ThreadPoolExecutor(max_workers=FETCH_WORKERS) as pool:
        for item, record, error in pool.map(fetch, listed):
            if error is None:
                source.records.append(record)
            else:
                source.unreadable.append((item, error))
            if progress is not None:
                progress.update(1)
    return source


def read_source(source: str, *, progress=None) -> Source:
    if is_url(source):
        return read_url(source, progress=progress)
    path = Path(source)
    if path.suffix.lower() in (".csv", ".xlsx"):
        from . import spreadsheet

        try:
            return Source(spreadsheet.read(path), SPREADSHEET)
        except spreadsheet.SpreadsheetError as error:
            raise ImportFailed(f"{source}: {error}") from error
    try:
        payload = json.loads(path.read_text(encoding="utf-8-sig"))
    except FileNotFoundError as error:
        raise ImportFailed(f"{source}: no such file") from error
    except (OSError, ValueError) as error:
        raise ImportFailed(f"{source}: not a JSON file ({error})") from error
    return Source(records_in(payload, source), versions.page_version(payload))


# 2. Repairing and checking ----------------------------------------------------------------------


def payload_hash(record) -> str:
    return hashlib.sha256(json.dumps(record, sort_keys=True, ensure_ascii=False).encode("utf-8")).hexdigest()


def comparable(record: dict) -> dict:
    """A record without what changes on every publish, to tell whether an import changes anything."""
    return {key: value for key, value in record.items() if key != "last_modified"}


def _repair_at(record: dict, path: tuple, repair, repairs: list) -> None:
    holder = record
    for key in path[:-1]:
        holder = holder.get(key) if isinstance(holder, dict) else None
    if not isinstance(holder, dict) or not isinstance(holder.get(path[-1]), str):
        return
    fixed, notes = repair(holder[path[-1]])
    holder[path[-1]] = fixed
    repairs += [("/".join(path), note) for note in notes]


def repair(record: dict, repairs: list[tuple[str, str]]) -> dict:
    """The record's web addresses and emails, wherever the 1.0 and 3.0 shapes put them."""
    for path in EMAIL_PATHS:
        _repair_at(record, path, cleaning.repair_email, repairs)
    for path in URL_PATHS:
        _repair_at(record, path, cleaning.repair_url, repairs)
    for index, contact in enumerate(record.get("contacts") or []):
        if isinstance(contact, dict) and isinstance(contact.get("email"), str):
            fixed, notes = cleaning.repair_email(contact["email"])
            contact["email"] = fixed
            repairs += [(f"contacts/{index}/email", note) for note in notes]
    return record


def validate_fields(model, values: dict[str, object], prefix: str = "") -> list[tuple[str, str]]:
    """The model's own field validators (blank, length, URL, email, ranges): what the admin applies."""
    problems = []
    for name, value in values.items():
        try:
            model._meta.get_field(name).clean(value, None)
        except ValidationError as error:
            problems.append((f"{prefix}{name}", " ".join(error.messages)))
    return problems


def parse_date(value) -> datetime.date | None:
    if not value:
        return None
    try:
        return datetime.date.fromisoformat(str(value)[:10])
    except ValueError:
        return None


def parse_time(value) -> datetime.time | None:
    if not value:
        return None
    try:
        return datetime.time.fromisoformat(str(value))
    except ValueError:
        return None


def first_phone(items) -> str:
    for item in items or []:
        number = (item.get("number") or "").strip() if isinstance(item, dict) else ""
        if number:
            return number
    return ""


def whole_number(value, name: str):
    if value is None:
        return None
    try:
        number = Decimal(str(value))
    except InvalidOperation as error:
        raise Refused([(name, f"'{value}' is not a number of years")]) from error
    if not number.is_finite() or number != number.to_integral_value():
        raise Refused([(name, f"{value} is not a whole number of years")])
    return int(number)


# 3. Applying ------------------------------------------------------------------------------------


class Importer:
    def __init__(self, *, source: str, publish: bool, overwrite: bool, report: ImportReport, feed=None):
        self.source, self.publish, self.overwrite, self.report, self.feed = source, publish, overwrite, report, feed
        self.directory, report.site_created = site.ensure_directory()
        # Feeds repeat the same organisations, places and terms on record after record.
        self.known: dict[tuple, object] = {}

    # Related records: matched, or created when missing.

    def organization(self, record: dict) -> Organization:
        data = record.get("organization")
        if data is None:
            return Organization.objects.get(id=record["organization_id"])
        found = (
            self.known.get(("organization", data["id"]))
            or Organization.objects.filter(id=data["id"]).first()
            or Organization.objects.filter(name=data.get("name", "")).first()
        )
        if found:
            self.known[("organization", data["id"])] = found
            return found
        values = {
            "name": data.get("name", ""),
            "description": cleaning.plain_text(data.get("description") or "") or data.get("name", ""),
            "email": data.get("email", ""),
            "website": data.get("website", ""),
            "phone": first_phone(data.get("phones")),
        }
        problems = validate_fields(Organization, values, prefix="organization/")
        if problems:
            raise Refused(problems)
        created = Organization.objects.create(id=data["id"], **values)
        self.report.organizations_created.append(created.name)
        return created

    def location(self, data: dict, where: str, notes: list) -> Location:
        found = self.known.get(("location", data["id"])) or Location.objects.filter(id=data["id"]).first()
        if found:
            self.known[("location", data["id"])] = found
            return found
        address = (data.get("addresses") or [{}])[0]
        postcode = address.get("postal_code", "")
        if postcode_is_valid(postcode):
            postcode = normalise_postcode(postcode)
        elif data.get("location_type") != Location.VIRTUAL:
            notes.append(
                (f"{where}/postal_code", f"'{postcode}' is not a UK postcode; the place cannot be found by distance")
            )
        accessibility = [
            item.get("description") or item.get("accessibility") or "" for item in data.get("accessibility") or []
        ]
        country = str(address.get("country") or "GB")
        created = Location.objects.create(
            id=data["id"],
            location_type=data.get("location_type", Location.PHYSICAL),
            name=(data.get("name") or address.get("address_1") or "Unnamed location")[:255],
            description=data.get("description", ""),
            address_1=address.get("address_1", "")[:255],
            address_2=address.get("address_2", "")[:255],
            city=address.get("city", "")[:100],
            state_province=address.get("state_province", "")[:100],
            postal_code=postcode[:10],
            country=country[:2].upper() if len(country) == 2 else "GB",
            latitude=self.coordinate(data.get("latitude"), 90),
            longitude=self.coordinate(data.get("longitude"), 180),
            accessibility_description="\n\n".join(part for part in accessibility if part),
        )
        self.report.locations_created.append(created.name)
        return created

    @staticmethod
    def coordinate(value, limit):
        if not isinstance(value, (int, float)) or not -limit <= value <= limit:
            return None
        return Decimal(str(value)).quantize(Decimal("0.000001"))

    def taxonomy(self, term: dict) -> Taxonomy:
        if term.get("taxonomy_id"):
            found = Taxonomy.objects.filter(id=term["taxonomy_id"]).first()
            if found:
                return found
        name = str(term.get("taxonomy") or "Imported terms")[:255]
        vocabulary = slugify(name)[:50] or "imported-terms"
        found = Taxonomy.objects.filter(vocabulary=vocabulary).first() or Taxonomy.objects.filter(name=name).first()
        if found:
            return found
        created = Taxonomy.objects.create(
            id=term.get("taxonomy_id") or uuid.uuid4(), vocabulary=vocabulary, name=name, description=name
        )
        self.report.taxonomies_created.append(created.name)
        return created

    def term(self, attribute: dict) -> TaxonomyTerm | None:
        data = attribute.get("taxonomy_term")
        term_id = (data or {}).get("id") or attribute.get("taxonomy_term_id")
        found = self.known.get(("term", term_id)) if term_id else None
        if found is None and term_id:
            found = TaxonomyTerm.objects.select_related("taxonomy").filter(id=term_id).first()
        if found or data is None:
            if found:
                self.known[("term", term_id)] = found
            return found
        taxonomy = self.taxonomy(data)
        code = slugify(data.get("code") or data.get("term") or data["name"])[:100] or "term"
        found = TaxonomyTerm.objects.select_related("taxonomy").filter(taxonomy=taxonomy, code=code).first()
        if found:
            return found
        created = TaxonomyTerm.objects.create(
            id=data["id"],
            taxonomy=taxonomy,
            code=code,
            name=data["name"][:255],
            description=data.get("description") or data["name"],
            parent=TaxonomyTerm.objects.filter(id=data["parent_id"]).first() if data.get("parent_id") else None,
            term_uri=data.get("term_uri", "")[:200],
        )
        self.report.terms_created.append(f"{taxonomy.name}: {created.name}")
        return created

    # The service itself.

    def unique_slug(self, title: str, page: ServicePage) -> str:
        base = slugify(title)[:240] or "service"
        slug, number = base, 1
        siblings = self.directory.get_children().exclude(pk=page.pk) if page.pk else self.directory.get_children()
        while siblings.filter(slug=slug).exists():
            number += 1
            slug = f"{base}-{number}"
        return slug

    def fill(self, page: ServicePage, record: dict, notes: list) -> None:
        """Map the record onto the page; what we cannot hold goes into `notes`, what is wrong raises."""
        extension = record.get("localoffer") or {}
        name = record.get("name", "")
        description = record.get("description", "")
        page.title = name
        page.description = cleaning.rich_text(description) or (f"<p>{escape(name)}</p>" if name else "")
        page.summary = extension.get("summary") or cleaning.first_sentence(description) or name
        page.status = record.get("status") or ServicePage.ACTIVE
        minimum = whole_number(record.get("minimum_age"), "minimum_age")
        maximum = whole_number(record.get("maximum_age"), "maximum_age")
        page.minimum_age = minimum if minimum is not None else 0
        if maximum is not None and maximum > MAXIMUM_SERVICE_AGE and page.minimum_age <= MAXIMUM_SERVICE_AGE:
            notes.append(("maximum_age", f"{maximum} is recorded as {MAXIMUM_SERVICE_AGE}, the directory's limit"))
            maximum = MAXIMUM_SERVICE_AGE
        page.maximum_age = maximum if maximum is not None else MAXIMUM_SERVICE_AGE
        page.website = record.get("url", "")
        page.email = record.get("email", "")
        page.phone = first_phone(record.get("phones"))
        page.fees_description = record.get("fees", "")
        page.eligibility_description = record.get("eligibility_description", "")
        page.referral_route = extension.get("referral_route") or ROUTES.get(
            record.get("application_process"), page.referral_route or ServicePage.BOTH
        )
        page.languages = [language.get("name") or language.get("code") for language in record.get("languages") or []]
        page.languages = [name for name in page.languages if name]
        costs = self.cost_options(record, notes)
        page.is_free = extension.get("is_free", not any(cost.amount > 0 for cost in costs))
        if "delivery_methods" in extension or page.pk is None:
            page.delivery_methods = extension.get("delivery_methods", ["in_person"])
        page.accessibility_description = extension.get(
            "accessibility_description", page.accessibility_description or ""
        )
        if record.get("assured_date") and not parse_date(record.get("assured_date")):
            notes.append(("assured_date", f"'{record['assured_date']}' is not a date; today's date is used"))
        page.assured_date = parse_date(record.get("assured_date")) or page.assured_date or datetime.date.today()
        page.review_due_on = parse_date(extension.get("review_due_on"))  # None: a year after assured_date
        page.cost_options = costs
        page.schedules = self.schedules(record, notes)
        page.contacts = [
            ServiceContact(
                id=contact["id"],
                name=(contact.get("name") or contact.get("title") or "Contact")[:255],
                title=contact.get("title", "")[:255],
                email=contact.get("email", ""),
                phone=first_phone(contact.get("phones"))[:50],
                sort_order=index,
            )
            for index, contact in enumerate(record.get("contacts") or [])
        ]
        self.validate(page)
        page.organization = self.organization(record)
        page.service_at_locations = [
            ServiceAtLocation(
                id=sal["id"],
                location=self.location(sal["location"], f"service_at_locations/{index}", notes),
                sort_order=index,
            )
            for index, sal in enumerate(record.get("service_at_locations") or [])
            if sal.get("location")
        ]
        needs, categories = [], []
        for attribute in record.get("attributes") or []:
            term = self.term(attribute)
            if term is not None:
                (needs if term.taxonomy.vocabulary == Taxonomy.NEEDS else categories).append(term)
        page.needs = needs
        page.categories = categories

    def validate(self, page: ServicePage) -> None:
        """The same checks the admin's service form makes, before anything about the record is saved."""
        problems = validate_fields(ServicePage, {name: getattr(page, name) for name in SERVICE_FIELDS})
        problems = [(SERVICE_FIELDS.get(name, name), reason) for name, reason in problems]
        if not problems:
            try:
                page.clean()
            except ValidationError as error:
                problems += [
                    (SERVICE_FIELDS.get(name, name), " ".join(messages))
                    for name, messages in error.message_dict.items()
                ]
        for index, contact in enumerate(page.contacts.all()):
            problems += validate_fields(
                ServiceContact,
                {"name": contact.name, "email": contact.email, "phone": contact.phone},
                f"contacts/{index}/",
            )
        if problems:
            raise Refused(problems)

    def cost_options(self, record, notes) -> list[CostOption]:
        options = []
        for index, cost in enumerate(record.get("cost_options") or []):
            try:
                amount = Decimal(str(cost["amount"])).quantize(Decimal("0.01"))
            except (KeyError, InvalidOperation):
                notes.append((f"cost_options/{index}", "no amount in pounds; left out (the fees text is kept)"))
                continue
            if amount < 0:
                notes.append((f"cost_options/{index}/amount", f"{amount} is below £0; left out"))
                continue
            options.append(
                CostOption(
                    id=cost["id"],
                    option=(cost.get("option") or "Cost")[:255],
                    amount=amount,
                    amount_description=cost.get("amount_description", "")[:100],
                    sort_order=index,
                )
            )
        return options

    def schedules(self, record, notes) -> list[Schedule]:
        rows = []
        days = dict(Schedule.DAYS)
        for index, schedule in enumerate(record.get("schedules") or []):
            opens, closes = parse_time(schedule.get("opens_at")), parse_time(schedule.get("closes_at"))
            byday = [day.strip().upper()[-2:] for day in str(schedule.get("byday") or "").split(",") if day.strip()]
            byday = [day for day in byday if day in days]
            if not (opens and closes and byday) or opens >= closes:
                notes.append(
                    (f"schedules/{index}", "only weekly days with opening and closing times are held here; left out")
                )
                continue
            for number, day in enumerate(byday):
                rows.append(
                    Schedule(
                        id=schedule["id"] if number == 0 else serialize.derived_id(schedule["id"], "day", day),
                        byday=day,
                        opens_at=opens,
                        closes_at=closes,
                        description=str(schedule.get("description", ""))[:255],
                        sort_order=len(rows),
                    )
                )
        return rows

    def apply(self, record: dict, notes: list, *, raw_hash: str, is_current) -> str:
        """Create, update or leave one service; returns the outcome."""
        page = ServicePage.objects.filter(uuid=record["id"]).first()
        if page is None:
            page = ServicePage(uuid=record["id"], live=self.publish)
            self.fill(page, record, notes)
            page.slug = self.unique_slug(page.title, page)
            revision = self.create(page)
            self.remember(page, raw_hash, revision, record)
            return ImportLine.CREATED
        page = page.specific
        bookkeeping = ORUKImportRecord.objects.filter(service=page).first()
        if bookkeeping and bookkeeping.payload_hash == raw_hash:
            if self.returned_to_feed(page, bookkeeping):
                page.latest_revision.publish()
                notes.append(("", "published again: it is back in the feed"))
                return ImportLine.UPDATED
            return ImportLine.UNCHANGED
        if is_current(page):
            return ImportLine.UNCHANGED
        edited_here = bookkeeping is None or bookkeeping.revision_id != page.latest_revision_id
        if edited_here and not self.overwrite:
            return ImportLine.SKIPPED
        page = page.get_latest_revision_as_object() if page.has_unpublished_changes else page
        self.fill(page, record, notes)  # the slug is kept: the page's address does not move
        revision = page.save_revision(log_action=True, clean=False)  # validated above, by the same validators
        if page.live or self.publish:
            revision.publish()
        self.remember(page, raw_hash, revision, record)
        return ImportLine.UPDATED

    def create(self, page: ServicePage) -> Revision:
        """Save a new service under the directory with its first revision, live if publishing, in
        one pass: what `add_child()`, `save_revision()` and `publish()` would leave behind (the same
        page, revision, history entries and signals), without validating the page again (`fill` ran
        the model's validators and `unique_slug` made the slug unique) and without publishing
        rebuilding the page from the revision just made and saving it a third time."""
        parent = self.directory
        # The next place among the directory's children, as treebeard's add_child works it out.
        last = (
            Page.objects.filter(path__startswith=parent.path, depth=parent.depth + 1)
            .order_by("-path")
            .values_list("path", flat=True)
            .first()
        )
        page.depth = parent.depth + 1
        page.path = Page(path=last)._inc_path() if last else Page._get_path(parent.path, page.depth, 1)
        page._cached_parent_obj = parent  # for its url_path, without fetching the directory again
        page._is_site_root = False  # a new page is no site's root
        page.locale_id = parent.locale_id
        page.draft_title = page.title
        page.live = self.publish
        page.has_unpublished_changes = not self.publish
        if self.publish:
            page.first_published_at = page.last_published_at = timezone.now()
        page.save(clean=False)  # logs "wagtail.create", as add_child does
        Page.objects.filter(pk=parent.pk).update(numchild=F("numchild") + 1)
        parent.numchild += 1  # so get_children() (the next slug check) no longer takes it for a leaf
        revision = Revision.objects.create(
            content_object=page,
            base_content_type=page.get_base_content_type(),
            content=page.serializable_data(),
            object_str=str(page),
        )
        page.latest_revision, page.latest_revision_created_at = revision, revision.created_at
        page.live_revision = revision if self.publish else None
        Page.objects.filter(pk=page.pk).update(
            latest_revision=revision, latest_revision_created_at=revision.created_at, live_revision=page.live_revision
        )
        log(instance=page, action="wagtail.edit", revision=revision, content_changed=True)
        if self.publish:
            log(instance=page, action="wagtail.publish", revision=revision, content_changed=True)
            page_published.send(sender=ServicePage, instance=page, revision=revision)
            published.send(sender=ServicePage, instance=page, revision=revision)
        return revision

    def model_problems(self, record: dict, known: list[tuple[str, str]]) -> list[tuple[str, str]]:
        """What the model's validators would also say about a record already refused for another
        reason, so the editor sees every problem at once. Nothing is kept."""
        named = {where for where, _reason in known}
        try:
            with transaction.atomic():
                self.fill(ServicePage(uuid=uuid.uuid4()), record, [])
                raise Refused([])  # always roll back what filling created
        except Refused as refused:
            return [(where, reason) for where, reason in refused.problems if where not in named]
        except Exception:  # a record this broken has already been refused for it
            return []

    def returned_to_feed(self, page, bookkeeping) -> bool:
        """Unpublished by a sync when it left this feed, untouched since, and listed again."""
        return bool(
            self.feed is not None
            and self.publish
            and not page.live
            and bookkeeping.feed_id == self.feed.pk
            and bookkeeping.revision_id == page.latest_revision_id
        )

    def remember(self, page, digest, revision, record):
        ORUKImportRecord.objects.update_or_create(
            service=page,
            defaults={
                "source": self.source[:1000],
                "payload_hash": digest,
                "revision": revision,
                "feed": self.feed,
                "source_id": str(record.get("source_id") or "")[:255],
            },
        )


def oruk3_is_current(record: dict):
    def is_current(page) -> bool:
        current = queries.with_full_relations(ServicePage.objects.filter(pk=page.pk)).get()
        return comparable(serialize.service_full(current, extensions="localoffer" in record)) == comparable(record)

    return is_current


def current_check(record: dict, version: str):
    """How to tell that a service already says what the record says (so nothing is written)."""
    if version == SPREADSHEET:
        from . import spreadsheet

        row = record.pop("_row")
        return lambda page: spreadsheet.row_for(page) == row
    if version == versions.ORUK_3:
        return oruk3_is_current(record)
    return lambda page: False


def label_of(record) -> tuple[str, str]:
    if not isinstance(record, dict):
        return "", ""
    return str(record.get("id") or "")[:255], str(record.get("name") or "")[:500]


def prepare(raw, version: str | None, repairs: list, notes: list) -> tuple[dict | None, str, list]:
    """Repair one record and bring it to the 3.0 shape; returns (record, version, problems)."""
    if not isinstance(raw, dict):
        return None, version or versions.ORUK_3, [("(record)", "not a JSON object")]
    record = cleaning.tidy(raw, "", repairs)
    if version == SPREADSHEET:  # an empty cell is how a sheet says "none", not a defect to list
        from . import spreadsheet

        repairs[:] = [(where, why) for where, why in repairs if why != "empty value dropped"]
        row = spreadsheet.normalise(record)
        record, problems = spreadsheet.to_record(row)
        record = repair(record, repairs)
        record["_row"] = row
        return record, version, problems
    repairs[:] = [(where, why) for where, why in repairs if why != "empty value dropped" or LISTED_EMPTY.match(where)]
    version = version or versions.record_version(record)
    record = repair(record, repairs)
    problems = []
    if version == versions.ORUK_1:
        record = versions.from_oruk1(record, notes)
    else:
        problems += [tuple(error.split(": ", 1)) for error in schemas.errors("compiled/service", record)]
    if not problems and "organization" not in record:
        org_id = record.get("organization_id")
        if not org_id or not Organization.objects.filter(id=org_id).exists():
            problems.append(("organization", "no organisation given, and no organisation here has the id given"))
    return record, version, problems


def import_services(
    records: list,
    *,
    source: str,
    version: str | None = None,
    publish: bool = False,
    overwrite: bool = False,
    dry_run: bool = False,
    progress=None,
    feed=None,
    is_current=None,
) -> ImportReport:
    """Each record in its own savepoint: saved, left alone, or quarantined with its reasons.

    With `dry_run` everything runs the same way and is rolled back at the end, so a preview's report
    is exactly what the import would do.
    """
    report = ImportReport(version=version or "", records=len(records))
    first_seen: dict[str, tuple[int, str, str]] = {}
    # The search rows and reference index are brought up to date once, for every page, at the end.
    with transaction.atomic(), bulk.deferred_bookkeeping():
        importer = Importer(source=source, publish=publish, overwrite=overwrite, report=report, feed=feed)
        for index, raw in enumerate(records):
            position = index + 1
            record_id, name = label_of(raw)
            repairs, notes = [], []
            record, record_version, problems = prepare(raw, version, repairs, notes)
            report.version = report.version or record_version
            if record is not None and record.get("id"):
                name = str(record.get("name") or name)[:500]
                report.seen_ids.add(str(record["id"]))
                digest = payload_hash(record)
                earlier = first_seen.setdefault(str(record["id"]), (position, name, digest))
                if earlier[0] != position and not problems:
                    if earlier[2] == digest:
                        report.lines.append(
                            Line(
                                position,
                                record_id,
                                name,
                                ImportLine.NOTE,
                                "id",
                                f"the same record as record {earlier[0]}; imported once",
                            )
                        )
                        if progress is not None:
                            progress.update(1)
                        continue
                    problems.append(("id", f"also the id of record {earlier[0]} ('{earlier[1]}'), a different service"))
            if problems and isinstance(record, dict):
                problems += importer.model_problems(record, problems)
            if not problems:
                checker = is_current or current_check(record, record_version)
                try:
                    with transaction.atomic():
                        outcome = importer.apply(record, notes, raw_hash=payload_hash(raw), is_current=checker)
                except Refused as refused:
                    problems = refused.problems
                except ValidationError as error:
                    problems = [
                        (SERVICE_FIELDS.get(key, key), " ".join(messages))
                        for key, messages in getattr(error, "message_dict", {"(record)": error.messages}).items()
                    ]
                except DatabaseError as error:
                    problems = [("(record)", f"could not be saved: {error}".strip())]
                except Exception as error:  # one odd record must not stop the others
                    logger.exception("Import of record %s from %s failed", position, source)
                    problems = [("(record)", f"could not be read ({type(error).__name__}: {error})")]
            if problems:
                report.quarantine.append(Quarantined(position, record_id, name, record_version, raw, problems))
                report.lines += [
                    Line(position, record_id, name, ImportLine.QUARANTINED, where, reason) for where, reason in problems
                ]
            else:
                report.lines.append(Line(position, record_id, name, outcome))
                if outcome in (ImportLine.CREATED, ImportLine.UPDATED):
                    report.lines += [Line(position, record_id, name, ImportLine.REPAIRED, w, r) for w, r in repairs]
                    report.lines += [Line(position, record_id, name, ImportLine.NOTE, w, r) for w, r in notes]
                elif outcome == ImportLine.SKIPPED:
                    report.lines[-1].detail = EDITED_HERE
            if progress is not None:
                progress.update(1)
        if dry_run:
            transaction.set_rollback(True)
    return report
