"""Ranking on both backends: BM25 with field weights, coverage first (all words beat most beat
one), then exact > stemmed > synonym > typo; no typo expansion of words the directory knows."""

import pytest
from django.core.cache import cache
from django.db import transaction

from search.api import ServiceQuery
from search.backends import build_backend
from tests.localoffer.factories import DirectoryIndexPageFactory, ServicePageFactory
from tests.search.conftest import elasticsearch_backend, make_site

pytestmark = pytest.mark.django_db

SERVICES = [
    # (title, summary, description, who it is for)
    ("Carer Support Group", "Peer support for carers", "Meet other carers.", ""),
    ("Careers Advice", "Help choosing a career", "Guidance on college and work.", ""),
    ("Catering Course", "Learn to cater for events", "A course in a kitchen.", ""),
    (
        "Access Hub",
        "A drop-in hub",
        "Mental health support for young people is one of many things we signpost to.",
        "Young people, Mental health, Autism, Carers, Parents, Disabled people, Dance, Wheelchair users",
    ),
    ("Young People's Mental Health Team", "Support for young people's mental health", "Talk to a nurse.", ""),
    ("Dance for Disabled People", "Inclusive dance sessions", "Weekly sessions in the hall.", ""),
    ("Dancing Club", "Ballroom and Latin", "All welcome.", ""),
    ("Dance Studio", "Ballet and tap", "All welcome.", ""),
    ("Bowls for Disabled People", "Indoor bowls", "Wheelchair accessible.", ""),
    ("Autistic Youth Club", "Club nights", "For teenagers.", ""),
    ("Autism Centre", "Advice and activities", "For families.", ""),
]


@pytest.fixture(scope="module")
def ranked_directory(django_db_setup, django_db_blocker):
    with django_db_blocker.unblock():
        with transaction.atomic():
            cache.clear()
            directory = DirectoryIndexPageFactory(parent=make_site())
            for title, summary, description, eligibility in SERVICES:
                ServicePageFactory(
                    parent=directory,
                    title=title,
                    summary=summary,
                    description=f"<p>{description}</p>",
                    eligibility_description=eligibility,
                )
            yield
            cache.clear()
            transaction.set_rollback(True)


@pytest.fixture(scope="module", params=["database", "elasticsearch"])
def backend(request, ranked_directory, django_db_blocker):
    with django_db_blocker.unblock():
        if request.param == "database":
            chosen = build_backend("database")
            chosen.rebuild()
            yield chosen
        else:
            chosen = elasticsearch_backend()
            chosen.rebuild()
            yield chosen
            chosen.delete_indices()


def titles(backend, text):
    return [hit.title for hit in backend.find_services(ServiceQuery(text=text)).hits]


def test_a_correctly_spelt_word_is_not_matched_to_its_neighbours(backend):
    found = titles(backend, "carer support")
    assert found[0] == "Carer Support Group"
    assert "Careers Advice" not in found and "Catering Course" not in found


def test_the_name_outweighs_a_flood_of_audience_tags(backend):
    found = titles(backend, "mental health support for young people")
    assert found[:2] == ["Young People's Mental Health Team", "Access Hub"]


def test_every_word_beats_some_words(backend):
    found = titles(backend, "dancing for disabled people")
    assert found[0] == "Dance for Disabled People"
    assert {"Dancing Club", "Dance Studio", "Bowls for Disabled People"} <= set(found)


def test_the_word_as_typed_beats_its_stem(backend):
    found = titles(backend, "dancing")
    assert found.index("Dancing Club") < found.index("Dance Studio")


def test_the_word_as_typed_beats_a_synonym(backend):
    found = titles(backend, "autistic")
    assert found.index("Autistic Youth Club") < found.index("Autism Centre")


def test_a_typo_still_finds_the_word(backend):
    assert titles(backend, "dancng")[:3] and "Dancing Club" in titles(backend, "dancng")
