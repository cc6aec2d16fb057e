"""What gets indexed: the published services, each turned into one plain dict.

Both backends read the same dict (`service_document`), so Elasticsearch's documents and the
database backend's search table (`search/entries.py`) and vocabulary come from the same text.
"""

from django.utils.html import strip_tags

from places.postcodes import district_of

from .text import FIELDS, index_stems, index_words


def indexable_services():
    from localoffer.models import ServicePage

    return (
        ServicePage.objects.live()
        .public()
        .select_related("organization")
        .prefetch_related("needs", "categories", "service_at_locations__location")
        .order_by("pk")
    )


def description_text(html: str) -> str:
    import html as html_module

    return " ".join(html_module.unescape(strip_tags((html or "").replace("<", " <"))).split())


def service_document(service, *, with_url: bool = True) -> dict:
    """The indexed form of a ServicePage (with needs, categories and locations prefetched).

    `with_url=False` skips the URL lookup (the database backend's table loads the page for its URL)."""
    needs = sorted(service.needs.all(), key=lambda t: t.code)
    categories = sorted(service.categories.all(), key=lambda t: t.code)
    locations = [sal.location for sal in service.service_at_locations.all()]
    points = [
        {"lat": float(location.latitude), "lon": float(location.longitude)}
        for location in locations
        if location.latitude is not None and location.longitude is not None
    ]
    areas = sorted({district_of(location.postal_code) for location in locations} - {""})
    organization = service.organization.name if service.organization_id else ""
    return {
        "page_id": service.pk,
        "uuid": str(service.uuid),
        "title": service.title,
        "title_sort": service.title.lower(),
        "url": (service.get_url() or "") if with_url else "",
        "summary": service.summary,
        "description": description_text(service.description),
        "organization": organization,
        "need_codes": [t.code for t in needs],
        "need_names": [t.name for t in needs],
        "category_codes": [t.code for t in categories],
        "category_names": [t.name for t in categories],
        "eligibility": service.eligibility_description,
        "ages": {"gte": service.minimum_age, "lte": service.maximum_age},
        "is_free": service.is_free,
        "delivery": list(service.delivery_methods or []),
        "areas": areas,
        "locations": points,
        "suggest": {"input": title_suggestions(service.title)},
    }


def service_text(service) -> list[str]:
    """The searchable text of a service without building the whole document (no URL lookup)."""
    return [
        service.title,
        service.summary,
        description_text(service.description),
        service.organization.name if service.organization_id else "",
        *(term.name for term in service.needs.all()),
        *(term.name for term in service.categories.all()),
        service.eligibility_description,
    ]


def searchable_text(document: dict) -> list[str]:
    """The text fields both backends match words against (Elasticsearch's `all_text`)."""
    return [
        document["title"],
        document["summary"],
        document["description"],
        document["organization"],
        *document["need_names"],
        *document["category_names"],
        document.get("eligibility", ""),
    ]


def ranked_text(document: dict) -> dict[str, str]:
    """Each ranked field's text (search.text.FIELDS): the service's name, then its one-line summary,
    the needs and categories it is listed under, its organisation, its description, and who it is
    for (the audience terms feeds tag services with, which must not outweigh the name)."""
    text = {
        "name": document.get("title", ""),
        "summary": document.get("summary", ""),
        "needs": " . ".join([*document.get("need_names", []), *document.get("category_names", [])]),
        "organization": document.get("organization", ""),
        "description": document.get("description", ""),
        "tags": document.get("eligibility", ""),
    }
    assert tuple(text) == FIELDS
    return text


def index_terms(document: dict) -> dict[str, str]:
    """What both backends index: every field's stems, and all the unstemmed words."""
    ranked = ranked_text(document)
    terms = {f"{name}_stems": index_stems(text) for name, text in ranked.items()}
    terms["words"] = " ".join(index_words(text) for text in ranked.values() if text)
    return terms


def title_suggestions(title: str) -> list[str]:
    """Completion inputs: the title from each word of three or more letters onwards."""
    words = title.split()
    inputs = [" ".join(words[i:]) for i, word in enumerate(words) if i == 0 or len(word) >= 3]
    return list(dict.fromkeys(inputs))
