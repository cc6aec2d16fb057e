"""Which ORUK a feed speaks, and ORUK 1.0 records read into the 3.0 shape the importer maps.

ORUK 1.0 (HSDS-UK 1.0, 2019) is what most councils' directories still publish, notably every
directory on the Open Place platform: `/services` pages of `{"totalElements", "totalPages",
"number", "size", "first", "last", "content": [...]}` and `/services/{id}` records with `url`,
`fees`, `accreditations`, `attending_type`, `attending_access`, `deliverable_type`,
`assured_date`, `eligibilitys` (ages), `regular_schedules`, `holiday_schedules`, `languages`
(`{"language": ...}`), `service_areas`, `service_taxonomys` (`{"taxonomy": {id, name,
vocabulary, parent}}`) and `service_at_locations` whose locations carry `physical_addresses` and
`accessibility_for_disabilities`. ORUK 3.0 renamed most of these (`schedules`, `attributes`,
`addresses`, `accessibility`) and made ids UUIDs.

1.0 ids are often not UUIDs (`"bccsource:Organisation"`, `"1568"`); they become stable `uuid5`s
of the source id, so the same record lands on the same service on every import.
"""

import uuid

ORUK_1 = "1.0"
ORUK_3 = "3.0"
ID_NAMESPACE = uuid.UUID("0f7c1b8e-6f53-4f0e-a1a8-2f5c3c1a9e10")

# 1.0 `attending_type` -> our delivery methods; `attending_access` -> who can refer.
ATTENDING_TYPES = {"venue": "in_person", "phone": "phone", "online": "online", "home visit": "home_visit"}
ATTENDING_ACCESS = {"referral": "professional", "drop-in": "self", "appointment": "both", "membership": "both"}
ONE_ONLY_KEYS = {"service_taxonomys", "eligibilitys", "regular_schedules", "holiday_schedules", "fundings"}


def page_version(payload) -> str | None:
    """From a listing page or the API's `/` details: 3.0 pages have `contents`, 1.0 (Spring) `content`."""
    if not isinstance(payload, dict):
        return None
    version = str(payload.get("version") or "")
    if version.startswith("1"):
        return ORUK_1
    if version.startswith("3"):
        return ORUK_3
    if "contents" in payload:
        return ORUK_3
    if "content" in payload and "totalElements" in payload:
        return ORUK_1
    return None


def record_version(record) -> str:
    """From one service's shape: 1.0-only keys, or a 1.0 organisation's `url`, say 1.0."""
    if not isinstance(record, dict):
        return ORUK_3
    if ONE_ONLY_KEYS & record.keys() or any(key in record for key in ("attending_type", "deliverable_type")):
        return ORUK_1
    organization = record.get("organization")
    if isinstance(organization, dict) and "url" in organization and "website" not in organization:
        return ORUK_1
    locations = [sal.get("location") for sal in record.get("service_at_locations") or [] if isinstance(sal, dict)]
    if any(isinstance(loc, dict) and "physical_addresses" in loc for loc in locations):
        return ORUK_1
    return ORUK_3


def stable_id(kind: str, value) -> str:
    """The value itself when it is a UUID, otherwise a uuid5 of kind and value (never random)."""
    text = str(value or "").strip()
    try:
        return str(uuid.UUID(text))
    except ValueError:
        return str(uuid.uuid5(ID_NAMESPACE, f"{kind}:{text}"))


def _phones(items) -> list[dict]:
    return [{"number": phone["number"]} for phone in items or [] if isinstance(phone, dict) and phone.get("number")]


def _organization(data: dict) -> dict:
    result = {"id": stable_id("organization", data.get("id") or data.get("name")), "name": data.get("name")}
    for source, target in [("description", "description"), ("email", "email"), ("url", "website")]:
        if data.get(source) is not None:
            result[target] = data[source]
    return {key: value for key, value in result.items() if value is not None}


def _location(data: dict) -> dict:
    addresses = []
    for address in data.get("physical_addresses") or []:
        addresses.append(
            {
                key: address[key]
                for key in ("address_1", "address_2", "city", "state_province", "postal_code", "country")
                if address.get(key) is not None
            }
        )
    result = {
        "id": stable_id("location", data.get("id")),
        "location_type": "physical" if addresses else "virtual",
        "addresses": addresses,
        "accessibility": [
            {"description": item["accessibility"]}
            for item in data.get("accessibility_for_disabilities") or []
            if isinstance(item, dict) and item.get("accessibility")
        ],
    }
    for key in ("name", "description", "latitude", "longitude"):
        if data.get(key) is not None:
            result[key] = data[key]
    return result


def _schedule(data: dict) -> dict:
    result = {"id": stable_id("schedule", data.get("id"))}
    for key in ("freq", "byday", "bymonthday", "opens_at", "closes_at", "description", "valid_from", "valid_to"):
        if data.get(key) is not None:
            result[key] = data[key]
    return result


