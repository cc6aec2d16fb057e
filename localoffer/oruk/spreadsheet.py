"""The directory as a spreadsheet: the template councils fill in (CSV or XLSX), reading it into
the importer's record shape, and exporting the directory in the same layout.

Councils leaving a closed directory product usually get their data out as a spreadsheet. One row
is one service; lists (needs, categories, languages, delivery methods) are separated by `;`.
Needs and categories are the names or codes of terms this directory has (the template's "Terms"
sheet lists them); an unknown term quarantines the row rather than inventing a term. A row
without an id gets a stable one from its organisation and name, so importing the same sheet twice
updates rather than duplicates. Exporting and importing the export changes nothing.
"""

import csv
import datetime
import io
import uuid
from pathlib import Path

from ..models import MAXIMUM_SERVICE_AGE, Location, Organization, ServicePage, Taxonomy, TaxonomyTerm
from . import versions

# (column, required, what goes in it)
COLUMNS = [
    ("id", False, "Leave empty for a new service. Keep it when you export and re-import, so the service is updated"),
    ("name", True, "The service's name"),
    ("organisation", True, "The organisation that runs it; a new name creates the organisation"),
    (
        "summary",
        False,
        "One sentence for the listing (300 characters at most); empty: the description's first sentence",
    ),
    ("description", True, "What the service does. Plain text, or HTML using only p, h2, h3, b, i, ul, ol, li, a"),
    ("status", False, "active, inactive, defunct or temporarily closed (empty: active)"),
    ("needs", False, "Needs supported, separated by ';': names or codes from the Terms sheet (SEND needs)"),
    ("categories", False, "Types of service, separated by ';': names or codes from the Terms sheet"),
    ("minimum_age", False, f"In whole years, 0 to {MAXIMUM_SERVICE_AGE} (empty: 0)"),
    ("maximum_age", False, f"In whole years, 0 to {MAXIMUM_SERVICE_AGE} (empty: {MAXIMUM_SERVICE_AGE})"),
    ("eligibility", False, "Who can use it"),
    ("referral_route", False, "self, professional or both (empty: both)"),
    ("free", False, "yes or no (empty: yes)"),
    ("fees", False, "About costs"),
    ("delivery_methods", False, "Separated by ';': in_person, online, phone, home_visit (empty: in_person)"),
    ("website", False, "The service's web page; a bare domain gets https://"),
    ("email", False, "One email address"),
    ("phone", False, "One phone number"),
    ("languages", False, "Separated by ';', e.g. English; British Sign Language"),
    ("location_name", False, "Where it happens (one place; more can be added in the admin)"),
    ("address_1", False, "First line of the address"),
    ("address_2", False, "Second line of the address"),
    ("town", False, "Town or city"),
    ("postcode", False, "A UK postcode, e.g. NW1 2DB"),
    ("assured_date", False, "When the entry was last checked, as YYYY-MM-DD (empty: today)"),
]
HEADERS = [name for name, _required, _help in COLUMNS]
REQUIRED = [name for name, required, _help in COLUMNS if required]
NAMESPACE = uuid.UUID("3d3c1f3e-55e5-4c0b-8d7a-5c3f2b1d9e44")
FORMULA_START = ("=", "+", "-", "@", "\t", "\r")
ROUTE_VALUES = {value for value, _label in ServicePage.REFERRAL_ROUTES}
METHOD_VALUES = {value for value, _label in ServicePage.DELIVERY_METHODS}
STATUS_VALUES = {value for value, _label in ServicePage.STATUSES}
YES, NO = {"yes", "y", "true", "1", "free"}, {"no", "n", "false", "0"}


class SpreadsheetError(Exception):
    """The file is not the template: the message says what is wrong with it as a whole."""


def safe_cell(value):
    """A text cell a spreadsheet would run as a formula gets a leading apostrophe (read back off)."""
    if isinstance(value, str) and value.startswith(FORMULA_START):
        return "'" + value
    return value


def unsafe_cell(value: str) -> str:
    if value.startswith("'") and value[1:].startswith(FORMULA_START):
        return value[1:]
    return value


def normalise(row: dict) -> dict:
    """Every template column as text, trimmed, so a CSV, an XLSX and an export compare equal."""
    result = {}
    for name in HEADERS:
        value = row.get(name)
        if value is None:
            text = ""
        elif isinstance(value, float) and value.is_integer():
            text = str(int(value))
        elif isinstance(value, (datetime.date, datetime.datetime)):
            text = value.strftime("%Y-%m-%d")
        else:
            text = str(value)
        result[name] = unsafe_cell(text.strip())
    return result


# Reading ----------------------------------------------------------------------------------------


