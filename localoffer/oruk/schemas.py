"""The ORUK UK profile's JSON schemas, loaded from `data/oruk-uk-profile/schema/`.

The compiled schemas are self-contained; `taxonomy.json` refers to `taxonomy_term.json`, so every
schema is registered under the address the profile publishes it at and references resolve locally.
"""

import functools
import json
from pathlib import Path

from django.conf import settings
from jsonschema import Draft202012Validator, FormatChecker
from referencing import Registry, Resource
from referencing.jsonschema import DRAFT202012

SCHEMA_DIR = Path(settings.BASE_DIR) / "data" / "oruk-uk-profile" / "schema"
PUBLISHED_BASE = "https://raw.githubusercontent.com/openreferral/uk-profile/main/schema/"


@functools.cache
def registry() -> Registry:
    resources = []
    for path in sorted(SCHEMA_DIR.glob("*.json")) + sorted((SCHEMA_DIR / "compiled").glob("*.json")):
        relative = path.relative_to(SCHEMA_DIR).as_posix()
        contents = json.loads(path.read_text(encoding="utf-8"))
        resources.append(
            (PUBLISHED_BASE + relative, Resource.from_contents(contents, default_specification=DRAFT202012))
        )
    return Registry().with_resources(resources)


@functools.cache
def validator(name: str) -> Draft202012Validator:
    """A validator for e.g. "compiled/service" or "taxonomy", with format checks (uuid, email, date-time)."""
    uri = f"{PUBLISHED_BASE}{name}.json"
    schema = registry().contents(uri)
    return Draft202012Validator(schema, registry=registry(), format_checker=FormatChecker())


def errors(name: str, instance) -> list[str]:
    """Readable messages, each naming the path of the offending field, e.g. 'cost_options/0/amount: ...'."""
    found = sorted(validator(name).iter_errors(instance), key=lambda error: list(error.absolute_path))
    return [f"{'/'.join(str(part) for part in error.absolute_path) or '(root)'}: {error.message}" for error in found]


def openapi_document() -> dict:
    return json.loads((SCHEMA_DIR / "openapi.json").read_text(encoding="utf-8"))


def response_errors(path: str, instance) -> list[str]:
    """Validate a 200 response against the schema openapi.json gives for `path` (e.g. "/services"),
    its Page envelope and `$ref`s to the compiled schemas resolved from the local copies."""
    pointer = (
        "/paths/" + path.replace("~", "~0").replace("/", "~1") + "/get/responses/200/content/application~1json/schema"
    )
    schema = {"$ref": f"{PUBLISHED_BASE}openapi.json#{pointer}"}
    checker = Draft202012Validator(schema, registry=registry(), format_checker=FormatChecker())
    found = sorted(checker.iter_errors(instance), key=lambda error: list(error.absolute_path))
    return [f"{'/'.join(str(part) for part in error.absolute_path) or '(root)'}: {error.message}" for error in found]