def from_oruk1(record: dict, notes: list[tuple[str, str]]) -> dict:
    """A 1.0 service as a 3.0-shaped record; what we cannot hold is added to `notes` (field, why)."""
    service_id = record.get("id")
    result = {"id": stable_id("service", service_id), "source_id": service_id}
    for key in ("name", "description", "url", "email", "status", "fees", "assured_date"):
        if key in record:
            result[key] = record[key]
    if isinstance(record.get("organization"), dict):
        result["organization"] = _organization(record["organization"])
    elif record.get("organization_id"):
        result["organization_id"] = stable_id("organization", record["organization_id"])

    eligibilities = [item for item in record.get("eligibilitys") or [] if isinstance(item, dict)]
    if eligibilities:
        first = eligibilities[0]
        minimum, maximum = first.get("minimum_age"), first.get("maximum_age")
        if minimum is not None:
            result["minimum_age"] = minimum
        # Open Place writes 0 for "no upper limit"; a maximum of 0 above a real minimum means that.
        if maximum is not None and not (maximum == 0 and (minimum or 0) > 0):
            result["maximum_age"] = maximum
        elif maximum == 0:
            notes.append(("eligibilitys/0/maximum_age", "0 read as no upper age limit"))
        texts = [item["eligibility"] for item in eligibilities if item.get("eligibility")]
        if texts:
            result["eligibility_description"] = "; ".join(texts)
        if len(eligibilities) > 1:
            notes.append(("eligibilitys", f"{len(eligibilities)} age ranges given; the first is kept"))

    schedules = [_schedule(item) for item in record.get("regular_schedules") or [] if isinstance(item, dict)]
    for sal in record.get("service_at_locations") or []:
        for item in (sal or {}).get("regular_schedule") or (sal or {}).get("regular_schedules") or []:
            if isinstance(item, dict):
                schedules.append(_schedule(item))
    if schedules:
        result["schedules"] = schedules
    if record.get("holiday_schedules"):
        notes.append(("holiday_schedules", "holiday opening times are not held here; left out"))

    result["languages"] = [
        {"name": item["language"]}
        for item in record.get("languages") or []
        if isinstance(item, dict) and item.get("language")
    ]
    result["contacts"] = [
        {
            "id": stable_id("contact", contact.get("id")),
            **{key: contact[key] for key in ("name", "title", "email") if contact.get(key) is not None},
            "phones": _phones(contact.get("phones")),
        }
        for contact in record.get("contacts") or []
        if isinstance(contact, dict)
    ]
    result["cost_options"] = [
        {
            "id": stable_id("cost", cost.get("id")),
            **{key: cost[key] for key in ("option", "amount", "amount_description") if cost.get(key) is not None},
        }
        for cost in record.get("cost_options") or []
        if isinstance(cost, dict)
    ]
    result["service_at_locations"] = [
        {
            "id": stable_id("service_at_location", sal.get("id") or (sal.get("location") or {}).get("id")),
            "location": _location(sal["location"]),
        }
        for sal in record.get("service_at_locations") or []
        if isinstance(sal, dict) and isinstance(sal.get("location"), dict)
    ]
    result["attributes"] = []
    for link in record.get("service_taxonomys") or []:
        taxonomy = (link or {}).get("taxonomy") if isinstance(link, dict) else None
        if not isinstance(taxonomy, dict) or not taxonomy.get("name"):
            continue
        vocabulary = taxonomy.get("vocabulary") or "Imported terms"
        result["attributes"].append(
            {
                "taxonomy_term": {
                    "id": stable_id("taxonomy_term", taxonomy.get("id") or taxonomy["name"]),
                    "name": taxonomy["name"],
                    "code": str(taxonomy.get("id") or taxonomy["name"]),
                    "taxonomy": vocabulary,
                    "taxonomy_id": stable_id("taxonomy", vocabulary),
                }
            }
        )

    extension = {}
    attending = str(record.get("attending_type") or "").strip().lower()
    if attending:
        methods = [ATTENDING_TYPES[part.strip()] for part in attending.split(",") if part.strip() in ATTENDING_TYPES]
        if methods:
            extension["delivery_methods"] = methods
        else:
            notes.append(
                ("attending_type", f"'{record['attending_type']}' is not phone, online, venue or home visit; left out")
            )
    access = str(record.get("attending_access") or "").strip().lower()
    if access in ATTENDING_ACCESS:
        extension["referral_route"] = ATTENDING_ACCESS[access]
    if record.get("accreditations"):
        notes.append(("accreditations", "accreditations are not held here; left out"))
    if extension:
        result["localoffer"] = extension
    return {key: value for key, value in result.items() if value not in (None, [], {})}
