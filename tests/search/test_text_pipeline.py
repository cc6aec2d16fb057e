"""One text pipeline for both backends (search/text.py): folding, Snowball stems, glossary phrases
read correctly, and typo expansion only where it can help."""

from collections import Counter

import pytest

from search.backends.base import load_glossary
from search.models import GlossaryEntry
from search.text import (
    STEMMED,
    SYNONYM,
    TYPO,
    glossary_map,
    index_stems,
    plan_query,
    split_alternatives,
    stem,
    tokenize,
)
from search.vocabulary import Vocabulary


def test_words_are_folded_and_possessives_dropped():
    assert tokenize("Asperger’s café, don't POST-16") == ["asperger", "cafe", "dont", "post", "16"]


@pytest.mark.parametrize(
    "words",
    [("dancing", "dance", "danced"), ("disabilities", "disability"), ("teenagers", "teenager"), ("swimming", "swim")],
)
def test_forms_of_a_word_share_a_stem(words):
    assert len({stem(word) for word in words}) == 1


def test_a_comma_inside_a_phrase_does_not_split_it():
    """Seeded as "social, emotional and mental health": the alternative "social" made SEMH match
    any service mentioning "social"."""
    assert split_alternatives("social emotional and mental health, social, emotional and mental health") == [
        "social emotional and mental health",
        "social, emotional and mental health",
    ]
    assert split_alternatives("EHC plan, education, health and care plan") == [
        "EHC plan",
        "education, health and care plan",
    ]
    assert split_alternatives("ASD\nASC\nautistic spectrum condition") == ["ASD", "ASC", "autistic spectrum condition"]
    entry = GlossaryEntry(
        term="SEMH", alternatives="social emotional and mental health, social, emotional and mental health"
    )
    assert "social" not in entry.phrases
    assert ("social",) not in glossary_map([(entry.term, entry.alternatives)])


def Directory(*words) -> Vocabulary:
    """The directory's words, as search.vocabulary reads them from the search table."""
    return Vocabulary(Counter(words))


def tiers(plan):
    return [{term.tier for term in group.terms} for group in plan.groups]


def test_a_word_the_directory_knows_is_never_expanded_as_a_typo():
    """ "carer support" matched care, career, cater, sport and supper when every word was expanded."""
    directory = Directory("carer", "carers", "care", "career", "cater", "support", "sport", "supper")
    plan = plan_query("carer support", {}, directory)
    assert all(TYPO not in group for group in tiers(plan))


def test_short_and_postcode_like_words_are_never_expanded():
    directory = Directory("bs1", "bs2", "bsl", "ot", "autism")
    for text in ("BSL", "BS1", "OT", "nw5"):
        assert all(TYPO not in group for group in tiers(plan_query(text, {}, directory))), text


def test_an_unknown_word_is_expanded_to_directory_words_within_the_edit_distance():
    directory = Directory("autism", "autistic", "author")
    plan = plan_query("autisim", {}, directory)
    typos = [term.words for term in plan.groups[0].terms if term.tier == TYPO]
    assert ("autism",) in typos and ("author",) not in typos
    assert plan.unknown_words == ["autisim"]


@pytest.mark.django_db
@pytest.mark.parametrize(
    ("typed", "expected"),
    [
        ("Asperger's", "autism"),
        ("BSL", "british sign language"),
        ("teens", "young people"),
        ("SEMH", "social emotional and mental health"),
        ("EHCP", "education health and care plan"),
        ("respite", "short breaks"),
    ],
)
def test_the_seeded_glossary_knows_what_families_type(typed, expected):
    plan = plan_query(typed, load_glossary())
    synonyms = {term.words for term in plan.groups[0].terms if term.tier in (STEMMED, SYNONYM)}
    assert tuple(index_stems(expected).split()) in synonyms


@pytest.mark.django_db
def test_the_seeded_semh_entry_no_longer_matches_social_alone():
    plan = plan_query("SEMH", load_glossary())
    assert all(term.words != ("social",) for term in plan.groups[0].terms)
