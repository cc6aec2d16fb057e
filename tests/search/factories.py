"""A small directory with known text, needs, ages, costs and places, for the search contract."""

from decimal import Decimal

from tests.localoffer.factories import LocationFactory, ServicePageFactory, category, need


def location(name, postal_code, latitude, longitude):
    return LocationFactory(name=name, postal_code=postal_code, latitude=Decimal(latitude), longitude=Decimal(longitude))


def build_contract_directory(directory) -> dict:
    """Seven published services and one draft. Distances from the NW5 outcode centroid
    (51.55172, -0.14514): Kentish Town 0.15 mi, Camden 0.9, Hampstead 0.9, Holborn 2.4,
    Poplar 6.3, Brighton 50. Locations with real postcodes use their coordinates from data/."""
    autism = need("autism", "Autism")
    adhd = need("adhd", "ADHD")
    speech = need("speech", "Speech, language and communication")
    physical = need("physical", "Physical disability")
    health = category("health", "Health")
    leisure = category("leisure", "Leisure and short breaks")
    education = category("education", "Education")

    kentish_town = location("Kentish Town Centre", "NW5 1TL", "51.553930", "-0.144750")
    camden = location("Camden Centre", "NW1 0NE", "51.538610", "-0.142060")
    hampstead = location("Hampstead Clinic", "NW3 2QG", "51.553220", "-0.165320")
    holborn = location("Holborn Pool", "WC1X 8AB", "51.520000", "-0.120000")
    poplar = location("Poplar Hub", "E14 0AA", "51.505000", "-0.020000")
    brighton = location("Brighton Clinic", "BN1 1AA", "50.822500", "-0.137200")

    def service(title, summary, needs, categories, locations, **fields):
        return ServicePageFactory(
            parent=directory,
            title=title,
            summary=summary,
            needs=needs,
            categories=categories,
            locations=locations,
            **fields,
        )

    services = {
        "outreach": service(
            "Autism Outreach Team",
            "Specialist support at home and school for autistic children",
            [autism],
            [health],
            [kentish_town],
            minimum_age=2,
            maximum_age=11,
            is_free=True,
            delivery_methods=["in_person", "home_visit"],
        ),
        "sensory": service(
            "Saturday Sensory Club",
            "Play sessions for children with sensory needs and autism",
            [autism, physical],
            [leisure],
            [camden, poplar],
            minimum_age=5,
            maximum_age=15,
            is_free=False,
            delivery_methods=["in_person"],
        ),
        "speech": service(
            "Speech and Language Therapy Service",
            "Therapy for children with speech, language and communication needs",
            [speech],
            [health],
            [hampstead],
            minimum_age=0,
            maximum_age=18,
            is_free=True,
            delivery_methods=["in_person", "online"],
        ),
        "adhd": service(
            "ADHD Parent Support Group",
            "Monthly group for parents of children with ADHD",
            [adhd],
            [education],
            [],
            minimum_age=0,
            maximum_age=25,
            is_free=True,
            delivery_methods=["online", "phone"],
        ),
        "swimming": service(
            "Wheelchair Swimming Sessions",
            "Accessible swimming for wheelchair users",
            [physical],
            [leisure],
            [holborn],
            minimum_age=8,
            maximum_age=25,
            is_free=False,
            delivery_methods=["in_person"],
        ),
        "occupational": service(
            "Occupational Therapy Clinic",
            "OT assessments for children with physical and sensory needs",
            [physical],
            [health],
            [brighton],
            minimum_age=0,
            maximum_age=18,
            is_free=True,
            delivery_methods=["in_person"],
        ),
        "teenage": service(
            "Teenage Autism Social Group",
            "Evening social group for autistic teenagers",
            [autism],
            [leisure],
            [poplar],
            minimum_age=13,
            maximum_age=19,
            is_free=True,
            delivery_methods=["in_person"],
        ),
    }
    draft = service("Hidden Autism Draft", "Not yet published autism service", [autism], [health], [kentish_town])
    draft.unpublish()
    services["draft"] = draft
    return services
