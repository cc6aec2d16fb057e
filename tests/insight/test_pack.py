"""The evidence pack: a readable PDF with its charts and tables, and a spreadsheet, both byte-identical
when built twice for the same period, with the same small-number rule as the dashboard."""

import io
import zipfile

from openpyxl import load_workbook

from insight.documents import pack_pdf, pack_xlsx, pack_zip
from insight.figures import SUPPRESSED, build_pack
from tests.insight.conftest import PERIOD


def full_pack(home_page, councils):
    return build_pack(PERIOD, site_root=home_page, site_name="Camden SEND Local Offer", council=councils["camden"])


def test_the_pdf_is_byte_identical_when_built_twice(local_offer, searches, councils, home_page):
    first = pack_pdf(full_pack(home_page, councils))
    second = pack_pdf(full_pack(home_page, councils))
    assert first.startswith(b"%PDF-")
    assert first == second
    assert b"/CreationDate (D:20260401000000Z" in first
    assert b"Local Offer Insight" in first


def test_the_pdf_reads_its_figures_and_the_suppression_words(local_offer, searches, councils, home_page):
    from pypdf import PdfReader

    text = "\n".join(
        page.extract_text() for page in PdfReader(io.BytesIO(pack_pdf(full_pack(home_page, councils)))).pages
    )
    assert "Local Offer evidence pack: April 2025 to March 2026" in text
    assert "Services by need" in text and "Schedule 2 checklist" in text
    assert "Personal budgets: Camden Council" in text
    assert "4,016.40" in text
    assert SUPPRESSED in text
    assert "Barnet" not in text
    for name in ("Child 0", "Teen", "EHC-1"):  # aggregates only
        assert name not in text


def test_the_spreadsheet_is_byte_identical_when_built_twice(local_offer, searches, councils, home_page):
    first = pack_xlsx(full_pack(home_page, councils))
    assert first == pack_xlsx(full_pack(home_page, councils))
    for info in zipfile.ZipFile(io.BytesIO(first)).infolist():
        assert info.date_time == (2026, 4, 1, 0, 0, 0)


def test_the_spreadsheet_has_the_same_figures_and_rule(local_offer, searches, councils, home_page):
    workbook = load_workbook(io.BytesIO(pack_xlsx(full_pack(home_page, councils))))
    assert workbook.sheetnames == [
        "About",
        "The Local Offer",
        "Demand what families search for",
        "Personal budgets Camden Council",
    ]
    assert workbook.properties.created.year == 2026 and workbook.properties.creator == "Local Offer Insight"
    rows = {
        row[0]: row[1:]
        for row in workbook["Personal budgets Camden Council"].iter_rows(values_only=True)
        if row and row[0]
    }
    assert rows["Money held above the surplus threshold"][0] == 4016.4
    assert rows["Returns not submitted"][0] == SUPPRESSED
    assert rows["16 to 17"][0] == SUPPRESSED
    assert rows["0 to 15"][0] == 5
    demand = {
        row[0]: row[1:]
        for row in workbook["Demand what families search for"].iter_rows(values_only=True)
        if row and row[0]
    }
    assert demand["trampoline"][0] == SUPPRESSED
    assert demand["sensory swing"][:2] == (6, 1)


def test_one_download_holds_both_files(local_offer, councils, home_page):
    archive = zipfile.ZipFile(io.BytesIO(pack_zip(full_pack(home_page, councils))))
    assert archive.namelist() == [
        "local-offer-evidence-2025-04-to-2026-03.pdf",
        "local-offer-evidence-2025-04-to-2026-03.xlsx",
    ]
    assert pack_zip(full_pack(home_page, councils)) == pack_zip(full_pack(home_page, councils))
