"""Two people saving the same entry at the same moment, on a real database file (or PostgreSQL when
DATABASE_URL points at one): the second is told the entry changed under them, never a server error.

The edits run in two threads of a separate process that loads the project's own settings, so the
test exercises the real connection options. The first edit pauses after writing and before it
commits, so the second always arrives while the first still holds its transaction.
"""

import datetime
import json
import os
import sqlite3
import subprocess
import sys
from decimal import Decimal
from pathlib import Path

import pytest
from django.db import OperationalError, connection

from budgets import services
from budgets.models import AuditEvent, LedgerEntry

ROOT = Path(__file__).resolve().parents[2]

TWO_EDITS = r"""
import json, sys, threading, time
import django
django.setup()
from django.contrib.auth import get_user_model
from django.db import connections
from budgets import services
from budgets.models import LedgerEntry

entry_pk, user_pk = int(sys.argv[1]), int(sys.argv[2])
first_has_written = threading.Event()
apply_rules = services.apply_spending_rules

def apply_rules_then_pause(entry):
    flags = apply_rules(entry)
    if threading.current_thread().name == "first":
        first_has_written.set()
        time.sleep(1.5)
    return flags

services.apply_spending_rules = apply_rules_then_pause
results = {}

def edit(payee):
    name = threading.current_thread().name
    try:
        user = get_user_model().objects.get(pk=user_pk)
        entry = LedgerEntry.objects.get(pk=entry_pk)  # as the form showed it: version 1
        if name == "second":
            first_has_written.wait(20)
        services.update_entry(entry=entry, actor=user, expected_version=1, payee=payee)
        results[name] = "saved"
    except services.BudgetError as error:
        results[name] = f"{type(error).__name__}: {error}"
    except Exception as error:
        results[name] = f"server error {type(error).__name__}: {error}"
    finally:
        connections.close_all()

threads = [threading.Thread(target=edit, name=name, args=(payee,)) for name, payee in
           (("first", "Sunflower Care Ltd"), ("second", "Bluebell Therapies"))]
for thread in threads:
    thread.start()
for thread in threads:
    thread.join(60)
print(json.dumps(results))
"""


def _database_url(tmp_path) -> str:
    """The test database as a URL another process can open: a file copy of SQLite's, or PostgreSQL's."""
    if connection.vendor == "sqlite":
        path = tmp_path / "budgets.sqlite3"
        connection.ensure_connection()
        target = sqlite3.connect(path)
        connection.connection.backup(target)
        target.close()
        return f"sqlite:///{path}"
    settings = connection.settings_dict
    password = f":{settings['PASSWORD']}" if settings.get("PASSWORD") else ""
    return f"postgres://{settings['USER']}{password}@{settings['HOST']}:{settings['PORT']}/{settings['NAME']}"


def _run_two_edits(database_url: str, entry: LedgerEntry, user) -> dict:
    env = {**os.environ, "DATABASE_URL": database_url, "DJANGO_SETTINGS_MODULE": "config.settings"}
    done = subprocess.run(
        [sys.executable, "-c", TWO_EDITS, str(entry.pk), str(user.pk)],
        cwd=ROOT,
        env=env,
        capture_output=True,
        text=True,
        timeout=120,
    )
    assert done.returncode == 0, done.stderr[-2000:]
    return json.loads(done.stdout.strip().splitlines()[-1])


@pytest.mark.django_db(transaction=True)
def test_second_of_two_simultaneous_edits_gets_the_version_message(budget, parent, tmp_path):
    entry = services.record_entry(
        budget=budget,
        actor=parent,
        spent_on=datetime.date(2025, 6, 2),
        amount=Decimal("120.00"),
        payee="Sunflower Care",
        element="social_care",
    )
    database_url = _database_url(tmp_path)
    results = _run_two_edits(database_url, entry, parent)
    assert results["first"] == "saved"
    assert results["second"] == f"StaleEdit: {services.StaleEdit()}"
    if connection.vendor == "sqlite":  # the other process wrote to the copy: read the copy
        with sqlite3.connect(database_url.removeprefix("sqlite:///")) as copy:
            payee, version = copy.execute(
                "SELECT payee, version FROM budgets_ledgerentry WHERE id = ?", (entry.pk,)
            ).fetchone()
            updates = copy.execute(
                "SELECT COUNT(*) FROM budgets_auditevent WHERE action = 'entry.updated' AND target_id = ?",
                (str(entry.pk),),
            ).fetchone()[0]
    else:
        entry.refresh_from_db()
        payee, version = entry.payee, entry.version
        updates = AuditEvent.objects.filter(action="entry.updated", target_id=str(entry.pk)).count()
    assert (payee, version, updates) == ("Sunflower Care Ltd", 2, 1)


def test_a_lock_wait_that_runs_out_is_a_message_not_a_server_error(budget, parent, monkeypatch):
    def locked(*args, **kwargs):
        raise OperationalError("database is locked")

    monkeypatch.setattr(services, "_check_entry", locked)
    with pytest.raises(services.Busy) as refused:
        services.record_entry(
            budget=budget,
            actor=parent,
            spent_on=datetime.date(2025, 6, 2),
            amount=Decimal("10.00"),
            payee="Corner Shop",
            element="social_care",
        )
    assert "Nothing you entered has been saved" in str(refused.value)
    assert not LedgerEntry.objects.filter(budget=budget).exists()
