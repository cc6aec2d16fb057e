"""Read an ORUK 3.0 feed into the directory.

1. `read_source` loads the records: a JSON file (a list of services, one service, or an API page)
   or a web address whose pages it follows, fetching each service's full record.
2. `check` validates every record against the profile's compiled service schema and checks that
   each names an organisation we have or can create. Nothing is written until all pass.
3. `import_services` applies them in one transaction: new services are created under the
   DirectoryIndexPage as drafts (or published), existing ones (matched by id) get a new revision.
   Organisations, locations and taxonomy terms are matched by id (organisations also by name) and
   created when missing; matched ones are not changed. A service edited since its last import
   (its latest revision is not the one the import made) is skipped unless `overwrite`.
"""

import datetime
import hashlib
import json
import re
import urllib.parse
import urllib.request
import uuid
from dataclasses import dataclass, field
from decimal import Decimal, InvalidOperation
from pathlib import Path

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils.html import escape
from django.utils.text import slugify

from places.postcodes import normalise_postcode, postcode_is_valid

from ..models import (
    MAXIMUM_SERVICE_AGE,
    CostOption,
    DirectoryIndexPage,
    Location,
    Organization,
    Schedule,
    ServiceAtLocation,
    ServiceContact,
    ServicePage,
    Taxonomy,
    TaxonomyTerm,
)
from ..models_oruk import ORUKImportRecord
from . import queries, schemas, serialize

USER_AGENT = "LocalOffer-ORUK-import/1.0"
TIMEOUT_SECONDS = 30
MAX_PAGES = 10_000
RICH_TEXT_FEATURES = ["h2", "h3", "bold", "italic", "ol", "ul", "link"]
HTML_TAG = re.compile(r"<\s*/?\s*[a-zA-Z][^>]*>")
ROUTES = {label: value for value, label in ServicePage.REFERRAL_ROUTES}


class ImportFailed(Exception):
    """The feed cannot be imported; the message names the source, record and field."""


