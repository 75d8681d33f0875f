"""The State index: UN names in six languages and their usual variants resolve to ISO3 codes."""
from __future__ import annotations

import re

import pytest

from unkg.reference.states import LANGUAGES, StateIndex


@pytest.fixture(scope="module")
def index() -> StateIndex:
    return StateIndex.load()


# the States named in the reference report (French), with the forms the report uses
REFERENCE_REPORT_STATES = {
    "Finlande": "FIN", "Canada": "CAN", "États-Unis d'Amérique": "USA", "États-Unis": "USA",
    "Pays-Bas": "NLD", "Roumanie": "ROU", "Chine": "CHN", "Philippines": "PHL",
    "Australie": "AUS", "Mexique": "MEX", "Maroc": "MAR", "Japon": "JPN",
    "République islamique d'Iran": "IRN", "République islamique d’Iran": "IRN", "Thaïlande": "THA",
}


@pytest.mark.parametrize("name,iso3", sorted(REFERENCE_REPORT_STATES.items()))
def test_french_names_of_the_reference_report(index, name, iso3):
    assert index.lookup(name, "fr") == iso3
    assert index.lookup(name) == iso3


@pytest.mark.parametrize("name,lang,iso3", [
    ("Iran (Islamic Republic of)", "en", "IRN"),
    ("Islamic Republic of Iran", "en", "IRN"),
    ("Türkiye", "en", "TUR"),
    ("Turkey", "en", "TUR"),
    ("United States of America", "en", "USA"),
    ("the Netherlands", "en", "NLD"),
    ("Netherlands (Kingdom of the)", "en", "NLD"),
    ("Viet Nam", "en", "VNM"),
    ("Holy See", "en", "VAT"),
    ("State of Palestine", "en", "PSE"),
    ("Estados Unidos de América", "es", "USA"),
    ("República Islámica del Irán", "es", "IRN"),
    ("Países Bajos", "es", "NLD"),
    ("Iran (République islamique d’)", "fr", "IRN"),
    ("etats-unis d’amerique", "fr", "USA"),          # no accents, curly apostrophe, lower case
    ("la Finlande", "fr", "FIN"),
    ("de l'Australie", "fr", "AUS"),
    ("Исламская Республика Иран", "ru", "IRN"),
    ("美利坚合众国", "zh", "USA"),
    ("فنلندا", "ar", "FIN"),
])
def test_names_and_variants_in_other_languages(index, name, lang, iso3):
    assert index.lookup(name, lang) == iso3


@pytest.mark.parametrize("name", ["Vienne", "Vienna", "Union européenne", "Conférence", "", "us", "Korea"])
def test_what_is_not_a_state_is_none(index, name):
    assert index.lookup(name) is None


def test_member_and_observer_states(index):
    statuses = {}
    for state in index:
        statuses.setdefault(state.status, set()).add(state.iso3)
    assert len(statuses["member"]) == 193
    assert statuses["observer"] == {"VAT", "PSE"}
    iran = index.info("IRN")
    assert (iran.iso2, iran.m49) == ("IR", 364)
    assert set(iran.names) == set(LANGUAGES)
    assert iran.names["fr"] == "Iran (République islamique d')"
    assert "République islamique d'Iran" in iran.variants["fr"]
    with pytest.raises(KeyError):
        index.info("XXX")


def test_names_table_builds_a_regex_that_prefers_the_longest_form(index):
    names = index.names("fr")
    assert names["États-Unis"] == names["États-Unis d'Amérique"] == "USA"
    pattern = re.compile("|".join(re.escape(n) for n in sorted(names, key=len, reverse=True)))
    text = "les États-Unis d’Amérique et la République islamique d’Iran"
    found = [(m.group(0), names[m.group(0)]) for m in pattern.finditer(text)]
    assert found == [("États-Unis d’Amérique", "USA"), ("République islamique d’Iran", "IRN")]
    with pytest.raises(KeyError):
        index.names("de")
