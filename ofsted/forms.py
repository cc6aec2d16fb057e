from pathlib import Path

from django import forms
from django.conf import settings

from .register import RegisterFileError

ACCEPTED_SUFFIXES = (".csv", ".xlsx")


class RegisterUploadForm(forms.Form):
    file = forms.FileField(
        label="Ofsted's file",
        error_messages={"required": "Choose Ofsted's CSV or XLSX file", "empty": "The submitted file is empty"},
        help_text="'Childcare providers and inspections: management information', as CSV or XLSX, from GOV.UK",
    )
    local_authority = forms.CharField(
        max_length=100,
        error_messages={"required": "Enter the local authority, as Ofsted writes it (e.g. Camden)"},
        help_text="The council's area as Ofsted writes it in the 'Local Authority' column, e.g. Camden",
    )

    def clean_file(self):
        upload = self.cleaned_data["file"]
        suffix = Path(upload.name or "").suffix.lower()
        if suffix not in ACCEPTED_SUFFIXES:
            raise forms.ValidationError("Upload Ofsted's file as CSV or XLSX (the file name ends .csv or .xlsx)")
        if upload.size > settings.OFSTED_MAX_UPLOAD_BYTES:
            limit = settings.OFSTED_MAX_UPLOAD_BYTES // (1024 * 1024)
            raise forms.ValidationError(f"The file is larger than {limit} MB; Ofsted's national file is about 20 MB")
        if upload.size == 0:
            raise forms.ValidationError(str(RegisterFileError("The file is empty")))
        return upload

    def clean_local_authority(self):
        value = " ".join(self.cleaned_data["local_authority"].split())
        if not value:
            raise forms.ValidationError("Enter the local authority, e.g. Camden")
        return value
