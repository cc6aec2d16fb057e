"""Schemathesis over the Open Referral UK OpenAPI document shipped in data/oruk-uk-profile/: every
operation, with values the spec allows and values it does not, sent to the Django app in-process
through WSGI. No answer may be a server error (schemathesis's `not_a_server_error` check).

The spec leaves the base path to each deployment; ours is /api/oruk/, declared here as its server.
"""

import json
import os

import pytest
import schemathesis
from django.core import signals
from django.core.wsgi import get_wsgi_application
from django.db import close_old_connections
from hypothesis import settings
from schemathesis.checks import not_a_server_error
from schemathesis.python.wsgi import HOST

from localoffer.oruk.schemas import SCHEMA_DIR

JSON_SCHEMA_TYPES = {"string", "number", "integer", "boolean", "array", "object", "null"}


def as_valid_json_schema(node):
    """The profile writes `"type": "time"` for start_time and end_time, which is not a JSON Schema
    type (schemathesis refuses the operation). It means a string in time format, so say that."""
    if isinstance(node, dict):
        node = {key: as_valid_json_schema(value) for key, value in node.items()}
        if isinstance(node.get("type"), str) and node["type"] not in JSON_SCHEMA_TYPES:
            node["format"], node["type"] = node["type"], "string"
        return node
    if isinstance(node, list):
        return [as_valid_json_schema(item) for item in node]
    return node


SPEC = as_valid_json_schema(json.loads((SCHEMA_DIR / "openapi.json").read_text(encoding="utf-8")))
SPEC["servers"] = [{"url": "/api/oruk"}]
schema = schemathesis.openapi.from_dict(SPEC)
schema.app = get_wsgi_application()

FUZZ_SETTINGS = settings(settings.get_profile(os.environ.get("FUZZ_PROFILE", "fuzz")), max_examples=25)
if os.environ.get("FUZZ_PROFILE") == "fuzz-deep":
    FUZZ_SETTINGS = settings.get_profile("fuzz-deep")


@pytest.fixture
def in_process(world, settings):
    """Requests go through Django's WSGI handler inside the test's transaction. The handler would
    close the database connection after each response (as it must in production); the test client
    stops that in the same way."""
    settings.ALLOWED_HOSTS = [HOST]
    signals.request_started.disconnect(close_old_connections)
    signals.request_finished.disconnect(close_old_connections)
    yield world
    signals.request_started.connect(close_old_connections)
    signals.request_finished.connect(close_old_connections)


def test_every_operation_in_the_spec_is_fuzzed():
    operations = {result.ok().path for result in schema.get_all_operations()}
    assert operations == set(SPEC["paths"]) and len(operations) == 9


@pytest.mark.django_db
@schema.parametrize()
@FUZZ_SETTINGS
def test_oruk_api_never_answers_a_server_error(case, in_process):
    response = case.call()
    case.validate_response(response, checks=[not_a_server_error])
