"""UN symbols parse and render back; IRIs are deterministic from content identifiers."""
import pytest

from unkg.errors import UsageError
from unkg.identifiers import Minter, UNSymbol, item_slug, parse_resolution_number, slug

SYMBOLS = [
    # text, stem, modifiers, body
    ("A/RES/80/10", "A/RES/80/10", (), "ga"),
    ("CTOC/COP/WG.2/2016/1", "CTOC/COP/WG.2/2016/1", (), "ctoc-cop-wg2"),
    ("CTOC/COP/2016/15", "CTOC/COP/2016/15", (), "ctoc-cop"),
    ("A/73/L.6/Add.1", "A/73/L.6", ("Add.1",), "ga"),
    ("A/C.3/80/L.5/Rev.1", "A/C.3/80/L.5", ("Rev.1",), "ga"),
    ("CAC/COSP/2019/17/Corr.1", "CAC/COSP/2019/17", ("Corr.1",), "cac-cosp"),
    ("E/CN.15/2024/L.3/Rev.1/Add.2", "E/CN.15/2024/L.3", ("Rev.1", "Add.2"), "ccpcj"),
]


@pytest.mark.parametrize("text,stem,mods,body", SYMBOLS)
def test_symbol_round_trip(text, stem, mods, body):
    sym = UNSymbol.parse(text)
    assert (sym.stem, sym.modifiers, sym.body) == (stem, mods, body)
    assert str(sym) == text
    assert UNSymbol.parse(str(sym)) == sym


def test_symbol_spaces_around_slashes_are_normalised():
    assert str(UNSymbol.parse(" CTOC / COP / WG.2/2016/1 ")) == "CTOC/COP/WG.2/2016/1"


@pytest.mark.parametrize("bad", ["", "8/4", "resolution", "a/res/80/10", "A/", "A//1"])
def test_not_a_symbol_is_refused(bad):
    with pytest.raises(UsageError):
        UNSymbol.parse(bad)


def test_symbols_found_in_text_with_spans():
    text = "Voir CTOC/COP/WG.2/2016/1. et (A/73/L.6/Add.1), pas 8/4."
    found = [(str(s), text[a:b]) for s, a, b in UNSymbol.find_all(text)]
    assert found == [("CTOC/COP/WG.2/2016/1", "CTOC/COP/WG.2/2016/1"), ("A/73/L.6/Add.1", "A/73/L.6/Add.1")]


def test_ga_resolution_symbol_is_the_resolution_iri():
    m = Minter()
    assert m.document("A/RES/80/10") == m.resolution("ga", "80/10")
    assert str(m.resolution("ctoc-cop", "8/4")) == "https://w3id.org/unkg/id/resolution/ctoc-cop/8/4"
    assert str(m.document("CTOC/COP/WG.2/2016/1")) == "https://w3id.org/unkg/id/doc/CTOC/COP/WG.2/2016/1"


def test_iris_follow_the_base():
    m = Minter("http://example.org/kg/")
    assert str(m.state("FIN")) == "http://example.org/kg/id/state/FIN"
    expr = m.expression(m.report("ctoc-cop-wg2", 9), "fr")
    assert str(m.graph(expr)) == "http://example.org/kg/graph/report/ctoc-cop-wg2/9/fr"


def test_graph_of_a_foreign_iri_is_refused():
    with pytest.raises(UsageError):
        Minter().graph("http://elsewhere.org/id/x/fr")


@pytest.mark.parametrize("text,expected", [
    ("Rafael Edmundo Mateos Poumián", "rafael-edmundo-mateos-poumian"),
    ("Mei-Lin Wang", "mei-lin-wang"),
    ("  Virginia   Prugh ", "virginia-prugh"),
])
def test_person_slug(text, expected):
    assert slug(text) == expected


@pytest.mark.parametrize("label,expected", [("99 (bb)", "99-bb"), ("1 b)", "1-b"), ("2", "2")])
def test_agenda_item_slug(label, expected):
    assert item_slug(label) == expected


def test_resolution_numbers():
    assert parse_resolution_number("8/4") == (8, 4)
    assert parse_resolution_number(" 80/10 ") == (80, 10)
    assert parse_resolution_number("1980/67") == (1980, 67)   # ECOSOC numbers by year
    for bad in ("8-4", "80/", "A/RES/80/10", "1234/5", "12345/6"):
        with pytest.raises(UsageError):
            parse_resolution_number(bad)


def test_state_code_must_be_alpha3():
    with pytest.raises(UsageError):
        Minter().state("fi")
