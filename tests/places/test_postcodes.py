from decimal import Decimal

import pytest

from localoffer.models import PostcodePoint
from places.postcodes import (
    lookup_postcode,
    normalise_postcode,
    offline_lookup,
    outcode_is_valid,
    postcode_area_is_known,
    postcode_is_valid,
)


@pytest.mark.parametrize(
    ("raw", "normalised"),
    [("nw51tl", "NW5 1TL"), ("  wc1h  9je ", "WC1H 9JE"), ("NW5", "NW5"), ("ec1m3ha", "EC1M 3HA")],
)
def test_normalise_postcode(raw, normalised):
    assert normalise_postcode(raw) == normalised


@pytest.mark.parametrize("value", ["NW5 1TL", "nw51tl", "W1T 1AA", "BT1 1AA", "GIR 0AA"])
def test_valid_postcodes(value):
    assert postcode_is_valid(value)


@pytest.mark.parametrize("value", ["", "NW5", "75008", "NW5 1T", "12345", "SW1A 1AAA"])
def test_invalid_postcodes(value):
    assert not postcode_is_valid(value)


def test_outcodes_and_areas():
    assert outcode_is_valid("nw5") and not outcode_is_valid("NW5 1TL")
    assert postcode_area_is_known("NW5 1TL") and postcode_area_is_known("BT1 1AA")
    assert not postcode_area_is_known("ZZ1 1ZZ")


@pytest.mark.django_db
def test_offline_lookup_places_a_camden_postcode_to_the_unit():
    found = offline_lookup("ec1m 3ha")
    assert found.postcode == "EC1M 3HA" and found.precision == "postcode"
    assert (found.latitude, found.longitude) == (Decimal("51.51929"), Decimal("-0.10585"))


@pytest.mark.django_db
def test_offline_lookup_falls_back_to_the_outcode_centroid_and_knows_outcodes():
    found = offline_lookup("M1 1AE")  # Manchester: not a shipped borough
    assert found.precision == "outcode" and Decimal("53.4") < found.latitude < Decimal("53.5")
    assert offline_lookup("NW5").precision == "outcode"
    assert offline_lookup("ZZ1 1ZZ") is None


@pytest.mark.django_db
def test_imported_postcodes_take_precedence():
    PostcodePoint.objects.create(postcode="M1 1AE", latitude=Decimal("53.480000"), longitude=Decimal("-2.230000"))
    found = lookup_postcode("m11ae")
    assert found.precision == "postcode" and found.latitude == Decimal("53.480000")
