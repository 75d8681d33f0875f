"""The synthetic corpus (unkg.sample): deterministic, varied, citations pointing backwards, and
read by the real extractors into recommendations, States, meetings and resolution lineages."""
from __future__ import annotations

import subprocess
import sys
from collections import Counter

import pytest
from rdflib import Literal, URIRef

from unkg.config import Settings
from unkg.errors import UsageError
from unkg.identifiers import Minter
from unkg.sample import generate, ordinal_en, ordinal_es, ordinal_fr, write_corpus
from unkg.store import open_store

from .conftest import run_unkg

U = "https://w3id.org/unkg/ontology#"


def test_the_same_seed_gives_the_same_corpus_and_a_prefix_is_the_smaller_corpus():
    a, b = generate(40, seed=7), generate(40, seed=7)
    assert [(d.path, d.text) for d in a] == [(d.path, d.text) for d in b]
    assert [(d.path, d.text) for d in generate(15, seed=7)] == [(d.path, d.text) for d in a[:15]]
    other = generate(40, seed=8)
    assert [d.text for d in other] != [d.text for d in a]


def test_the_corpus_mixes_kinds_and_languages_and_every_path_is_unique():
    docs = generate(300)
    kinds = Counter((d.kind, d.lang) for d in docs)
    assert {k for k, _ in kinds} == {"report", "resolution"}
    assert {lang for _, lang in kinds} == {"fr", "en", "es"}
    assert all(kinds[("report", lang)] > 0 for lang in ("fr", "en", "es"))
    assert len({d.path for d in docs}) == len(docs)


def test_resolutions_cite_only_earlier_resolutions_and_lineages_grow_deep():
    docs = [d for d in generate(1000) if d.kind == "resolution"]
    seen: set[str] = set()
    cites: dict[str, list[str]] = {}
    for d in docs:
        assert set(d.facts["resolutions_cited"]) <= seen, d.path
        seen.add(d.facts["number"])
        cites[d.facts["number"]] = d.facts["resolutions_cited"]

    def depth(n, memo={}):
        if n not in memo:
            memo[n] = 1 + max((depth(c) for c in cites[n]), default=0)
        return memo[n]

    assert max(depth(n) for n in cites) >= 10


def test_a_report_states_what_its_facts_say():
    report = next(d for d in generate(50) if d.kind == "report" and d.lang == "fr")
    f = report.facts
    assert f"tenu sa {ordinal_fr(f['meeting'])} réunion" in report.text
    for rec in f["recommendations"]:
        assert f"\n{rec['number']}. " in report.text or report.text.startswith(f"{rec['number']}. ")
    assert f"résolution {f['endorsed_by']}" in report.text
    for symbol in f["annex"]:
        assert symbol in report.text


@pytest.mark.parametrize("n, fr, en, es", [
    (1, "première", "first", "primer"), (9, "neuvième", "ninth", "noveno"),
    (21, "vingt et unième", "twenty-first", "vigésimo primer"), (71, "soixante et onzième", "seventy-first", "septuagésimo primer"),
    (80, "quatre-vingtième", "eightieth", "octogésimo"), (99, "quatre-vingt-dix-neuvième", "ninety-ninth", "nonagésimo noveno"),
])
def test_ordinals_in_words(n, fr, en, es):
    assert (ordinal_fr(n), ordinal_en(n), ordinal_es(n)) == (fr, en, es)
    assert ordinal_es(n, feminine=True).endswith("a")


def test_the_command_writes_the_corpus(tmp_path):
    out = subprocess.run([sys.executable, "-m", "unkg.sample", str(tmp_path / "c"), "--count", "12", "--seed", "3"],
                         capture_output=True, text=True)
    assert out.returncode == 0, out.stderr
    files = sorted(p for p in (tmp_path / "c").rglob("*") if p.is_file())
    assert len(files) == 12
    assert [p.read_text(encoding="utf-8") for p in files] == \
        [d.text for d in sorted(generate(12, 3), key=lambda d: str(tmp_path / "c" / d.path))]


