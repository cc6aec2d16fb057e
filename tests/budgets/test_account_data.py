"""A family member downloads everything held about them, and deletes their account."""

import datetime
import io
import json
import zipfile
from decimal import Decimal

from django.contrib.auth import get_user_model
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse

from budgets import services
from budgets.models import AuditEvent, Budget, BudgetMembership, LedgerEntry
from tests.budgets.factories import PASSWORD

PDF = b"%PDF-1.4\n%%EOF\n"


def record(budget, parent):
    return services.record_entry(
        budget=budget,
        actor=parent,
        spent_on=datetime.date(2025, 5, 1),
        amount=Decimal("12.34"),
        payee="Art club",
        element="social_care",
        category="activities",
        evidence_files=[(SimpleUploadedFile("art.pdf", PDF), "application/pdf")],
    )


def test_export_is_a_zip_of_json_and_receipts(client, budget, parent, other_budget):
    record(budget, parent)
    client.force_login(parent)
    response = client.get(reverse("budgets:account_export"))
    assert response["Content-Type"] == "application/zip"
    archive = zipfile.ZipFile(io.BytesIO(response.content))
    data = json.loads(archive.read("data.json"))
    assert data["account"]["email"] == parent.email
    assert data["budgets"] == [
        {
            "budget": str(budget.uuid),
            "holder_name": "Sam",
            "role": "parent_carer",
            "joined_at": data["budgets"][0]["joined_at"],
        }
    ]
    assert data["entries_recorded"][0]["amount"] == "-12.34"  # money as a string
    receipt = data["evidence_uploaded"][0]["file"]
    assert archive.read(receipt) == PDF
    assert "Alex" not in json.dumps(data)  # nothing from another family


def test_deleting_an_account_keeps_the_budget_without_the_person(client, budget, parent):
    entry = record(budget, parent)
    client.force_login(parent)
    refused = client.post(reverse("budgets:account_delete"), {"confirm": "on", "password": "wrong"})
    assert "The password is not correct" in refused.content.decode()
    assert get_user_model().objects.filter(pk=parent.pk).exists()

    response = client.post(reverse("budgets:account_delete"), {"confirm": "on", "password": PASSWORD})
    assert response.status_code == 302
    assert not get_user_model().objects.filter(email=parent.email).exists()
    assert not BudgetMembership.objects.filter(budget=budget).exists()
    entry = LedgerEntry.objects.get(pk=entry.pk)  # the council's record stays
    assert entry.created_by is None and entry.evidence.get().uploaded_by is None
    created = AuditEvent.objects.get(action="entry.created")
    assert created.actor is None and created.actor_label == "a deleted account"
    assert "_auth_user_id" not in client.session


def test_retention_period_is_configurable(settings, budget):
    settings.BUDGET_RETENTION_YEARS = 3
    assert budget.retain_until() == datetime.date(2029, 3, 31)


def test_budgets_past_the_retention_period_are_purged(settings, budget, parent):
    from io import StringIO

    from django.core.management import call_command

    from tests.budgets.factories import make_budget

    entry = record(budget, parent)
    path = entry.evidence.get().file.path
    settings.BUDGET_RETENTION_YEARS = 0
    recent = make_budget(starts_on=datetime.date.today(), ends_on=datetime.date.today() + datetime.timedelta(days=300))
    out = StringIO()
    call_command("purge_expired_budgets", stdout=out, stderr=StringIO())
    assert "1 budget(s)" in out.getvalue()
    assert not LedgerEntry.objects.filter(budget_id=budget.pk).exists()
    assert list(Budget.objects.all()) == [recent]
    import os

    assert not os.path.exists(path)
