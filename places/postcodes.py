"""UK postcodes: validation, normalisation and offline lookup.

Offline data ships in `data/`: every live postcode in the demo boroughs and the centroid of
every outcode in Great Britain (OS Code-Point Open, OGL v3; see data/README.md). Postcodes
imported from the ONS Postcode Directory (`PostcodePoint`) extend coverage nationally.
An online client (postcodes.io) can be chosen with the POSTCODE_LOOKUP setting; it falls back to
the offline data when the network fails.
"""

import csv
import functools
import re
from dataclasses import dataclass
from decimal import Decimal
from pathlib import Path

from django.apps import apps
from django.conf import settings

DATA_DIR = Path(settings.BASE_DIR) / "data"

# The Royal Mail format: outcode (area + district) and incode (sector + unit).
OUTCODE_PATTERN = r"(GIR|[A-Z]{1,2}[0-9][A-Z0-9]?)"
INCODE_PATTERN = r"([0-9][A-Z]{2})"
FULL_POSTCODE = re.compile(rf"^{OUTCODE_PATTERN}{INCODE_PATTERN}$")
OUTCODE_ONLY = re.compile(rf"^{OUTCODE_PATTERN}$")


@dataclass(frozen=True)
class PostcodeLocation:
    postcode: str
    latitude: Decimal
    longitude: Decimal
    precision: str  # "postcode" or "outcode"


def _compact(value: str) -> str:
    return re.sub(r"\s+", "", value or "").upper()


def postcode_is_valid(value: str) -> bool:
    """A full UK postcode, any case and spacing."""
    return bool(FULL_POSTCODE.match(_compact(value)))


# Postcode areas outside Great Britain's outcode file: Northern Ireland, the Channel Islands, Isle of Man.
AREAS_WITHOUT_CENTROIDS = {"BT", "GY", "JE", "IM"}


@functools.cache
def _known_areas() -> frozenset[str]:
    areas = {re.match(r"[A-Z]+", outcode).group(0) for outcode in _outcode_centroids()}
    return frozenset(areas | AREAS_WITHOUT_CENTROIDS)


def postcode_area_is_known(value: str) -> bool:
    """The letters that start a postcode (NW, WC, B) name a real UK postcode area."""
    compact = _compact(value)
    match = FULL_POSTCODE.match(compact) or OUTCODE_ONLY.match(compact)
    return bool(match) and re.match(r"[A-Z]+", match.group(1)).group(0) in _known_areas()


def outcode_is_valid(value: str) -> bool:
    return bool(OUTCODE_ONLY.match(_compact(value)))


@functools.lru_cache(maxsize=65536)
def outcode_of(postal_code: str) -> str:
    """'nw5 1tl' -> 'NW5'; '' for anything that is not a full postcode."""
    normal = normalise_postcode(postal_code or "")
    return normal.split(" ")[0] if " " in normal else ""


def district_of(postal_code: str) -> str:
    """The postcode district a location is in: the outcode of a full postcode, or the value itself when
    only the district is held (a childminder's home is published as its district alone)."""
    full = outcode_of(postal_code)
    if full:
        return full
    return normalise_postcode(postal_code or "") if outcode_is_valid(postal_code or "") else ""


def normalise_postcode(value: str) -> str:
    """'nw51tl' -> 'NW5 1TL'; an outcode is returned upper case with no space."""
    compact = _compact(value)
    match = FULL_POSTCODE.match(compact)
    if match:
        return f"{match.group(1)} {match.group(2)}"
    return compact


@functools.cache
def _shipped_postcodes() -> dict[str, tuple[Decimal, Decimal]]:
    points = {}
    with open(DATA_DIR / "demo-borough-postcodes.csv", newline="", encoding="utf-8") as handle:
        for row in csv.DictReader(handle):
            points[row["postcode"]] = (Decimal(row["latitude"]), Decimal(row["longitude"]))
    return points


@functools.cache
def _outcode_centroids() -> dict[str, tuple[Decimal, Decimal]]:
    points = {}
    with open(DATA_DIR / "uk-outcode-centroids.csv", newline="", encoding="utf-8") as handle:
        for row in csv.DictReader(handle):
            points[row["outcode"]] = (Decimal(row["latitude"]), Decimal(row["longitude"]))
    return points


def offline_lookup(value: str) -> PostcodeLocation | None:
    """Place a full postcode (to the unit) or an outcode (to its centroid), or None if unknown."""
    # The ONSPD import's table belongs to the directory app; looked up by name so that this floor
    # imports nothing from the floors above it.
    PostcodePoint = apps.get_model("localoffer", "PostcodePoint")
    compact = _compact(value)
    if FULL_POSTCODE.match(compact):
        postcode = normalise_postcode(compact)
        imported = PostcodePoint.objects.filter(postcode=postcode).first()
        if imported:
            return PostcodeLocation(postcode, imported.latitude, imported.longitude, "postcode")
        shipped = _shipped_postcodes().get(postcode)
        if shipped:
            return PostcodeLocation(postcode, shipped[0], shipped[1], "postcode")
        outcode = FULL_POSTCODE.match(compact).group(1)
        centroid = _outcode_centroids().get(outcode)
        if centroid:
            return PostcodeLocation(postcode, centroid[0], centroid[1], "outcode")
        return None
    if OUTCODE_ONLY.match(compact):
        centroid = _outcode_centroids().get(compact)
        if centroid:
            return PostcodeLocation(compact, centroid[0], centroid[1], "outcode")
    return None


def lookup_postcode(value: str) -> PostcodeLocation | None:
    """Look a postcode up with the configured lookup (see POSTCODE_LOOKUP)."""
    if getattr(settings, "POSTCODE_LOOKUP", "offline") == "postcodes.io":
        from .postcodes_io import lookup_online

        found = lookup_online(value)
        if found is not None:
            return found
    return offline_lookup(value)
