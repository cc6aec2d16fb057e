"""The whole published directory as ORUK JSON: a list of fully nested services
(the profile's `compiled/service_package.json`), as `oruk_export` writes and `oruk_import` reads."""

from collections.abc import Iterator

from . import queries, serialize

CHUNK_SIZE = 200


def exported_services() -> Iterator[dict]:
    services = queries.with_full_relations(queries.published_services()).order_by("title", "pk")
    for service in services.iterator(chunk_size=CHUNK_SIZE):
        yield serialize.service_full(service, extensions=True)


def count() -> int:
    return queries.published_services().count()
