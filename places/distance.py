"""Distances on the Earth's surface: one formula and one radius for the whole service.

The directory's "within 3 miles", the ORUK API's `proximity` and Elasticsearch's `arc` geo distance
must agree to the metre, or a service at the edge of a radius is in one list and not the other.
"""

import math

# Elasticsearch's GeoUtils.EARTH_MEAN_RADIUS, which its `arc` distance uses.
EARTH_RADIUS_METRES = 6_371_008.7714
METRES_PER_MILE = 1609.344


def metres_between(latitude_1: float, longitude_1: float, latitude_2: float, longitude_2: float) -> float:
    """Great-circle (haversine) distance in metres."""
    phi_1, phi_2 = math.radians(float(latitude_1)), math.radians(float(latitude_2))
    d_phi = phi_2 - phi_1
    d_lambda = math.radians(float(longitude_2) - float(longitude_1))
    h = math.sin(d_phi / 2) ** 2 + math.cos(phi_1) * math.cos(phi_2) * math.sin(d_lambda / 2) ** 2
    return 2 * EARTH_RADIUS_METRES * math.asin(min(1.0, math.sqrt(h)))


def miles_between(latitude_1: float, longitude_1: float, latitude_2: float, longitude_2: float) -> float:
    return metres_between(latitude_1, longitude_1, latitude_2, longitude_2) / METRES_PER_MILE


def bounding_box(latitude: float, longitude: float, radius_miles: float) -> tuple[float, float, float, float]:
    """(min latitude, max latitude, min longitude, max longitude) containing the radius, with 1% to spare."""
    radius_degrees = math.degrees(radius_miles * METRES_PER_MILE / EARTH_RADIUS_METRES)
    longitude_degrees = radius_degrees / max(0.01, math.cos(math.radians(latitude)))
    return (
        latitude - radius_degrees * 1.01,
        latitude + radius_degrees * 1.01,
        longitude - longitude_degrees * 1.01,
        longitude + longitude_degrees * 1.01,
    )