def read(path: Path) -> list[dict]:
    """The rows of a CSV or XLSX file in the template's layout, as dictionaries by column."""
    if path.suffix.lower() == ".xlsx":
        rows = _xlsx_rows(path)
    else:
        try:
            text = path.read_text(encoding="utf-8-sig")
        except FileNotFoundError as error:
            raise SpreadsheetError("no such file") from error
        except UnicodeDecodeError as error:
            raise SpreadsheetError("not UTF-8 text; save the sheet as 'CSV UTF-8'") from error
        rows = list(csv.reader(io.StringIO(text)))
    if not rows:
        raise SpreadsheetError("the file is empty")
    header = [str(cell or "").strip().lower() for cell in rows[0]]
    missing = [name for name in REQUIRED if name not in header]
    if missing:
        raise SpreadsheetError(f"the first row must name the template's columns; missing: {', '.join(missing)}")
    unknown = [name for name in header if name and name not in HEADERS]
    if unknown:
        raise SpreadsheetError(f"columns not in the template: {', '.join(unknown)}")
    records = []
    for cells in rows[1:]:
        if not any(str(cell or "").strip() for cell in cells):
            continue
        records.append({name: cells[index] if index < len(cells) else "" for index, name in enumerate(header) if name})
    return records


def _xlsx_rows(path: Path) -> list[list]:
    from openpyxl import load_workbook

    try:
        workbook = load_workbook(path, read_only=True, data_only=True)
    except FileNotFoundError as error:
        raise SpreadsheetError("no such file") from error
    except Exception as error:  # openpyxl raises many types for a file that is not a workbook
        raise SpreadsheetError(f"not an XLSX workbook ({error})") from error
    sheet = workbook["Services"] if "Services" in workbook.sheetnames else workbook.worksheets[0]
    rows = [list(row) for row in sheet.iter_rows(values_only=True)]
    workbook.close()
    return rows


def _terms(value: str, vocabulary: str, column: str, problems: list) -> list[dict]:
    found = []
    for part in [part.strip() for part in value.split(";") if part.strip()]:
        term = (
            TaxonomyTerm.objects.filter(taxonomy__vocabulary=vocabulary, code=part).first()
            or TaxonomyTerm.objects.filter(taxonomy__vocabulary=vocabulary, name__iexact=part).first()
        )
        if term is None:
            problems.append((column, f"'{part}' is not a term here; the template's Terms sheet lists them"))
        else:
            found.append({"taxonomy_term_id": str(term.id)})
    return found


def _age(value: str, column: str, problems: list):
    if not value:
        return None
    try:
        return int(value)
    except ValueError:
        problems.append((column, f"'{value}' is not a whole number of years"))
        return None


def to_record(row: dict) -> tuple[dict, list[tuple[str, str]]]:
    """One row as an ORUK 3.0-shaped record (with the directory's own fields in `localoffer`)."""
    row = normalise(row)
    problems: list[tuple[str, str]] = []
    service_id = row["id"] or str(uuid.uuid5(NAMESPACE, f"{row['organisation']}|{row['name']}".lower()))
    if row["id"]:
        try:
            service_id = str(uuid.UUID(row["id"]))
        except ValueError:
            service_id = versions.stable_id("service", row["id"])
    organization = Organization.objects.filter(name=row["organisation"]).first()
    record = {
        "id": service_id,
        "name": row["name"],
        "description": row["description"],
        "status": row["status"] or ServicePage.ACTIVE,
        "url": row["website"],
        "email": row["email"],
        "fees": row["fees"],
        "eligibility_description": row["eligibility"],
        "assured_date": row["assured_date"],
        "organization": {
            "id": str(organization.id if organization else uuid.uuid5(NAMESPACE, row["organisation"].lower())),
            "name": row["organisation"],
        },
    }
    if row["status"] and row["status"] not in STATUS_VALUES:
        problems.append(("status", f"'{row['status']}' is not one of {', '.join(sorted(STATUS_VALUES))}"))
    if not row["organisation"]:
        problems.append(("organisation", "give the organisation that runs the service"))
    for column in ("minimum_age", "maximum_age"):
        age = _age(row[column], column, problems)
        if age is not None:
            record[column] = age
    if row["assured_date"]:
        try:
            datetime.date.fromisoformat(row["assured_date"])
        except ValueError:
            problems.append(("assured_date", f"'{row['assured_date']}' is not a date as YYYY-MM-DD"))
    if row["phone"]:
        record["phones"] = [{"number": row["phone"]}]
    record["languages"] = [{"name": part.strip()} for part in row["languages"].split(";") if part.strip()]
    record["attributes"] = _terms(row["needs"], Taxonomy.NEEDS, "needs", problems) + _terms(
        row["categories"], Taxonomy.CATEGORIES, "categories", problems
    )
    extension = {"referral_route": row["referral_route"] or ServicePage.BOTH}
    if extension["referral_route"] not in ROUTE_VALUES:
        problems.append(("referral_route", f"'{row['referral_route']}' is not self, professional or both"))
    free = row["free"].lower()
    if free and free not in YES | NO:
        problems.append(("free", f"'{row['free']}' is not yes or no"))
    extension["is_free"] = free not in NO
    methods = [part.strip() for part in row["delivery_methods"].split(";") if part.strip()] or ["in_person"]
    wrong = [method for method in methods if method not in METHOD_VALUES]
    if wrong:
        problems.append(("delivery_methods", f"{', '.join(wrong)}: use {', '.join(sorted(METHOD_VALUES))}"))
    extension["delivery_methods"] = methods
    if row["summary"]:
        extension["summary"] = row["summary"]
    record["localoffer"] = extension
    if row["postcode"] or row["address_1"]:
        location = Location.objects.filter(postal_code=row["postcode"], address_1=row["address_1"]).first()
        location_id = str(
            location.id if location else uuid.uuid5(NAMESPACE, f"{row['address_1']}|{row['postcode']}".lower())
        )
        record["service_at_locations"] = [
            {
                "id": str(uuid.uuid5(NAMESPACE, f"{service_id}|{location_id}")),
                "location": {
                    "id": location_id,
                    "name": row["location_name"] or row["address_1"],
                    "addresses": [
                        {
                            "address_1": row["address_1"],
                            "address_2": row["address_2"],
                            "city": row["town"],
                            "postal_code": row["postcode"],
                            "country": "GB",
                        }
                    ],
                },
            }
        ]
    return {key: value for key, value in record.items() if value not in ("", None, [])}, problems


