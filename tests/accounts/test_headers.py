"""Security headers on every response, and gunicorn believing forwarded headers only from the proxies."""

import base64
import hashlib
import os
import re
import subprocess
import sys
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[2]


def directives(header: str) -> dict[str, list[str]]:
    parts = [part.strip().split() for part in header.split(";") if part.strip()]
    return {part[0]: part[1:] for part in parts}


def test_public_pages_allow_no_inline_script_but_the_govuk_snippet_by_its_hash(client, home_page):
    response = client.get("/")
    policy = directives(response["Content-Security-Policy"])
    scripts = policy["script-src"]
    assert "'unsafe-inline'" not in scripts and "'unsafe-eval'" not in scripts
    [allowed] = [value for value in scripts if value.startswith("'sha256-")]
    inline = re.findall(r"<script>(.*?)</script>", response.content.decode(), flags=re.S)
    assert len(inline) == 1  # the page has exactly one inline script: GOV.UK Frontend's js-enabled line
    digest = base64.b64encode(hashlib.sha256(inline[0].encode()).digest()).decode()
    assert allowed == f"'sha256-{digest}'"  # the snippet in templates/base.html still matches the policy
    assert "<script nonce=" not in response.content.decode()
    assert policy["object-src"] == ["'none'"] and policy["default-src"] == ["'self'"]
    assert policy["frame-ancestors"] == ["'self'"] and policy["form-action"] == ["'self'"]


def test_the_policy_is_the_same_for_every_visitor_so_cached_pages_keep_working(client, home_page):
    """A page from the anonymous page cache carries no per-request nonce that its header would contradict."""
    first = client.get("/")
    second = client.get("/")
    assert first["Content-Security-Policy"] == second["Content-Security-Policy"]
    assert first.content == second.content and first["ETag"] == second["ETag"]


def test_the_admin_loosens_inline_scripts_for_wagtail_but_still_loads_nothing_from_elsewhere(client, home_page):
    policy = directives(client.get("/admin/", follow=False)["Content-Security-Policy"])
    assert policy["script-src"] == ["'self'", "'unsafe-inline'"]
    assert policy["default-src"] == ["'self'"] and policy["connect-src"] == ["'self'"]
    assert not any(value.startswith("'nonce-") for value in policy["script-src"])


def test_permissions_policy_switches_off_what_no_page_uses(client, home_page):
    header = client.get("/")["Permissions-Policy"]
    for feature in ("camera=()", "microphone=()", "geolocation=()", "payment=()", "usb=()"):
        assert feature in header


def gunicorn_setting(name, **environment):
    env = {key: value for key, value in os.environ.items() if key not in {"TRUSTED_PROXIES", "FORWARDED_ALLOW_IPS"}}
    env.update(environment)
    code = f"c = {{}}; exec(open('docker/gunicorn.conf.py').read(), c); print(c[{name!r}])"
    return subprocess.run(
        [sys.executable, "-c", code], cwd=ROOT, env=env, capture_output=True, text=True, check=True, timeout=60
    ).stdout.strip()


@pytest.mark.parametrize(
    ("environment", "expected"),
    [({}, "127.0.0.1,::1"), ({"TRUSTED_PROXIES": "10.0.0.5,10.1.0.0/16"}, "10.0.0.5,10.1.0.0/16")],
)
def test_gunicorn_believes_forwarded_headers_only_from_the_configured_proxies(environment, expected):
    assert gunicorn_setting("forwarded_allow_ips", **environment) == expected
    assert gunicorn_setting("forwarded_allow_ips", FORWARDED_ALLOW_IPS="*", **environment) != "*"
