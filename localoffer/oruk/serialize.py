"""Directory models to ORUK 3.0 dictionaries.

One rule throughout: a field with no value is left out, never sent as null or "" (except where the
profile requires the key, e.g. an address's `state_province`). Ids are the models' UUIDs; the
records the model stores as plain values (languages, phone numbers, addresses, accessibility notes,
taxonomy links) get stable ids derived with uuid5 from their owner's id, so they never change
between requests.

Fields the UK profile leaves out but HSDS 3.0 defines (`phones`, contact `email`, language `name`,
`eligibility_description`, `application_process`, address `address_2`, term `code`) are included:
the compiled schemas allow them, and without them a round trip would lose data. Local fields with
no ORUK home (summary, delivery methods...) travel only in exports, under `localoffer`.
"""

import datetime
import uuid
from decimal import Decimal

from django.utils import timezone

from ..models import ServicePage, Taxonomy

NAMESPACE = uuid.UUID("6f0e5a38-9d3c-4c52-9e0a-2b7d3f1c8a41")
REFERRAL_PROCESS = dict(ServicePage.REFERRAL_ROUTES)


def derived_id(owner_id, kind: str, value: str = "") -> str:
    return str(uuid.uuid5(NAMESPACE, f"{owner_id}:{kind}:{value}"))


def compact(record: dict) -> dict:
    """Drop keys whose value is None, "" or an empty list."""
    return {key: value for key, value in record.items() if value not in (None, "", [])}


def number(value: Decimal | int | None):
    if value is None:
        return None
    if isinstance(value, Decimal):
        return int(value) if value == value.to_integral_value() else float(value)
    return value


def timestamp(value: datetime.datetime | None) -> str | None:
    if value is None:
        return None
    return value.astimezone(datetime.UTC).isoformat(timespec="seconds").replace("+00:00", "Z")


def phones(owner_id, number_text: str) -> list[dict]:
    if not number_text:
        return []
    return [{"id": derived_id(owner_id, "phone", number_text), "number": number_text}]


def organization(org, *, with_owner: bool = False) -> dict:
    return compact(
        {
            "id": str(org.id),
            "name": org.name,
            "description": org.description or org.name,
            "email": org.email,
            "website": org.website,
            "phones": phones(org.id, org.phone),
        }
    )


def taxonomy(tax, *, terms=None) -> dict:
    record = compact(
        {
            "id": str(tax.id),
            "name": tax.name,
            "description": tax.description or tax.name,
            "uri": tax.uri,
            "version": tax.version,
        }
    )
    if terms:
        record["taxonomy_terms"] = [taxonomy_term(term) for term in terms]
    return record


def taxonomy_term(term) -> dict:
    return compact(
        {
            "id": str(term.id),
            "name": term.name,
            "description": term.description or term.name,
            "parent_id": str(term.parent_id) if term.parent_id else None,
            "taxonomy": term.taxonomy.name,
            "taxonomy_id": str(term.taxonomy_id),
            "term_uri": term.term_uri,
            "term": term.name,
            "code": term.code,
        }
    )


def location(loc) -> dict:
    address = None
    if loc.address_1:
        address = compact(
            {
                "id": derived_id(loc.id, "address"),
                "location_id": str(loc.id),
                "address_1": loc.address_1,
                "address_2": loc.address_2,
                "city": loc.city,
                "state_province": loc.state_province,
                "postal_code": loc.postal_code,
                "country": loc.country,
                "address_type": loc.location_type,
            }
        )
        # The profile requires these keys on every address, so an empty one is sent as "".
        for key in ("city", "state_province", "postal_code", "country"):
            address.setdefault(key, "")
    accessibility = None
    if loc.accessibility_description:
        accessibility = {
            "id": derived_id(loc.id, "accessibility"),
            "location_id": str(loc.id),
            "description": loc.accessibility_description,
        }
    return compact(
        {
            "id": str(loc.id),
            "location_type": loc.location_type,
            "name": loc.name,
            "description": loc.description,
            "latitude": number(loc.latitude),
            "longitude": number(loc.longitude),
            "addresses": [address] if address else [],
            "accessibility": [accessibility] if accessibility else [],
        }
    )


