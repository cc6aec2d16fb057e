"""Editors upload Ofsted's file in the Wagtail admin, read the preview's per-row report, then import."""

import pytest
from django.contrib.auth.models import Permission
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse

from localoffer.models import ServicePage
from ofsted.importer import run_import
from ofsted.models import OfstedImport, OfstedRegistration

from .conftest import FEBRUARY, JANUARY, JANUARY_XLSX, _staff

pytestmark = pytest.mark.django_db


def upload(client, path=JANUARY, *, name=None, content=None, local_authority="Camden"):
    file = SimpleUploadedFile(name or path.name, path.read_bytes() if content is None else content)
    return client.post(reverse("ofsted_upload"), {"file": file, "local_authority": local_authority})


@pytest.fixture
def editor_client(client, editor, childcare):
    client.force_login(editor)
    return client


def test_an_editor_previews_then_imports_and_reads_each_rows_outcome(editor_client):
    page = editor_client.get(reverse("ofsted_upload"))
    assert page.status_code == 200 and "Preview the import" in page.content.decode()
    response = upload(editor_client)
    preview = OfstedImport.objects.get()
    assert response.status_code == 302 and response["Location"] == reverse("ofsted_report", args=[preview.pk])
    assert not ServicePage.objects.exists()

    report = editor_client.get(response["Location"]).content.decode()
    assert "A preview: nothing in the directory was changed." in report
    assert "2 rows for another local authority, Barnet" in report
    assert "no Provider URN" in report and "is not an Ofsted URN" in report
    assert "registration ended (status &#x27;Resigned&#x27;)" in report
    assert "Import this file now" in report

    imported = editor_client.post(response["Location"])
    run = OfstedImport.objects.exclude(pk=preview.pk).get()
    assert imported["Location"] == reverse("ofsted_report", args=[run.pk])
    assert (run.dry_run, run.created, run.not_taken) == (False, 6, 7)
    assert ServicePage.objects.count() == 6 and not ServicePage.objects.live().exists()
    # The previewed file is used once.
    again = editor_client.post(reverse("ofsted_report", args=[preview.pk]))
    assert again["Location"] == reverse("ofsted_upload") and ServicePage.objects.count() == 6
    history = editor_client.get(reverse("ofsted_history")).content.decode()
    assert "childcare_providers_2026_01.csv" in history


def test_the_workbook_can_be_uploaded(editor_client):
    response = upload(editor_client, JANUARY_XLSX)
    assert response.status_code == 302
    assert OfstedImport.objects.get().created == 6


@pytest.mark.parametrize(
    "name, content, local_authority, message",
    [
        ("register.pdf", b"%PDF-1.4", "Camden", "Upload Ofsted&#x27;s file as CSV or XLSX"),
        ("register.xlsx", b"not a workbook", "Camden", "this is not an XLSX workbook"),
        ("register.csv", b"\x00\xff\xfe", "Camden", "not a CSV file"),
        ("register.csv", None, "Camdn", "no rows for the local authority &#x27;Camdn&#x27;"),
        ("register.csv", None, "   ", "Enter the local authority"),
        ("register.csv", b"", "Camden", "The submitted file is empty"),
    ],
)
def test_a_bad_upload_gets_a_clear_message_not_an_error_page(editor_client, name, content, local_authority, message):
    response = upload(editor_client, name=name, content=content, local_authority=local_authority)
    assert response.status_code == 200
    assert message in response.content.decode()
    assert not ServicePage.objects.exists()


def test_a_file_too_large_is_refused(editor_client, settings):
    settings.OFSTED_MAX_UPLOAD_BYTES = 100
    response = upload(editor_client)
    assert "The file is larger than 0 MB" in response.content.decode()


def test_ended_registrations_are_listed_for_editors(editor_client):
    run_import(JANUARY, local_authority="Camden")
    run_import(FEBRUARY, local_authority="Camden")
    listing = editor_client.get(reverse("ofsted_registration:index"), {"ended": "true"}).content.decode()
    assert "EY100002" in listing and "EY100003" in listing and "Ofsted status: Resigned" in listing
    assert "EY100001" not in listing


def test_staff_without_the_permission_cannot_import(client, childcare):
    user = _staff("reader")
    user.user_permissions.add(Permission.objects.get(codename="access_admin"))
    client.force_login(user)
    assert client.get(reverse("ofsted_upload")).status_code in (302, 403)
    assert upload(client).status_code in (302, 403)
    assert not OfstedImport.objects.exists()


def test_an_editor_opening_a_service_whose_registration_ended_is_told_why(editor_client):
    run_import(JANUARY, local_authority="Camden")
    run_import(FEBRUARY, local_authority="Camden")
    ended = OfstedRegistration.objects.get(urn="EY100003").service
    html = editor_client.get(reverse("wagtailadmin_pages:edit", args=[ended.pk])).content.decode()
    assert "registration EY100003 ended on" in html and "(Ofsted status: Resigned)" in html
    current = OfstedRegistration.objects.get(urn="EY100001").service
    html = editor_client.get(reverse("wagtailadmin_pages:edit", args=[current.pk])).content.decode()
    assert "Ofsted&#x27;s register" not in html and "ended on" not in html
