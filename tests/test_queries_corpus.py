"""The named queries on the graph of the real corpus: the reference report's hand-checked facts
(corpus README) and the General Assembly resolutions' gold facts (corpus gold/*.json)."""
from __future__ import annotations

import json
import re
from collections import defaultdict

import pytest

from unkg.config import Settings
from unkg.querylib import list_qc_queries, run_named
from unkg.store.oxigraph import OxigraphStore
from .gold import corrected

REPORT_RECOMMENDATIONS = {  # number: (section, article, addressees, modality)
    5: ("A", 32, {"STATES_PARTIES"}, "recalls"),
    6: ("A", 32, {"STATES_PARTIES", "UNODC"}, "should"),
    7: ("A", 32, {"STATES"}, "should_consider"),
    8: ("A", 32, {"STATES"}, "should_consider"),
    9: ("A", 32, {"WORKING_GROUP", "STATES", "UNODC"}, "recommends"),
    10: ("A", 32, {"UNODC"}, "should"),
    11: ("B", 23, {"STATES"}, "should"),
    12: ("B", 23, {"STATES"}, "should"),
    13: ("B", 23, {"STATES"}, "should_consider"),
    14: ("B", 23, {"STATES"}, "should"),
    15: ("B", 23, {"STATES"}, "should_consider"),
    16: ("B", 23, {"UNODC"}, "should"),
    17: ("C", 6, {"STATES"}, "should"),
    18: ("C", 6, {"STATES"}, "should"),
    19: ("C", 6, {"STATES"}, "should_consider"),
    20: ("C", 6, {"STATES"}, "should_consider"),
    21: ("C", 6, {"STATES"}, "should_consider"),
    22: ("C", 6, {"STATES"}, "should_consider"),
    23: ("C", 6, {"STATES"}, "should_consider"),
}
REPORT_STATES = {("FIN", "party"), ("CAN", "party"), ("USA", "party"), ("NLD", "party"), ("ROU", "party"),
                 ("CHN", "party"), ("PHL", "party"), ("AUS", "party"), ("MEX", "party"), ("MAR", "party"),
                 ("JPN", "signatory"), ("IRN", "signatory")}
REPORT_PANELLISTS = {  # name, honorific, State, role, agenda item
    ("Virginia Prugh", "Ms.", "USA", "panellist", "2"),
    ("Andreas Schloenhardt", "Mr.", "AUS", "panellist", "3"),
    ("Matthew Taylor", "Mr.", "CAN", "panellist", "3"),
    ("Chatchom Akapin", "Mr.", "THA", "panellist", "3"),
    ("Mei-Lin Wang", "Ms.", "AUS", "panellist", "4"),
    ("Rafael Edmundo Mateos Poumián", "Mr.", "MEX", "panellist", "4"),
}
REPORT_CITATIONS = {
    "resolution": {"7/1", "7/3", "8/4"},
    "decision": {"2/6", "4/3"},
    "article": {"6", "23", "32"},
    "document": {f"CTOC/COP/WG.2/2016/{n}" for n in range(1, 5)},
}


@pytest.fixture(scope="session")
def corpus_store(corpus, reference_report, tmp_path_factory):
    """One store with the reference report, the GA resolutions of session 80 and the two PDFs."""
    from unkg.ingest.pipeline import ingest_paths

    path = tmp_path_factory.mktemp("corpus") / "store"
    settings = Settings.from_env({}, store=str(path))
    store = OxigraphStore(path)
    summary = ingest_paths(store, [reference_report, corpus / "resolutions" / "ga-80", corpus / "pdf"],
                           settings, keep_going=True)
    store.ingest_summary = summary
    yield store
    store.close()


def table(store, name, **params):
    """Rows as dicts of plain strings ('' for unbound)."""
    r = run_named(store, name, {k: str(v) for k, v in params.items()})
    return [{k: "" if v is None else str(v) for k, v in zip(r.variables, row)} for row in r.rows]


def section_letter(section: str) -> str:
    return section.rsplit(".", 1)[-1]


def gold(corpus, name):
    return json.loads((corpus / "gold" / name).read_text(encoding="utf-8"))


def test_every_corpus_document_was_ingested(corpus_store):
    failed = [f"{r.path.name}: {r.message}" for r in corpus_store.ingest_summary.failed]
    assert failed == []
    assert len(corpus_store.ingest_summary.results) == 1 + 19 + 2