def test_the_command_refuses_a_file_as_folder_and_a_negative_count(tmp_path):
    file = tmp_path / "f.txt"
    file.write_text("x")
    for args in ([str(file)], [str(tmp_path / "d"), "--count", "-1"]):
        out = subprocess.run([sys.executable, "-m", "unkg.sample", *args], capture_output=True, text=True)
        assert out.returncode == 2
        assert out.stderr.startswith("unkg.sample: ") and len(out.stderr.strip().splitlines()) == 1
    with pytest.raises(UsageError):
        write_corpus(file, 3)


@pytest.fixture(scope="module")
def ingested(tmp_path_factory):
    """Twelve generated documents (reports in three languages, resolutions) through `unkg ingest`."""
    root = tmp_path_factory.mktemp("sample")
    docs = generate(12, seed=0)
    write_corpus(root / "corpus", 12, seed=0)
    store_path = root / "store"
    result = run_unkg("ingest", "--quiet", "--keep-going", str(root / "corpus"), store=store_path)
    store = open_store(Settings.from_env({}, store=str(store_path)), read_only=True)
    yield docs, result, store
    store.close()


def test_every_generated_document_ingests_with_validation(ingested):
    docs, result, _ = ingested
    assert {d.kind for d in docs} == {"report", "resolution"} and {d.lang for d in docs if d.kind == "report"} >= {"fr", "en"}
    assert result.returncode == 0, result.stderr
    assert f"{len(docs)} file(s): {len(docs)} ingested" in result.stdout


#: the reports among the twelve documents, by position
REPORTS = [5, 6, 7, 9, 10, 11]


@pytest.mark.parametrize("index", REPORTS)
def test_a_report_yields_its_recommendations_parties_and_meeting(ingested, index):
    docs, _, store = ingested
    d = docs[index]
    assert d.kind == "report"
    minter = Minter()
    f = d.facts
    report = minter.report(f["body"], f["meeting"])
    recs = store.select(f"SELECT DISTINCT ?r ?doc WHERE {{ ?r a <{U}Recommendation> ; <{U}inDocument> ?doc }}",
                        {"doc": report}).rows
    assert len(recs) == len(f["recommendations"])
    meeting = minter.meeting(f["body"], f["meeting"])
    parties = store.select(
        f"SELECT DISTINCT ?iso3 ?meeting WHERE {{ ?p <{U}atMeeting> ?meeting ; <{U}participant> ?s ; "
        f"<{U}participationStatus> ?status . ?status <{U}code> ?code FILTER(STR(?code) = 'party') ?s <{U}iso3> ?iso3 }}",
        {"meeting": meeting}).rows
    assert {str(r[0]) for r in parties} == set(f["states_parties"])
    assert store.ask(f"ASK {{ ?meeting a <{U}Meeting> ; <{U}meetingOf> ?body ; <{U}ordinal> ?o }}",
                     {"meeting": meeting, "body": minter.body(f["body"]), "o": Literal(f["meeting"])})


def test_the_reports_listed_are_the_reports_of_the_sample():
    assert [i for i, d in enumerate(generate(12)) if d.kind == "report"] == REPORTS


def test_resolutions_yield_their_symbol_paragraphs_and_citations(ingested):
    docs, _, store = ingested
    minter = Minter()
    for d in (d for d in docs if d.kind == "resolution"):
        f = d.facts
        res = minter.resolution("ga", f["number"])
        assert store.ask(f"ASK {{ ?res <{U}symbol> ?symbol }}", {"res": res, "symbol": Literal(f["symbol"])}), d.path
        for cited in f["resolutions_cited"]:
            assert store.ask(f"ASK {{ ?res <{U}cites> ?cited }}", {"res": res, "cited": minter.resolution("ga", cited)}), d.path
