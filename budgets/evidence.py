"""Evidence files are checked by what they contain, not by their name, and stored under a name the
server chooses: a family's "receipt.html" that is really a PNG is kept as `<random>.png`, so neither a
browser nor an object store can be talked into treating it as anything else."""

import uuid

import filetype
from django.conf import settings
from django.core.exceptions import ValidationError
from django.template.defaultfilters import filesizeformat

ALLOWED = {
    "application/pdf": ".pdf",
    "image/jpeg": ".jpg",
    "image/png": ".png",
    "image/heic": ".heic",
    "image/heif": ".heic",
}


def check_evidence_file(upload) -> str:
    """Return the detected content type, or raise ValidationError with a message for the family."""
    limit = settings.BUDGET_EVIDENCE_MAX_BYTES
    if upload.size == 0:
        raise ValidationError("The selected file is empty", code="empty")
    if upload.size > limit:
        raise ValidationError(f"The selected file must be smaller than {filesizeformat(limit)}", code="too_big")
    upload.seek(0)
    head = upload.read(8192)
    upload.seek(0)
    kind = filetype.guess(head)
    if kind is None or kind.mime not in ALLOWED:
        raise ValidationError(
            "The selected file must be a PDF, JPG, PNG or HEIC (the file's contents are not one of these)",
            code="wrong_type",
        )
    return kind.mime


def stored_name(content_type: str) -> str:
    """A random file name with the extension of the detected content type (never the uploaded name's)."""
    return f"{uuid.uuid4().hex}{ALLOWED.get(content_type, '.bin')}"


def download_name(original_name: str, content_type: str) -> str:
    """The family's own name for the file, with the extension of what it really is ("receipt.html"
    holding a PNG downloads as "receipt.png")."""
    stem = original_name.rsplit("/", 1)[-1].rsplit("\\", 1)[-1]
    stem = stem.rsplit(".", 1)[0] if "." in stem.lstrip(".") else stem
    return f"{stem.strip() or 'evidence'}{ALLOWED.get(content_type, '.bin')}"