# --- the reference report ------------------------------------------------------------------

def test_recommendations_on_article_23(corpus_store):
    got = [(int(r["number"]), r["addresseeCode"], r["articleNumber"], section_letter(r["section"]), r["endorsedBy"],
            r["lang"], r["adopted"]) for r in table(corpus_store, "recommendations", article=23)]
    assert got == [(n, "UNODC" if n == 16 else "STATES", "23", "B", "8/4", "fr", "2016-10-19") for n in range(11, 17)]


def test_recommendations_of_the_reference_report(corpus_store):
    rows = table(corpus_store, "recommendations")
    by_number = defaultdict(lambda: (set(), set(), set(), set()))
    for r in rows:
        sections, articles, addressees, modalities = by_number[int(r["number"])]
        sections.add(section_letter(r["section"]))
        articles.add(int(r["articleNumber"]) if r["articleNumber"] else None)
        addressees.add(r["addresseeCode"])
        modalities.add(r["modality"])
        assert r["text"] and r["lang"] == "fr" and r["endorsedBy"] == "8/4" and r["adopted"] == "2016-10-19"
    assert sorted(by_number) == list(range(5, 24))
    for n, (section, article, addressees, modality) in REPORT_RECOMMENDATIONS.items():
        assert by_number[n] == ({section}, {article}, addressees, {modality}), f"recommendation {n}"


def test_recommendations_addressed_to_unodc(corpus_store):
    numbers = sorted({int(r["number"]) for r in table(corpus_store, "recommendations", addressee="UNODC")})
    assert numbers == [6, 9, 10, 16]


def test_state_participation(corpus_store):
    rows = table(corpus_store, "state-participation")
    assert {(r["stateCode"], r["status"]) for r in rows} == REPORT_STATES
    assert sorted(r["stateCode"] for r in table(corpus_store, "state-participation", status="signatory")) == ["IRN", "JPN"]


def test_speakers(corpus_store):
    rows = table(corpus_store, "speakers")
    assert {(r["name"], r["honorific"], r["stateCode"], r["role"], r["agendaItem"]) for r in rows} == REPORT_PANELLISTS
    assert sorted({r["name"] for r in table(corpus_store, "speakers", state="AUS")}) == ["Andreas Schloenhardt", "Mei-Lin Wang"]


def test_citations(corpus_store):
    documents = {r["document"] for r in table(corpus_store, "documents", kind="report")}
    assert len(documents) == 1
    rows = table(corpus_store, "citations", document=documents.pop())
    for kind, labels in REPORT_CITATIONS.items():
        assert {r["label"] for r in rows if r["kind"] == kind} == labels, kind


def test_meeting(corpus_store):
    rows = [r for r in table(corpus_store, "meetings") if r["ordinal"] == "9"]
    assert [(r["place"], r["start"], r["end"], r["conferenceSession"]) for r in rows] == [
        ("Vienna", "2016-10-17", "2016-10-19", "8")]


def test_report_document(corpus_store):
    assert [(r["kind"], r["lang"], r["symbol"], r["date"]) for r in table(corpus_store, "documents", kind="report")] == [
        ("report", "fr", "", "2016-10-19")]


def test_article_history_of_article_23(corpus_store):
    rows = table(corpus_store, "article-history", article=23)
    assert sorted(int(r["label"]) for r in rows if r["kind"] == "recommendation") == list(range(11, 17))
    assert {r["date"] for r in rows if r["kind"] == "recommendation"} == {"2016-10-19"}


def test_lineage_of_resolution_8_4(corpus_store):
    rows = table(corpus_store, "lineage", resolution="8/4", direction="back")
    assert [(r["depth"], r["relation"], r["kind"]) for r in rows if r["depth"] == "1"] == [("1", "endorses", "report")]
    # through the report it endorses, 8/4 reaches what the report cites
    for kind in ("resolution", "decision", "document"):
        assert {r["label"] for r in rows if r["depth"] == "2" and r["kind"] == kind} == REPORT_CITATIONS[kind] - {"8/4"}


# --- General Assembly resolutions ------------------------------------------------------------

def gold_resolutions(corpus):
    """The gold resolutions, with the counts the text gives where tests/gold.py corrects them."""
    entries = gold(corpus, "ga-80.json") + gold(corpus, "pdf.json")
    for g in entries:
        for key in ("preambular_count", "operative_count"):
            if key in g:
                g[key] = corrected(g, key)
    return entries