# Writing ----------------------------------------------------------------------------------------


def row_for(page: ServicePage) -> dict:
    """A service as one template row: what `export` writes and what an unchanged import compares."""
    location = page.service_at_locations.select_related("location").order_by("sort_order").first()
    place = location.location if location else None
    return normalise(
        {
            "id": str(page.uuid),
            "name": page.title,
            "organisation": page.organization.name,
            "summary": page.summary,
            "description": page.description,
            "status": page.status,
            "needs": "; ".join(term.name for term in page.needs.order_by("name")),
            "categories": "; ".join(term.name for term in page.categories.order_by("name")),
            "minimum_age": page.minimum_age,
            "maximum_age": page.maximum_age,
            "eligibility": page.eligibility_description,
            "referral_route": page.referral_route,
            "free": "yes" if page.is_free else "no",
            "fees": page.fees_description,
            "delivery_methods": "; ".join(page.delivery_methods or []),
            "website": page.website,
            "email": page.email,
            "phone": page.phone,
            "languages": "; ".join(page.languages or []),
            "location_name": place.name if place else "",
            "address_1": place.address_1 if place else "",
            "address_2": place.address_2 if place else "",
            "town": place.city if place else "",
            "postcode": place.postal_code if place else "",
            "assured_date": page.assured_date,
        }
    )


def exported_rows():
    services = (
        ServicePage.objects.live()
        .select_related("organization")
        .prefetch_related("needs", "categories")
        .order_by("title", "pk")
    )
    for page in services.iterator(chunk_size=200):
        yield row_for(page)


def write_csv(rows, stream) -> None:
    writer = csv.writer(stream)
    writer.writerow(HEADERS)
    for row in rows:
        writer.writerow([safe_cell(row[name]) for name in HEADERS])


def write_xlsx(rows, stream, *, guide: bool = True) -> None:
    """The Services sheet (the rows), and for councils filling it in a Guide and the Terms to use."""
    from openpyxl import Workbook
    from openpyxl.styles import Font

    workbook = Workbook()
    services = workbook.active
    services.title = "Services"
    services.append(HEADERS)
    for cell in services[1]:
        cell.font = Font(bold=True)
    for row in rows:
        services.append([safe_cell(row[name]) for name in HEADERS])
    services.freeze_panes = "A2"
    if guide:
        sheet = workbook.create_sheet("Guide")
        sheet.append(["Column", "Required", "What goes in it"])
        for name, required, help_text in COLUMNS:
            sheet.append([name, "yes" if required else "no", help_text])
        terms = workbook.create_sheet("Terms")
        terms.append(["Column", "Name", "Code", "Description"])
        for vocabulary, column in [(Taxonomy.NEEDS, "needs"), (Taxonomy.CATEGORIES, "categories")]:
            for term in TaxonomyTerm.objects.filter(taxonomy__vocabulary=vocabulary).order_by("name"):
                terms.append([column, term.name, term.code, safe_cell(term.description)])
    workbook.save(stream)
