"""The security log: one JSON object per line on the `security` logger, for the council's SIEM."""

import json
import logging

import pytest
from django.urls import reverse

from accounts import security_log
from budgets.models import Council
from tests.accounts.factories import PASSWORD, UserFactory, code_for, staff_user, with_authenticator
from tests.budgets.factories import make_budget, member
from tests.budgets.staff import officer_group, sign_in_staff
from tests.budgets.staff import staff_user as budget_staff_user


@pytest.fixture
def security_lines(caplog):
    caplog.set_level(logging.INFO, logger="security")

    def lines():
        return [json.loads(record.getMessage()) for record in caplog.records if record.name == "security"]

    return lines


def events(lines):
    return [line["event"] for line in lines]


def test_a_sign_in_is_logged_with_who_where_and_how(client, db, security_lines):
    user = UserFactory(username="logged")
    client.post(reverse("account_login"), {"login": user.email, "password": PASSWORD}, REMOTE_ADDR="198.51.100.4")
    [line] = [line for line in security_lines() if line["event"] == "sign_in"]
    assert line["user_id"] == user.pk and line["ip"] == "198.51.100.4" and line["methods"] == ["password"]
    assert line["at"].endswith("+00:00")


def test_a_failed_sign_in_is_logged_without_the_address_typed_or_the_password(client, db, security_lines):
    UserFactory(username="victim")
    client.post(reverse("account_login"), {"login": "victim@example.com", "password": "wrong-guess-1"})
    [line] = [line for line in security_lines() if line["event"] == "sign_in_failed"]
    assert line["login_hash"] == security_log.login_hash("Victim@Example.com")
    text = json.dumps(line)
    assert "victim@example.com" not in text and "wrong-guess-1" not in text


def test_a_lockout_is_logged(client, db, security_lines):
    UserFactory(username="hammered")
    for attempt in range(6):
        client.post(reverse("account_login"), {"login": "hammered@example.com", "password": f"guess-{attempt}"})
    lines = security_lines()
    assert events(lines).count("sign_in_failed") == 5
    lockouts = [line for line in lines if line["event"] == "lockout"]
    assert lockouts and lockouts[0]["stage"] == "password"


def test_second_factor_failures_and_successes_are_logged(client, db, settings, security_lines):
    settings.MFA_TOTP_TOLERANCE = 1
    editor = staff_user("superuser", "two-factor")
    secret = with_authenticator(editor)
    client.post(reverse("account_login"), {"login": editor.email, "password": PASSWORD})
    client.post(reverse("mfa_authenticate"), {"code": "000000"})
    client.post(reverse("mfa_authenticate"), {"code": code_for(secret)})
    lines = security_lines()
    assert events(lines) == ["mfa_failed", "mfa_passed", "sign_in"]
    assert all(line["user_id"] == editor.pk for line in lines)
    assert lines[-1]["methods"] == ["mfa", "password"]


def test_rate_limited_requests_are_logged(client, db, settings, security_lines):
    settings.ACCOUNT_RATE_LIMITS = {**settings.ACCOUNT_RATE_LIMITS, "search": "1/m/ip"}
    client.get("/services/")
    client.get("/services/")
    [line] = [line for line in security_lines() if line["event"] == "rate_limited"]
    assert line["action"] == "search" and line["path"] == "/services/"


def test_sign_ups_past_the_limit_are_logged(client, db, settings, security_lines):
    settings.ACCOUNT_RATE_LIMITS = {**settings.ACCOUNT_RATE_LIMITS, "signup": "1/h/ip"}
    for number in range(2):
        client.logout()
        form = {"email": f"new{number}@example.com", "password1": "a-long-pass-2025!", "password2": "a-long-pass-2025!"}
        client.post(reverse("account_signup"), form)
    [line] = [line for line in security_lines() if line["event"] == "rate_limited"]
    assert line["action"] == "account" and line["path"] == reverse("account_signup")


def test_record_is_the_hook_for_other_events_and_never_writes_secrets(rf, db, security_lines):
    request = rf.get("/budgets/x/evidence/1/", REMOTE_ADDR="198.51.100.5")
    request.user = UserFactory(username="downloader")
    security_log.record("evidence_download", request=request, evidence_id=1, password="hunter2", code="123456")
    [line] = security_lines()
    assert line["event"] == "evidence_download" and line["evidence_id"] == 1
    assert line["user_id"] == request.user.pk and line["ip"] == "198.51.100.5"
    assert "password" not in line and "code" not in line


def test_each_line_is_one_json_object_for_a_siem(settings):
    config = settings.LOGGING
    assert config["loggers"]["security"] == {"handlers": ["security"], "level": "INFO", "propagate": False}
    assert config["handlers"]["security"]["formatter"] == "json_line"
    formatter = security_log.JSONLineFormatter()
    record = logging.LogRecord("security", logging.INFO, __file__, 1, json.dumps({"event": "x\ny"}), None, None)
    line = formatter.format(record)
    assert "\n" not in line and json.loads(line) == {"event": "x\ny"}


def test_a_family_downloading_a_statement_is_logged(client, db, security_lines):
    budget = make_budget()
    parent = UserFactory(username="downloader")
    member(budget, parent)
    client.force_login(parent)
    response = client.get(reverse("budgets:statement_csv", kwargs={"budget": budget.uuid}))
    assert response.status_code == 200
    [line] = [line for line in security_lines() if line["event"] == "download"]
    assert line["user_id"] == parent.pk and line["path"] == response.request["PATH_INFO"]
    assert line["filename"].endswith(".csv") and line["content_type"].startswith("text/csv")


def test_a_change_staff_make_in_the_admin_is_logged_and_a_refused_one_is_not(client, db, security_lines):
    kestrel, osprey = Council.objects.create(name="Kestrel"), Council.objects.create(name="Osprey")
    mine, theirs = make_budget(council=kestrel), make_budget(council=osprey)
    officer = budget_staff_user("officer-log", group=officer_group(), councils=[kestrel])
    sign_in_staff(client, officer)
    data = {"frequency": "quarterly", "monitoring_tier": "light_touch", "days_to_submit": "28"}
    refused = client.post(reverse("budget_returns:schedule", kwargs={"budget_pk": theirs.pk}), data)
    assert refused.status_code == 404
    assert [line for line in security_lines() if line["event"] == "staff_change"] == []
    changed = client.post(reverse("budget_returns:schedule", kwargs={"budget_pk": mine.pk}), data)
    assert changed.status_code == 302
    [line] = [line for line in security_lines() if line["event"] == "staff_change"]
    assert line["user_id"] == officer.pk and line["method"] == "POST" and line["path"].startswith("/admin/")
