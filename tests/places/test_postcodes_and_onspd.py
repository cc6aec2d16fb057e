"""Offline postcode lookup (any case and spacing), postcodes.io caching, and the ONSPD import."""

from decimal import Decimal
from io import StringIO

import pytest
from django.core.management import CommandError, call_command

from localoffer.models import PostcodePoint
from places.postcodes import lookup_postcode

ONSPD_HEADER = "pcd,pcd2,pcds,dointr,doterm,oscty,lat,long\n"


@pytest.mark.parametrize(
    ("typed", "postcode", "precision"),
    [("NW5 1TL", "NW5 1TL", "postcode"), ("nw51tl", "NW5 1TL", "postcode"), (" nw5 ", "NW5", "outcode")],
)
def test_offline_lookup_any_case_and_spacing(db, typed, postcode, precision):
    found = lookup_postcode(typed)
    assert (found.postcode, found.precision) == (postcode, precision)


def test_unknown_and_malformed_postcodes_are_not_found(db):
    assert lookup_postcode("ZZ99 9ZZ") is None
    assert lookup_postcode("not a postcode") is None


def test_import_onspd_adds_live_postcodes_and_is_idempotent(db, tmp_path):
    csv_file = tmp_path / "ONSPD.csv"
    csv_file.write_text(
        ONSPD_HEADER
        + "AB1 0AA,AB1  0AA,AB1 0AA,198001,199606,S99999999,57.101474,-2.242851\n"  # terminated
        + "AB101AB,AB10 1AB,AB10 1AB,200401,,S99999999,57.149606,-2.096916\n"
        + "ZZ991ZZ,ZZ99 1ZZ,ZZ99 1ZZ,200401,,S99999999,99.999999,0.000000\n",  # no coordinates
        encoding="utf-8",
    )
    out = StringIO()
    call_command("import_onspd", str(csv_file), stdout=out, stderr=StringIO())
    call_command("import_onspd", str(csv_file), stdout=StringIO(), stderr=StringIO())
    assert "Imported 1 postcodes from ONSPD.csv; skipped 2." in out.getvalue()
    assert list(PostcodePoint.objects.values_list("postcode", "latitude", "longitude")) == [
        ("AB10 1AB", Decimal("57.149606"), Decimal("-2.096916"))
    ]
    found = lookup_postcode("ab101ab")
    assert (found.precision, found.latitude) == ("postcode", Decimal("57.149606"))


def test_import_onspd_names_the_file_row_and_field_on_bad_input(db, tmp_path):
    csv_file = tmp_path / "bad.csv"
    csv_file.write_text(ONSPD_HEADER + "AB101AB,AB10 1AB,AB10 1AB,200401,,S99999999,north,-2.09\n", encoding="utf-8")
    with pytest.raises(CommandError, match=r"bad.csv, row 2, field lat: ‘north’ is not a number"):
        call_command("import_onspd", str(csv_file), stdout=StringIO(), stderr=StringIO())
    other = tmp_path / "other.csv"
    other.write_text("postcode,latitude\nAB10 1AB,57.1\n", encoding="utf-8")
    with pytest.raises(CommandError, match=r"other.csv: missing column\(s\) pcds, lat, long"):
        call_command("import_onspd", str(other), stdout=StringIO(), stderr=StringIO())