def schedule(row, service_id) -> dict:
    return compact(
        {
            "id": str(row.id),
            "service_id": str(service_id),
            "freq": "WEEKLY",
            "interval": 1,
            "byday": row.byday,
            "opens_at": row.opens_at.isoformat(timespec="seconds") if row.opens_at else None,
            "closes_at": row.closes_at.isoformat(timespec="seconds") if row.closes_at else None,
            "description": row.description,
        }
    )


def cost_option(row, service_id) -> dict:
    return compact(
        {
            "id": str(row.id),
            "service_id": str(service_id),
            "option": row.option,
            "amount": number(row.amount),
            "amount_description": row.amount_description,
        }
    )


def contact(row, service_id) -> dict:
    return compact(
        {
            "id": str(row.id),
            "service_id": str(service_id),
            "name": row.name,
            "title": row.title,
            "email": row.email,
            "phones": phones(row.id, row.phone),
        }
    )


def language(name: str, service_id) -> dict:
    return {"id": derived_id(service_id, "language", name), "service_id": str(service_id), "name": name}


def attribute(term, service_id) -> dict:
    return {
        "id": derived_id(service_id, "attribute", term.id),
        "link_id": str(service_id),
        "taxonomy_term_id": str(term.id),
        "link_type": "need" if term.taxonomy.vocabulary == Taxonomy.NEEDS else "category",
        "taxonomy_term": taxonomy_term(term),
    }


def last_modified(service) -> datetime.datetime | None:
    return service.last_published_at or service.latest_revision_created_at or service.first_published_at


def description_html(service) -> str:
    """Rich text as a reader sees it: internal links expanded to addresses (a query only when there are any)."""
    if "linktype=" in (service.description or ""):
        from wagtail.rich_text import expand_db_html

        return expand_db_html(service.description)
    return service.description


def service_summary(service) -> dict:
    """The one-to-one fields of a service, as in a /services page (`service_list.json`)."""
    return compact(
        {
            "id": str(service.uuid),
            "organization_id": str(service.organization_id),
            "name": service.title,
            "description": description_html(service),
            "url": service.website,
            "email": service.email,
            "status": service.status,
            "fees": service.fees_description,
            "eligibility_description": service.eligibility_description,
            "application_process": REFERRAL_PROCESS.get(service.referral_route),
            "minimum_age": service.minimum_age,
            "maximum_age": service.maximum_age,
            "assured_date": service.assured_date.isoformat() if service.assured_date else None,
            "last_modified": timestamp(last_modified(service)),
            "organization": organization(service.organization),
        }
    )


def service_full(service, *, extensions: bool = False) -> dict:
    """A fully nested service (`compiled/service.json`). Expects the relations prefetched
    (see `queries.published_services(full=True)`)."""
    sid = service.uuid
    record = service_summary(service)
    terms = list(service.needs.all()) + list(service.categories.all())
    record.update(
        compact(
            {
                "phones": phones(sid, service.phone),
                "schedules": [schedule(row, sid) for row in service.schedules.all()],
                "service_at_locations": [
                    service_at_location(sal, service) for sal in service.service_at_locations.all()
                ],
                "languages": [language(name, sid) for name in service.languages or []],
                "cost_options": [cost_option(row, sid) for row in service.cost_options.all()],
                "contacts": [contact(row, sid) for row in service.contacts.all()],
                "attributes": [attribute(term, sid) for term in terms],
            }
        )
    )
    if extensions:
        record["localoffer"] = compact(
            {
                "summary": service.summary,
                "referral_route": service.referral_route,
                "is_free": service.is_free,
                "delivery_methods": list(service.delivery_methods or []),
                "accessibility_description": service.accessibility_description,
                "review_due_on": service.review_due_on.isoformat() if service.review_due_on else None,
            }
        )
    return record


def service_at_location(sal, service, *, nested_service: dict | None = None) -> dict:
    record = {
        "id": str(sal.id),
        "service_id": str(service.uuid),
        "location_id": str(sal.location_id),
        "location": location(sal.location),
    }
    if nested_service is not None:
        record["service"] = nested_service
    return record


def now_iso() -> str:
    return timestamp(timezone.now())
