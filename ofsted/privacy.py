"""A childminder's home is never published: only its postcode district (outcode), placed at the
district's centre, as Outpost does.

Childminders and childcare on domestic premises work from their own homes, and Ofsted withholds
their addresses for that reason. So wherever a home-based provider's location comes from (this
import, an editor, a feed), what is saved is the outcode, no address lines, and the coordinates of
the outcode's centre. The service page, the ORUK API and the search index all read the saved
location, so none of them can show the street; a family searching by distance finds the childminder
by the district's centre.
"""

from places.postcodes import lookup_postcode, normalise_postcode, outcode_is_valid, outcode_of, postcode_is_valid


def is_outcode(value: str) -> bool:
    return outcode_is_valid(value or "")


def outcode_for(postal_code: str) -> str:
    """The outcode of a full postcode or an outcode; '' for anything else."""
    if postcode_is_valid(postal_code or ""):
        return outcode_of(postal_code)
    if is_outcode(postal_code):
        return normalise_postcode(postal_code)
    return ""


def redact(location) -> None:
    """Cut a location down to its outcode, in place (not saved)."""
    outcode = outcode_for(location.postal_code)
    location.name = f"Childminder in {outcode}" if outcode else "Childminder"
    location.address_1 = location.address_2 = ""
    location.city = location.state_province = ""
    location.postal_code = outcode
    point = lookup_postcode(outcode) if outcode else None
    location.latitude = point.latitude if point else None
    location.longitude = point.longitude if point else None


def place_home_based_service(service, outcode: str):
    """Give a home-based service one location: its outcode, at the district's centre."""
    from localoffer.models import Location, ServiceAtLocation

    link = service.service_at_locations.select_related("location").first()
    if link is None:
        location = Location(postal_code=outcode)
        redact(location)
        location.save()
        ServiceAtLocation.objects.create(service=service, location=location)
        return location
    location = link.location
    if location.postal_code != outcode_for(outcode):
        location.postal_code = outcode
        location.save()  # the pre-save signal redacts it
    return location
