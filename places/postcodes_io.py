"""postcodes.io client, for deployments with internet access. Cached; any failure returns None
so the caller falls back to the offline lookup. Tests never call it."""

import json
import logging
import urllib.error
import urllib.parse
import urllib.request
from decimal import Decimal

from django.core.cache import cache

from .postcodes import FULL_POSTCODE, PostcodeLocation, _compact, normalise_postcode

logger = logging.getLogger(__name__)
BASE_URL = "https://api.postcodes.io"
TIMEOUT_SECONDS = 3


def lookup_online(value: str) -> PostcodeLocation | None:
    compact = _compact(value)
    is_full = bool(FULL_POSTCODE.match(compact))
    key = f"postcodes.io:{compact}"
    cached = cache.get(key)
    if cached is not None:
        return PostcodeLocation(*cached) if cached else None
    path = "postcodes" if is_full else "outcodes"
    url = f"{BASE_URL}/{path}/{urllib.parse.quote(compact)}"
    try:
        with urllib.request.urlopen(url, timeout=TIMEOUT_SECONDS) as response:
            result = json.load(response).get("result") or {}
    except urllib.error.HTTPError as error:
        if error.code == 404:
            cache.set(key, (), 60 * 60 * 24)
        return None
    except (urllib.error.URLError, TimeoutError, ValueError) as error:
        logger.warning("postcodes.io lookup failed for %s: %s", compact, error)
        return None
    if result.get("latitude") is None:
        return None
    found = (
        normalise_postcode(compact),
        Decimal(str(result["latitude"])),
        Decimal(str(result["longitude"])),
        "postcode" if is_full else "outcode",
    )
    cache.set(key, found, 60 * 60 * 24 * 30)
    return PostcodeLocation(*found)
