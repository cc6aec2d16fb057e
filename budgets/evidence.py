"""Evidence files are checked by what they contain, not by their name."""

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