def _norm(title: str) -> str:
    return " ".join(title.replace("’", "'").split())


def test_resolutions_match_the_gold_facts(corpus, corpus_store):
    rows = table(corpus_store, "resolutions")
    by_symbol = defaultdict(list)
    for r in rows:
        by_symbol[r["symbol"]].append(r)
    problems = []
    for g in gold_resolutions(corpus):
        rs = by_symbol.get(g["symbol"])
        if not rs:
            problems.append(f"{g['symbol']}: missing")
            continue
        r = rs[0]
        got = {"number": r["number"], "session": int(r["session"] or 0), "adopted": r["adopted"],
               "agenda_items": sorted(x["agendaItem"] for x in rs)}
        want = {"number": g["number"], "session": g["session"], "adopted": g["adopted"],
                "agenda_items": sorted(g["agenda_items"])}
        if g.get("plenary_meeting") is not None:
            got["plenary_meeting"], want["plenary_meeting"] = int(r["plenaryMeeting"] or 0), g["plenary_meeting"]
        for key in ("operative_count", "preambular_count"):
            if key in g:
                column = {"operative_count": "operativeCount", "preambular_count": "preambularCount"}[key]
                got[key], want[key] = int(r[column]), g[key]
        titles = {_norm(t) for t in g.get("titles") or [g["title"]]}
        got["title_ok"], want["title_ok"] = _norm(r["title"]) in titles, True
        if got != want:
            problems.append(f"{g['symbol']}: " + ", ".join(f"{k} {got[k]!r} != {want[k]!r}" for k in want if got[k] != want[k]))
    assert not problems, "\n".join(problems)


def test_resolution_paragraphs_are_numbered_in_order(corpus, corpus_store):
    problems = []
    for g in gold_resolutions(corpus):
        rows = table(corpus_store, "resolution-paragraphs", symbol=g["symbol"])
        for kind in ("preambular", "operative"):
            numbers = [int(r["number"]) for r in rows if r["kind"] == kind]
            if f"{kind}_count" in g and numbers != list(range(1, g[f"{kind}_count"] + 1)):
                problems.append(f"{g['symbol']} {kind}: {numbers}")
        if any(not r["text"] or not re.fullmatch(r"[a-z]+(?:[ -][a-z]+)*", r["verb"]) for r in rows):
            problems.append(f"{g['symbol']}: a paragraph without text or verb")
    assert not problems, "\n".join(problems)


def test_resolutions_by_session_and_date(corpus, corpus_store):
    session80 = {r["symbol"] for r in table(corpus_store, "resolutions", session=80)}
    assert session80 == {g["symbol"] for g in gold(corpus, "ga-80.json")}
    autumn_2018 = {r["symbol"] for r in table(corpus_store, "resolutions", **{"from": "2018-10-01", "to": "2018-10-31"})}
    assert autumn_2018 == {"A/RES/73/3", "A/RES/73/6"}


# --- quality control -------------------------------------------------------------------------

@pytest.mark.parametrize("query", list_qc_queries(), ids=lambda q: q.name)
def test_quality_control_finds_nothing_on_the_corpus_graph(corpus_store, query):
    assert table(corpus_store, query.name)[:5] == []


# --- the documented examples ---------------------------------------------------------------

def documented_examples():
    from .conftest import ROOT

    doc = (ROOT / "docs" / "queries.md").read_text(encoding="utf-8")
    section = doc.split("## Three research questions", 1)[1].split("\n## ", 1)[0]
    return re.findall(r"```console\n\$ unkg query (.+?)\n(.*?)\n```", section, flags=re.S)


def test_docs_show_three_research_questions():
    assert len(documented_examples()) == 3


@pytest.mark.parametrize("command,shown", documented_examples(), ids=lambda x: x.split("\n")[0][:50])
def test_documented_example_output_is_real(corpus_store, command, shown):
    import shlex

    from unkg.querylib import run_cli_query

    words = shlex.split(command)
    name, params, fmt = words[0], {}, "table"
    for flag, value in zip(words[1::2], words[2::2]):
        if flag in ("--param", "-p"):
            k, v = value.split("=", 1)
            params[k] = v
        else:
            assert flag in ("--format", "-f")
            fmt = value
    assert run_cli_query(corpus_store, None, name, params, fmt).replace("\r\n", "\n").rstrip("\n") == shown
