"""Turn uploaded bytes into text, refusing anything that is not a text file we can read."""

from __future__ import annotations

import codecs

from .errors import ImportProblem

DEFAULT_MAX_BYTES = 5 * 1024 * 1024

_CP1252_UNDEFINED = {0x81, 0x8D, 0x8F, 0x90, 0x9D}
_BINARY_SIGNATURES = {
    b"PK\x03\x04": "an Excel workbook or another zipped file",
    b"\xd0\xcf\x11\xe0": "an old-style Excel (.xls) workbook",
    b"%PDF": "a PDF",
    b"\x89PNG": "an image",
    b"\xff\xd8\xff": "an image",
}


def human_size(size: int) -> str:
    if size >= 1024 * 1024:
        return f"{size / (1024 * 1024):.1f} MB".replace(".0 MB", " MB")
    return f"{max(1, round(size / 1024))} KB"


def check_size(size: int, max_bytes: int = DEFAULT_MAX_BYTES) -> None:
    """Refuse an empty or oversized upload before reading it."""
    if size == 0:
        raise ImportProblem("The file is empty. Download the statement again from your bank and upload that file.")
    if size > max_bytes:
        raise ImportProblem(
            f"The file is {human_size(size)}; the largest statement you can upload is {human_size(max_bytes)}. "
            "Download a shorter date range from your bank."
        )


def decode_text(data: bytes) -> tuple[str, str]:
    """Return (text, encoding name). UTF-8 (with or without a byte order mark) is expected.

    Windows-1252 (what older Excel and some banks write, with "£" as byte 0xA3) is used only when
    the bytes are clearly not UTF-8 and read cleanly as Windows-1252 text.
    """
    if not data.strip():
        raise ImportProblem("The file is empty. Download the statement again from your bank and upload that file.")
    for signature, kind in _BINARY_SIGNATURES.items():
        if data.startswith(signature):
            raise ImportProblem(
                f"This file is {kind}, not a CSV or OFX statement. In your spreadsheet or bank, "
                "choose “Save as” or “Export” and pick CSV."
            )
    if data.startswith(codecs.BOM_UTF8):
        try:
            return data[len(codecs.BOM_UTF8) :].decode("utf-8"), "utf-8-sig"
        except UnicodeDecodeError as error:
            raise _encoding_problem(data, error.start) from None
    if data.startswith((codecs.BOM_UTF16_LE, codecs.BOM_UTF16_BE)):
        try:
            return data.decode("utf-16"), "utf-16"
        except UnicodeDecodeError as error:
            raise _encoding_problem(data, error.start) from None
    if b"\x00" in data:
        raise ImportProblem(
            "This file is not a text file we can read (it contains binary data). "
            "Export the statement from your bank as CSV or OFX and upload that."
        )
    try:
        return data.decode("utf-8"), "utf-8"
    except UnicodeDecodeError as error:
        utf8_error_at = error.start
    if _looks_like_cp1252(data):
        return data.decode("cp1252"), "cp1252"
    raise _encoding_problem(data, utf8_error_at)


def _looks_like_cp1252(data: bytes) -> bool:
    if any(byte in _CP1252_UNDEFINED for byte in data):
        return False
    text = data.decode("cp1252")
    # "\xa0" (a non-breaking space, byte 0xA0) is what Santander writes after each label.
    return all(ch.isprintable() or ch in "\r\n\t\xa0" for ch in text)


def _encoding_problem(data: bytes, position: int) -> ImportProblem:
    line = data[:position].count(b"\n") + 1
    return ImportProblem(
        f"The file's text encoding could not be read (a character on line {line} is not valid UTF-8). "
        "Save the file as “CSV UTF-8” and upload it again."
    )
