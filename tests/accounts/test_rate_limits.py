"""Limits on search, the ORUK API, feedback, sign-up and password reset, all on allauth's limiter.

One mechanism, one shared cache, one client address (accounts.network). The cache itself is checked
in test_shared_cache.py across two processes.
"""

import json
import os
import subprocess
import sys
from pathlib import Path

import pytest
from django.core.management.sql import emit_pre_migrate_signal
from django.db import connection
from django.urls import reverse

from localoffer.models import Feedback
from tests.accounts.factories import UserFactory

ROOT = Path(__file__).resolve().parents[2]


@pytest.fixture
def tight_limits(settings):
    settings.ACCOUNT_RATE_LIMITS = {**settings.ACCOUNT_RATE_LIMITS, "search": "3/m/ip", "api": "3/m/ip"}
    return settings


@pytest.mark.parametrize("path", ["/services/", "/search/", "/api/oruk/services"])
def test_search_and_the_api_answer_429_past_the_limit(client, db, tight_limits, path):
    for _ in range(3):
        assert client.get(path).status_code != 429
    response = client.get(path)
    assert response.status_code == 429
    assert "Too many attempts" in response.content.decode()


def test_the_search_limit_counts_each_client_behind_the_proxy_separately(client, db, tight_limits):
    tight_limits.TRUSTED_PROXIES = ["10.0.0.5"]
    for _ in range(3):
        client.get("/services/", REMOTE_ADDR="10.0.0.5", HTTP_X_FORWARDED_FOR="198.51.100.1")
    assert client.get("/services/", REMOTE_ADDR="10.0.0.5", HTTP_X_FORWARDED_FOR="198.51.100.1").status_code == 429
    assert client.get("/services/", REMOTE_ADDR="10.0.0.5", HTTP_X_FORWARDED_FOR="198.51.100.2").status_code != 429


def test_feedback_is_limited_per_client_behind_the_proxy(client, settings, you_said_we_did_page):
    settings.TRUSTED_PROXIES = ["10.0.0.5"]
    first = {"REMOTE_ADDR": "10.0.0.5", "HTTP_X_FORWARDED_FOR": "198.51.100.1"}
    for number in range(settings.FEEDBACK_LIMIT_PER_HOUR + 1):
        client.post(you_said_we_did_page.url, {"comment": f"Comment {number}"}, **first)
    assert Feedback.objects.count() == settings.FEEDBACK_LIMIT_PER_HOUR
    second = {"REMOTE_ADDR": "10.0.0.5", "HTTP_X_FORWARDED_FOR": "198.51.100.2"}
    response = client.post(you_said_we_did_page.url, {"comment": "From another family"}, **second)
    assert response.status_code == 302
    assert Feedback.objects.count() == settings.FEEDBACK_LIMIT_PER_HOUR + 1


def test_password_reset_emails_are_limited(client, db, mailoutbox):
    user = UserFactory(username="reset-target")
    statuses = [client.post(reverse("account_reset_password"), {"email": user.email}).status_code for _ in range(6)]
    assert 429 in statuses
    assert len(mailoutbox) <= 3


def test_sign_up_is_limited(client, db, settings):
    settings.ACCOUNT_RATE_LIMITS = {**settings.ACCOUNT_RATE_LIMITS, "signup": "2/h/ip"}
    statuses = []
    for number in range(3):
        client.logout()
        form = {"email": f"new{number}@example.com", "password1": "a-long-pass-2025!", "password2": "a-long-pass-2025!"}
        statuses.append(client.post(reverse("account_signup"), form).status_code)
    assert statuses[-1] == 429


def settings_in_a_fresh_process(**environment) -> dict:
    """CACHES as config.settings computes it from the environment alone (no test overrides)."""
    env = {key: value for key, value in os.environ.items() if key not in {"REDIS_URL", "CACHE_URL", "CACHE_TABLE"}}
    env.update(environment)
    code = "import json, config.settings as s; print(json.dumps(s.CACHES))"
    result = subprocess.run(
        [sys.executable, "-c", code], cwd=ROOT, env=env, capture_output=True, text=True, check=True, timeout=120
    )
    return json.loads(result.stdout)


def test_the_cache_is_redis_when_redis_url_is_set_and_the_database_otherwise():
    assert settings_in_a_fresh_process(REDIS_URL="redis://cache.internal:6379/2")["default"] == {
        "BACKEND": "django.core.cache.backends.redis.RedisCache",
        "LOCATION": "redis://cache.internal:6379/2",
        "KEY_PREFIX": "",
    }
    assert settings_in_a_fresh_process(CACHE_URL="redis://cache.internal:6379/3")["default"]["LOCATION"] == (
        "redis://cache.internal:6379/3"
    )
    embedded = settings_in_a_fresh_process()["default"]
    assert embedded["BACKEND"] == "django.core.cache.backends.db.DatabaseCache"


def test_no_per_process_cache_is_configured_anywhere():
    for name in ("config/settings.py", "config/production.py"):
        assert "LocMemCache" not in (ROOT / name).read_text()


def test_migrate_creates_the_database_cache_table(db, settings):
    settings.CACHES = {
        "default": {"BACKEND": "django.core.cache.backends.db.DatabaseCache", "LOCATION": "probe_cache_table"}
    }
    assert "probe_cache_table" not in connection.introspection.table_names()
    emit_pre_migrate_signal(verbosity=0, interactive=False, db="default")
    assert "probe_cache_table" in connection.introspection.table_names()
