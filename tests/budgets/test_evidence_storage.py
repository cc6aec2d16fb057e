"""Where receipts are kept: under a name the server chooses, and on object storage when configured,
never at an address anyone can fetch without the budget's permission check."""

import os
import re
import urllib.error
import urllib.request
import uuid

import boto3
import pytest
from botocore.client import Config
from botocore.exceptions import EndpointConnectionError
from django.core.files.base import ContentFile
from django.core.files.storage import storages
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse
from wagtail.documents import get_document_model

from budgets.evidence import download_name
from budgets.models import Evidence
from tests.budgets.test_evidence import PDF, png_bytes, post_entry

S3_TEST_URL = os.environ.get("S3_TEST_URL", "http://127.0.0.1:9360")
S3_ACCESS_KEY = os.environ.get("S3_TEST_ACCESS_KEY", "localoffer")
S3_SECRET_KEY = os.environ.get("S3_TEST_SECRET_KEY", "localoffer-secret")
CHECKSUMS_WHEN_REQUIRED = Config(
    signature_version="s3v4",
    request_checksum_calculation="when_required",
    response_checksum_validation="when_required",
    connect_timeout=5,
    retries={"max_attempts": 2},
)
STORED = re.compile(r"^evidence/[0-9a-f-]{36}/[0-9a-f]{32}\.(pdf|png|jpg|heic)$")


def test_a_receipt_uploaded_as_html_is_stored_and_downloaded_as_what_it_is(client, budget, parent):
    client.force_login(parent)
    post_entry(client, budget, SimpleUploadedFile("receipt.html", png_bytes()))
    evidence = Evidence.objects.get()
    assert STORED.match(evidence.file.name) and evidence.file.name.endswith(".png")
    assert "receipt" not in evidence.file.name
    assert evidence.original_name == "receipt.html"  # kept only as the family's label
    url = reverse("budgets:evidence_download", kwargs={"budget": budget.uuid, "evidence": evidence.pk})
    response = client.get(url)
    assert response["Content-Disposition"] == 'attachment; filename="receipt.png"'
    assert response["Content-Type"] == "image/png"


@pytest.mark.parametrize(
    ("original", "content_type", "expected"),
    [
        ("receipt.html", "image/png", "receipt.png"),
        ("../../etc/passwd", "application/pdf", "passwd.pdf"),
        ("C:\\Users\\jo\\scan.PDF.exe", "application/pdf", "scan.PDF.pdf"),
        (".htaccess", "image/jpeg", ".htaccess.jpg"),
        ("", "image/heic", "evidence.heic"),
    ],
)
def test_download_names_keep_the_familys_words_but_not_their_extension(original, content_type, expected):
    assert download_name(original, content_type) == expected


def test_the_private_store_has_no_public_url(budget, parent, client):
    client.force_login(parent)
    post_entry(client, budget, SimpleUploadedFile("receipt.pdf", PDF))
    with pytest.raises(ValueError, match="no public URL"):
        Evidence.objects.get().file.url  # noqa: B018


# Against a real S3-compatible server (S3Proxy from scripts/s3.sh) -----------------------------------


def _client():
    return boto3.client(
        "s3",
        endpoint_url=S3_TEST_URL,
        aws_access_key_id=S3_ACCESS_KEY,
        aws_secret_access_key=S3_SECRET_KEY,
        region_name="us-east-1",
        config=CHECKSUMS_WHEN_REQUIRED,
    )


@pytest.fixture
def s3_buckets(settings):
    """A public-media bucket and a private bucket of this test's own, wired into STORAGES."""
    client = _client()
    media, private = f"test-media-{uuid.uuid4().hex[:10]}", f"test-private-{uuid.uuid4().hex[:10]}"
    try:
        client.create_bucket(Bucket=media)
    except EndpointConnectionError as error:
        pytest.fail(f"No S3 server at S3_TEST_URL={S3_TEST_URL} (start it with scripts/s3.sh start): {error}")
    client.create_bucket(Bucket=private)
    connection = {
        "endpoint_url": S3_TEST_URL,
        "access_key": S3_ACCESS_KEY,
        "secret_key": S3_SECRET_KEY,
        "region_name": "us-east-1",
        "signature_version": "s3v4",
        "file_overwrite": False,
        "client_config": CHECKSUMS_WHEN_REQUIRED,
    }
    settings.STORAGES = {
        **settings.STORAGES,
        "default": {
            "BACKEND": "storages.backends.s3.S3Storage",
            "OPTIONS": {**connection, "bucket_name": media, "location": "media", "querystring_auth": False},
        },
        "private": {
            "BACKEND": "storages.backends.s3.S3Storage",
            "OPTIONS": {
                **connection,
                "bucket_name": private,
                "location": "private",
                "default_acl": "private",
                "querystring_auth": True,
                "querystring_expire": 60,
            },
        },
    }
    yield client, media, private
    for bucket in (media, private):
        for item in client.list_objects_v2(Bucket=bucket).get("Contents", []):
            if not item["Key"].endswith("/"):  # S3Proxy's folder markers go with their last file
                client.delete_object(Bucket=bucket, Key=item["Key"])
        client.delete_bucket(Bucket=bucket)


def _anonymous_get(url):
    try:
        with urllib.request.urlopen(url, timeout=5) as response:
            return response.status
    except urllib.error.HTTPError as error:
        return error.code


@pytest.mark.s3
def test_a_receipt_goes_to_the_private_bucket_and_comes_back_only_through_the_checked_view(
    client, budget, parent, stranger, s3_buckets
):
    s3, _, private = s3_buckets
    client.force_login(parent)
    assert post_entry(client, budget, SimpleUploadedFile("receipt.html", png_bytes())).status_code == 302
    evidence = Evidence.objects.get()
    key = f"private/{evidence.file.name}"
    stored = s3.get_object(Bucket=private, Key=key)["Body"].read()
    assert stored == png_bytes() and key.endswith(".png")
    assert _anonymous_get(f"{S3_TEST_URL}/{private}/{key}") == 403  # not readable without a signature
    url = reverse("budgets:evidence_download", kwargs={"budget": budget.uuid, "evidence": evidence.pk})
    response = client.get(url)
    assert response.status_code == 200 and b"".join(response.streaming_content) == png_bytes()
    assert response["Cache-Control"] == "private, no-store"
    client.force_login(stranger)
    assert client.get(url).status_code == 404
    # The backend itself would only ever hand out a signed, short-lived link.
    signed = storages["private"].url(key.removeprefix("private/"))
    assert "X-Amz-Signature=" in signed and "X-Amz-Expires=60" in signed
    assert _anonymous_get(signed) == 200


@pytest.mark.s3
def test_wagtail_documents_are_stored_in_the_media_bucket(db, s3_buckets):
    s3, media, _ = s3_buckets
    document = get_document_model().objects.create(
        title="Short breaks statement", file=ContentFile(b"%PDF-1.4 short breaks", name="short-breaks.pdf")
    )
    keys = [item["Key"] for item in s3.list_objects_v2(Bucket=media)["Contents"] if not item["Key"].endswith("/")]
    assert keys == [f"media/{document.file.name}"]
    with document.file.open("rb") as handle:
        assert handle.read() == b"%PDF-1.4 short breaks"