@dataclass
class ImportReport:
    created: list[str] = field(default_factory=list)
    updated: list[str] = field(default_factory=list)
    unchanged: list[str] = field(default_factory=list)
    skipped: list[str] = field(default_factory=list)
    organizations_created: list[str] = field(default_factory=list)
    locations_created: list[str] = field(default_factory=list)
    taxonomies_created: list[str] = field(default_factory=list)
    terms_created: list[str] = field(default_factory=list)
    warnings: list[str] = field(default_factory=list)

    def summary(self) -> str:
        return (
            f"{len(self.created)} services created, {len(self.updated)} updated, {len(self.unchanged)} unchanged, "
            f"{len(self.skipped)} skipped (edited here since their last import); "
            f"{len(self.organizations_created)} organisations, {len(self.locations_created)} locations, "
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
    if isinstance(payload, dict) and isinstance(payload.get("contents"), list):
        return payload["contents"]
    if isinstance(payload, dict) and "id" in payload:
        return [payload]
    raise ImportFailed(f"{source}: expected a list of services, one service or a page with 'contents'")


def with_page(url: str, page: int) -> str:
    parts = urllib.parse.urlsplit(url)
    query = [(key, value) for key, value in urllib.parse.parse_qsl(parts.query) if key != "page"]
    query.append(("page", str(page)))
    return urllib.parse.urlunsplit(parts._replace(query=urllib.parse.urlencode(query)))


def read_url(url: str, *, progress=None) -> list[dict]:
    """Follow a /services feed page by page, then fetch each service's full record at /services/{id}."""
    first = fetch_json(url)
    if not (isinstance(first, dict) and "contents" in first):
        return records_in(first, url)
    listed = records_in(first, url)
    total_pages = first.get("total_pages") or 1
    if not isinstance(total_pages, int) or total_pages > MAX_PAGES:
        raise ImportFailed(f"{url}: total_pages must be a whole number up to {MAX_PAGES}")
    for page in range(2, total_pages + 1):
        listed += records_in(fetch_json(with_page(url, page)), url)
    base = urllib.parse.urlsplit(url)._replace(query="", fragment="").geturl().rstrip("/")
    records = []
    for index, item in enumerate(listed):
        if not isinstance(item, dict) or not isinstance(item.get("id"), str):
            raise ImportFailed(f"{url}: record {index} has no id")
        records.append(fetch_json(f"{base}/{urllib.parse.quote(item['id'])}"))
        if progress is not None:
            progress.update(1)
    return records


def read_source(source: str, *, progress=None) -> list[dict]:
    if is_url(source):
        return read_url(source, progress=progress)
    path = Path(source)
    try:
        payload = json.loads(path.read_text(encoding="utf-8"))
    except FileNotFoundError as error:
        raise ImportFailed(f"{source}: no such file") from error
    except (OSError, ValueError) as error:
        raise ImportFailed(f"{source}: not a JSON file ({error})") from error
    return records_in(payload, source)


# 2. Checking ------------------------------------------------------------------------------------


def label(index: int, record) -> str:
    name = record.get("name") if isinstance(record, dict) else None
    ident = record.get("id") if isinstance(record, dict) else None
    return f"service {index + 1}" + (f" ({ident}, '{name}')" if ident else "")


def check(records: list, source: str) -> None:
    """Every problem in every record, before anything is written."""
    problems = []
    seen = set()
    for index, record in enumerate(records):
        errors = schemas.errors("compiled/service", record)
        problems += [f"{source}: {label(index, record)}: {error}" for error in errors]
        if errors:
            continue
        if record["id"] in seen:
            problems.append(f"{source}: {label(index, record)}: the id appears twice")
        seen.add(record["id"])
        organization = record.get("organization")
        if organization is None:
            org_id = record.get("organization_id")
            if not org_id or not Organization.objects.filter(id=org_id).exists():
                problems.append(
                    f"{source}: {label(index, record)}: organization: give the organisation, or the id of one "
                    "this directory has"
                )
    if problems:
        raise ImportFailed("The feed is not valid ORUK 3.0; nothing was imported:\n  " + "\n  ".join(problems))


# 3. Applying ------------------------------------------------------------------------------------


def payload_hash(record: dict) -> str:
    return hashlib.sha256(json.dumps(record, sort_keys=True, ensure_ascii=False).encode("utf-8")).hexdigest()


def comparable(record: dict) -> dict:
    """A record without what changes on every publish, to tell whether an import changes anything."""
    return {key: value for key, value in record.items() if key != "last_modified"}


SAFE_TAGS = {"p", "h2", "h3", "b", "strong", "i", "em", "ol", "ul", "li", "br", "a"}
SAFE_LINK = re.compile(r"^(https?:|mailto:|tel:|/|#)", re.IGNORECASE)


def is_safe_html(text: str) -> bool:
    """Only the rich text editor's own tags, and links with ordinary addresses."""
    from bs4 import BeautifulSoup

    for tag in BeautifulSoup(text, "html.parser").find_all(True):
        if tag.name not in SAFE_TAGS:
            return False
        allowed = {"href"} if tag.name == "a" else set()
        if set(tag.attrs) - allowed:
            return False
        if tag.name == "a" and not SAFE_LINK.match(tag.get("href", "").strip()):
            return False
    return True


def rich_text(text: str) -> str:
    from wagtail.admin.rich_text.converters.editor_html import EditorHTMLConverter

    if not text:
        return ""
    if HTML_TAG.search(text):
        if is_safe_html(text):
            return text  # kept as written, so a round trip changes nothing
        return EditorHTMLConverter(features=RICH_TEXT_FEATURES).to_database_format(text)
    paragraphs = [part.strip() for part in re.split(r"\n\s*\n", text.strip()) if part.strip()]
    return "".join(f"<p>{escape(part).replace(chr(10), '<br/>')}</p>" for part in paragraphs)


def first_sentence(text: str) -> str:
    from django.utils.html import strip_tags

    plain = " ".join(strip_tags(text or "").split())
    sentence = re.split(r"(?<=[.!?])\s", plain, maxsplit=1)[0]
    return sentence if len(sentence) <= 300 else sentence[:297].rstrip() + "..."


def first_phone(items) -> str:
    for item in items or []:
        number = (item.get("number") or "").strip()
        if number:
            return number[:50]
    return ""


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


class Importer:
    def __init__(self, *, source: str, publish: bool, overwrite: bool, report: ImportReport):
        self.source, self.publish, self.overwrite, self.report = source, publish, overwrite, report
        self.directory = DirectoryIndexPage.objects.first()
        if self.directory is None:
            raise ImportFailed("There is no directory page to import services into; create the site first")

    # Related records: matched, or created when missing.

    def organization(self, record: dict) -> Organization:
        data = record.get("organization")
        if data is None:
            return Organization.objects.get(id=record["organization_id"])
        found = (
            Organization.objects.filter(id=data["id"]).first()
            or Organization.objects.filter(name=data["name"][:255]).first()
        )
        if found:
            return found
        created = Organization.objects.create(
            id=data["id"],
            name=data["name"][:255],
            description=data.get("description") or data["name"],
            email=data.get("email", "")[:254],
            website=data.get("website", "")[:200],
            phone=first_phone(data.get("phones")),
        )
        self.report.organizations_created.append(created.name)
        return created

    def location(self, data: dict, where: str) -> Location:
        found = Location.objects.filter(id=data["id"]).first()
        if found:
            return found
        address = (data.get("addresses") or [{}])[0]
        postcode = address.get("postal_code", "")
        if postcode_is_valid(postcode):
            postcode = normalise_postcode(postcode)
        elif data.get("location_type") != Location.VIRTUAL:
            self.report.warnings.append(
                f"{where}: location '{data.get('name', data['id'])}': postcode '{postcode}' is not a UK postcode"
            )
        accessibility = [
            item.get("description") or item.get("accessibility") or "" for item in data.get("accessibility") or []
        ]
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
            country=(address.get("country") or "GB")[:2],
            latitude=self.coordinate(data.get("latitude"), 90),
            longitude=self.coordinate(data.get("longitude"), 180),
            accessibility_description="\n\n".join(part for part in accessibility if part),
        )
        self.report.locations_created.append(created.name)
        return created

    @staticmethod
    def coordinate(value, limit):
        if value is None or not -limit <= value <= limit:
            return None
        return Decimal(str(value)).quantize(Decimal("0.000001"))

    def taxonomy(self, term: dict) -> Taxonomy:
        if term.get("taxonomy_id"):
            found = Taxonomy.objects.filter(id=term["taxonomy_id"]).first()
            if found:
                return found
        name = (term.get("taxonomy") or "Imported terms")[:255]
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
        found = TaxonomyTerm.objects.select_related("taxonomy").filter(id=term_id).first() if term_id else None
        if found or data is None:
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

    def fill(self, page: ServicePage, record: dict, where: str) -> None:
        extension = record.get("localoffer") or {}
        page.title = record["name"][:255]
        page.description = rich_text(record.get("description", "")) or f"<p>{escape(record['name'])}</p>"
        page.summary = (extension.get("summary") or first_sentence(record.get("description", "")) or record["name"])[
            :300
        ]
        page.organization = self.organization(record)
        page.status = record["status"]
        minimum, maximum = record.get("minimum_age"), record.get("maximum_age")
        page.minimum_age = max(0, min(int(minimum), MAXIMUM_SERVICE_AGE)) if minimum is not None else 0
        page.maximum_age = (
            max(page.minimum_age, min(int(maximum), MAXIMUM_SERVICE_AGE))
            if maximum is not None
            else MAXIMUM_SERVICE_AGE
        )
        if maximum is not None and maximum > MAXIMUM_SERVICE_AGE:
            self.report.warnings.append(
                f"{where}: maximum_age {maximum} is recorded as {MAXIMUM_SERVICE_AGE}, the directory's limit"
            )
        page.website = record.get("url", "")[:200]
        page.email = record.get("email", "")[:254]
        page.phone = first_phone(record.get("phones"))
        page.fees_description = record.get("fees", "")
        page.eligibility_description = record.get("eligibility_description", "")
        page.referral_route = extension.get("referral_route") or ROUTES.get(
            record.get("application_process"), page.referral_route or ServicePage.BOTH
        )
        page.languages = [language.get("name") or language.get("code") for language in record.get("languages") or []]
        page.languages = [name for name in page.languages if name]
        costs = self.cost_options(record, where)
        page.is_free = extension.get("is_free", not any(cost.amount > 0 for cost in costs))
        if "delivery_methods" in extension or page.pk is None:
            page.delivery_methods = extension.get("delivery_methods", ["in_person"])
        page.accessibility_description = extension.get(
            "accessibility_description", page.accessibility_description or ""
        )
        page.assured_date = parse_date(record.get("assured_date")) or page.assured_date or datetime.date.today()
        page.review_due_on = parse_date(extension.get("review_due_on"))  # None: a year after assured_date
        page.cost_options = costs
        page.schedules = self.schedules(record, where)
        page.contacts = [
            ServiceContact(
                id=contact["id"],
                name=(contact.get("name") or contact.get("title") or "Contact")[:255],
                title=contact.get("title", "")[:255],
                email=contact.get("email", "")[:254],
                phone=first_phone(contact.get("phones")),
                sort_order=index,
            )
            for index, contact in enumerate(record.get("contacts") or [])
        ]
        page.service_at_locations = [
            ServiceAtLocation(id=sal["id"], location=self.location(sal["location"], where), sort_order=index)
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

    def cost_options(self, record, where) -> list[CostOption]:
        options = []
        for index, cost in enumerate(record.get("cost_options") or []):
            try:
                amount = Decimal(str(cost["amount"])).quantize(Decimal("0.01"))
            except (KeyError, InvalidOperation):
                self.report.warnings.append(f"{where}: cost option {cost['id']} has no amount; left out")
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

    def schedules(self, record, where) -> list[Schedule]:
        rows = []
        days = dict(Schedule.DAYS)
        for schedule in record.get("schedules") or []:
            opens, closes = parse_time(schedule.get("opens_at")), parse_time(schedule.get("closes_at"))
            byday = [day.strip().upper()[-2:] for day in (schedule.get("byday") or "").split(",") if day.strip()]
            byday = [day for day in byday if day in days]
            if not (opens and closes and byday):
                self.report.warnings.append(
                    f"{where}: schedule {schedule['id']} has no weekly day and opening hours; left out"
                )
                continue
            for number, day in enumerate(byday):
                rows.append(
                    Schedule(
                        id=schedule["id"] if number == 0 else serialize.derived_id(schedule["id"], "day", day),
                        byday=day,
                        opens_at=opens,
                        closes_at=closes,
                        description=schedule.get("description", "")[:255],
                        sort_order=len(rows),
                    )
                )
        return rows

    def apply(self, index: int, record: dict) -> None:
        where = f"{self.source}: {label(index, record)}"
        digest = payload_hash(record)
        page = ServicePage.objects.filter(uuid=record["id"]).first()
        if page is None:
            self.create(record, digest, where)
            return
        page = page.specific
        bookkeeping = ORUKImportRecord.objects.filter(service=page).first()
        if bookkeeping and bookkeeping.payload_hash == digest:
            self.report.unchanged.append(page.title)
            return
        current = queries.with_full_relations(ServicePage.objects.filter(pk=page.pk)).get()
        if comparable(serialize.service_full(current, extensions="localoffer" in record)) == comparable(record):
            self.report.unchanged.append(page.title)
            return
        edited_here = bookkeeping is None or bookkeeping.revision_id != page.latest_revision_id
        if edited_here and not self.overwrite:
            self.report.skipped.append(page.title)
            self.report.warnings.append(f"{where}: edited here since its last import; use --overwrite to replace it")
            return
        page = page.get_latest_revision_as_object() if page.has_unpublished_changes else page
        self.fill(page, record, where)  # the slug is kept: the page's address does not move
        revision = page.save_revision(log_action=True)
        if page.live or self.publish:
            revision.publish()
        self.remember(page, digest, revision)
        self.report.updated.append(page.title)

    def create(self, record, digest, where):
        page = ServicePage(uuid=record["id"], live=self.publish)
        self.fill(page, record, where)
        page.slug = self.unique_slug(page.title, page)
        self.directory.add_child(instance=page)
        revision = page.save_revision(log_action=True)
        if self.publish:
            revision.publish()
        self.remember(page, digest, revision)
        self.report.created.append(page.title)

    def remember(self, page, digest, revision):
        ORUKImportRecord.objects.update_or_create(
            service=page, defaults={"source": self.source[:1000], "payload_hash": digest, "revision": revision}
        )


def import_services(
    records: list[dict],
    *,
    source: str,
    publish: bool = False,
    overwrite: bool = False,
    dry_run: bool = False,
    progress=None,
) -> ImportReport:
    """Check, then apply every record in one transaction; with `dry_run`, roll it all back."""
    check(records, source)
    report = ImportReport()
    with transaction.atomic():
        importer = Importer(source=source, publish=publish, overwrite=overwrite, report=report)
        for index, record in enumerate(records):
            try:
                importer.apply(index, record)
            except ValidationError as error:
                raise ImportFailed(f"{source}: {label(index, record)}: {error}; nothing was imported") from error
            if progress is not None:
                progress.update(1)
        if dry_run:
            transaction.set_rollback(True)
    return report
