"""Settings come from the environment: working defaults, parsed values, and production refusing bad ones.

Each case loads the settings module in a fresh interpreter with exactly the environment given.
"""

import json
import os
import subprocess
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
READ_SETTINGS = """
import json, os, sys
from django.conf import settings
names = sys.argv[1:]
print(json.dumps({name: getattr(settings, name) for name in names}, default=str))
"""


def load_settings(module: str, names: list[str], **environment: str) -> subprocess.CompletedProcess:
    env = {"PATH": os.environ.get("PATH", ""), "DJANGO_SETTINGS_MODULE": module, **environment}
    return subprocess.run(
        [sys.executable, "-c", READ_SETTINGS, *names], cwd=ROOT, env=env, capture_output=True, text=True, timeout=60
    )


def read(module: str, names: list[str], **environment: str) -> dict:
    result = load_settings(module, names, **environment)
    assert result.returncode == 0, result.stderr
    return json.loads(result.stdout)


def test_production_refuses_to_start_without_a_secret_key():
    result = load_settings("config.production", ["SECRET_KEY"], ALLOWED_HOSTS="localoffer.example")
    assert result.returncode != 0
    assert "ImproperlyConfigured" in result.stderr and "SECRET_KEY must be set" in result.stderr

    empty = load_settings("config.production", ["SECRET_KEY"], SECRET_KEY="", ALLOWED_HOSTS="localoffer.example")
    assert empty.returncode != 0 and "SECRET_KEY must be set" in empty.stderr


def test_production_is_hardened():
    values = read(
        "config.production",
        ["DEBUG", "SECRET_KEY", "SESSION_COOKIE_SECURE", "CSRF_COOKIE_SECURE", "SECURE_HSTS_SECONDS", "STORAGES"],
        SECRET_KEY="a-real-secret-from-the-environment",
        DEBUG="1",
    )
    assert values["DEBUG"] is False  # production ignores DEBUG=1
    assert values["SECRET_KEY"] == "a-real-secret-from-the-environment"
    assert values["SESSION_COOKIE_SECURE"] is True and values["CSRF_COOKIE_SECURE"] is True
    assert values["SECURE_HSTS_SECONDS"] >= 31536000
    assert values["STORAGES"]["staticfiles"]["BACKEND"] == "whitenoise.storage.CompressedManifestStaticFilesStorage"


def test_defaults_let_the_demo_run_with_nothing_set():
    values = read("config.settings", ["DATABASES", "ELASTICSEARCH_URL", "ALLOWED_HOSTS", "DEBUG", "EMAIL_BACKEND"])
    database = values["DATABASES"]["default"]
    assert database["ENGINE"] == "django.db.backends.sqlite3"
    assert Path(database["NAME"]) == ROOT / "db.sqlite3"
    assert values["ELASTICSEARCH_URL"] == ""  # empty: database search
    assert "127.0.0.1" in values["ALLOWED_HOSTS"] and "localhost" in values["ALLOWED_HOSTS"]
    assert values["DEBUG"] is False
    assert values["EMAIL_BACKEND"] == "django.core.mail.backends.console.EmailBackend"


def test_database_url_is_parsed_into_django_settings():
    values = read(
        "config.settings", ["DATABASES"], DATABASE_URL="postgres://council:s3cret@db.internal:5433/localoffer"
    )
    database = values["DATABASES"]["default"]
    assert database["ENGINE"] == "django.db.backends.postgresql"
    assert (database["NAME"], database["USER"], database["PASSWORD"]) == ("localoffer", "council", "s3cret")
    assert (database["HOST"], database["PORT"]) == ("db.internal", 5433)
    assert database["CONN_MAX_AGE"] == 60


def test_elasticsearch_url_hosts_and_email_come_from_the_environment():
    values = read(
        "config.settings",
        ["ELASTICSEARCH_URL", "ALLOWED_HOSTS", "CSRF_TRUSTED_ORIGINS", "EMAIL_PORT", "EMAIL_USE_TLS", "DEBUG"],
        ELASTICSEARCH_URL="http://elastic:pw@search.internal:9200",
        ALLOWED_HOSTS=" localoffer.example.gov.uk , www.localoffer.example.gov.uk,",
        CSRF_TRUSTED_ORIGINS="https://localoffer.example.gov.uk",
        EMAIL_PORT="587",
        EMAIL_USE_TLS="yes",
        DEBUG="on",
    )
    assert values["ELASTICSEARCH_URL"] == "http://elastic:pw@search.internal:9200"
    assert values["ALLOWED_HOSTS"] == ["localoffer.example.gov.uk", "www.localoffer.example.gov.uk"]
    assert values["CSRF_TRUSTED_ORIGINS"] == ["https://localoffer.example.gov.uk"]
    assert values["EMAIL_PORT"] == 587 and values["EMAIL_USE_TLS"] is True and values["DEBUG"] is True


OPEN_SQLITE = """
import django
django.setup()
from django.db import connection
with connection.cursor() as cursor:
    print(cursor.execute("PRAGMA journal_mode").fetchone()[0], cursor.execute("PRAGMA synchronous").fetchone()[0])
"""


def test_the_embedded_sqlite_database_runs_in_wal_mode(tmp_path):
    """Readers must not wait for writers: under the rollback journal every commit (a cached page, a search
    logged) locked all readers out, and concurrent visitors spent most of a page's time asleep in SQLite's
    busy handler (docs/performance.md)."""
    env = {
        "PATH": os.environ.get("PATH", ""),
        "DJANGO_SETTINGS_MODULE": "config.settings",
        "DATABASE_URL": f"sqlite:///{tmp_path / 'site.sqlite3'}",
    }
    result = subprocess.run(
        [sys.executable, "-c", OPEN_SQLITE], cwd=ROOT, env=env, capture_output=True, text=True, timeout=60
    )
    assert result.returncode == 0, result.stderr
    assert result.stdout.split() == ["wal", "1"]  # 1: synchronous=NORMAL
