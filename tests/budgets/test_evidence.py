"""Evidence uploads: checked by content, size-capped, stored privately, served only to members."""

import io

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse
from PIL import Image

from budgets.models import Evidence, LedgerEntry
from tests.budgets.test_entries import entry_data

PDF = b"%PDF-1.7\n1 0 obj<</Type/Catalog>>endobj\ntrailer<<>>\n%%EOF\n"
HEIC = b"\x00\x00\x00\x18ftypheic\x00\x00\x00\x00mif1heic" + b"\x00" * 64


def png_bytes():
    buffer = io.BytesIO()
    Image.new("RGB", (4, 4), "white").save(buffer, "PNG")
    return buffer.getvalue()


def jpeg_bytes():
    buffer = io.BytesIO()
    Image.new("RGB", (4, 4), "white").save(buffer, "JPEG")
    return buffer.getvalue()


def post_entry(client, budget, upload):
    return client.post(
        reverse("budgets:entry_create", kwargs={"budget": budget.uuid}), entry_data(budget) | {"evidence": upload}
    )


@pytest.mark.parametrize(
    ("name", "content", "content_type"),
    [
        ("receipt.pdf", PDF, "application/pdf"),
        ("photo.png", png_bytes(), "image/png"),
        ("photo.jpeg", jpeg_bytes(), "image/jpeg"),
        ("IMG_0001.HEIC", HEIC, "image/heic"),
        ("scan-without-extension", PDF, "application/pdf"),
    ],
)
def test_good_files_are_accepted_by_content(client, budget, parent, name, content, content_type):
    client.force_login(parent)
    assert post_entry(client, budget, SimpleUploadedFile(name, content)).status_code == 302
    evidence = Evidence.objects.get()
    assert evidence.content_type == content_type and evidence.size == len(content)
    with evidence.file.open("rb") as handle:
        assert handle.read() == content


@pytest.mark.parametrize(
    ("name", "content"),
    [
        ("invoice.pdf", b"This is just text pretending to be a PDF"),  # disguised type
        ("photo.jpg", b"<html><script>alert(1)</script></html>"),
        ("report.docx", b"PK\x03\x04" + b"\x00" * 100),  # a zip (Word) file: wrong type
    ],
)
def test_wrong_or_disguised_types_are_refused_and_nothing_is_saved(client, budget, parent, name, content):
    client.force_login(parent)
    response = post_entry(client, budget, SimpleUploadedFile(name, content))
    text = response.content.decode()
    assert response.status_code == 200
    assert "must be a PDF, JPG, PNG or HEIC" in text and "govuk-error-summary" in text
    assert 'value="Jo Smith"' in text
    assert not LedgerEntry.objects.exists() and not Evidence.objects.exists()


def test_oversized_files_are_refused(client, settings, budget, parent):
    settings.BUDGET_EVIDENCE_MAX_BYTES = 1024
    client.force_login(parent)
    response = post_entry(client, budget, SimpleUploadedFile("big.pdf", PDF + b"0" * 2048))
    assert "must be smaller than 1.0\xa0KB" in response.content.decode()
    assert not LedgerEntry.objects.exists()


def test_evidence_is_served_only_through_the_checked_view(client, budget, parent, stranger):
    client.force_login(parent)
    post_entry(client, budget, SimpleUploadedFile("receipt.pdf", PDF))
    evidence = Evidence.objects.get()
    url = reverse("budgets:evidence_download", kwargs={"budget": budget.uuid, "evidence": evidence.pk})
    response = client.get(url)
    assert response.status_code == 200
    assert b"".join(response.streaming_content) == PDF
    assert response["Content-Type"] == "application/pdf" and "attachment" in response["Content-Disposition"]
    assert response["X-Content-Type-Options"] == "nosniff"
    client.force_login(stranger)
    assert client.get(url).status_code == 404


def test_evidence_can_be_added_to_an_existing_entry(client, budget, parent):
    client.force_login(parent)
    post_entry(client, budget, "")
    entry = LedgerEntry.objects.get()
    url = reverse("budgets:evidence_add", kwargs={"budget": budget.uuid, "entry": entry.pk})
    bad = client.post(url, {"evidence": SimpleUploadedFile("x.pdf", b"plain text")})
    assert bad.status_code == 400 and "must be a PDF" in bad.content.decode()
    assert client.post(url, {"evidence": SimpleUploadedFile("x.png", png_bytes())}).status_code == 302
    assert entry.evidence.count() == 1
