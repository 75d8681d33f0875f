"""Precision and recall of extraction, per entity type, against the hand-checked gold files.

    python -m unkg.ingest.evaluate [CORPUS]        (default: ../shared/corpus)

Reads every gold file in CORPUS/gold (a meeting report: one object with "kind": "report";
resolutions: a list of objects), extracts the document each names (found by file name
anywhere under CORPUS) in this process — no store — and compares the facts as sets: a fact
counts only when every part of it is right (a recommendation's addressee is the pair
number + code). Prints one line per entity type: gold, extracted, correct, precision,
recall; exits 1 when the corpus or its gold files are missing.
"""
from __future__ import annotations

import json
import re
import sys
import unicodedata
from dataclasses import dataclass, field
from pathlib import Path

from unkg.identifiers import Minter
from unkg.vocab import PREFIXES

from .extract import extract
from .reader import read_source

PREFIX = "\n".join(f"PREFIX {k}: <{v}>" for k, v in PREFIXES.items())
DEFAULT_CORPUS = Path(__file__).resolve().parents[1].parent / "shared" / "corpus"


def fold(text) -> str:
    text = unicodedata.normalize("NFKD", str(text or "")).encode("ascii", "ignore").decode()
    return re.sub(r"[^a-z0-9/]+", " ", text.lower()).strip()


def tail(iri) -> str:
    return re.split(r"[/#]", str(iri).rstrip("/"))[-1]


@dataclass
class Tally:
    gold: int = 0
    got: int = 0
    correct: int = 0
    missing: list = field(default_factory=list)
    extra: list = field(default_factory=list)

    def add(self, gold: set, got: set, where: str) -> None:
        self.gold += len(gold)
        self.got += len(got)
        self.correct += len(gold & got)
        self.missing += [f"{where}: {x}" for x in sorted(map(str, gold - got))]
        self.extra += [f"{where}: {x}" for x in sorted(map(str, got - gold))]

    @property
    def precision(self) -> float:
        return self.correct / self.got if self.got else (1.0 if not self.gold else 0.0)

    @property
    def recall(self) -> float:
        return self.correct / self.gold if self.gold else 1.0


def rows(graph, query: str) -> list[tuple]:
    return [tuple(None if x is None else str(x) for x in r) for r in graph.query(PREFIX + query)]


def report_facts(graph) -> dict[str, set]:
    f: dict[str, set] = {}
    recs = rows(graph, """SELECT ?n ?sec ?art ?code ?mod WHERE { ?r a unkg:Recommendation ; unkg:paragraphNumber ?n .
        OPTIONAL { ?r unkg:inSection/unkg:sectionNumber ?sec } OPTIONAL { ?r unkg:concernsArticle/unkg:number ?art }
        OPTIONAL { ?r unkg:addressedTo/unkg:code ?code } OPTIONAL { ?r unkg:modality/unkg:code ?mod } }""")
    f["recommendation"] = {int(r[0]) for r in recs}
    f["recommendation section"] = {(int(r[0]), r[1].split(".")[-1]) for r in recs if r[1]}
    f["recommendation article"] = {(int(r[0]), int(r[2])) for r in recs if r[2]}
    f["recommendation addressee"] = {(int(r[0]), r[3]) for r in recs if r[3]}
    f["recommendation modality"] = {(int(r[0]), r[4]) for r in recs if r[4]}
    f["endorsement"] = {(n, a == "true") for n, a in rows(graph, """SELECT DISTINCT ?n ?a WHERE {
        ?r unkg:qualifiedEndorsement [ unkg:endorsingResolution/unkg:number ?n ; unkg:asAmended ?a ] }""")}
    f["state participation"] = set(rows(graph, """SELECT ?iso ?st WHERE { ?p a unkg:Participation ;
        unkg:participant [ a unkg:State ; unkg:iso3 ?iso ] ; unkg:participationStatus/unkg:code ?st }"""))
    speakers = rows(graph, """SELECT ?name ?iso ?role ?item WHERE { ?p a unkg:Participation ; unkg:participant ?x ;
        unkg:role/unkg:code ?role . ?x a unkg:Person ; unkg:name ?name .
        OPTIONAL { ?p unkg:inTheNameOf/unkg:iso3 ?iso } OPTIONAL { ?p unkg:onAgendaItem/unkg:itemNumber ?item } }""")
    f["speaker"] = {(fold(n), iso, role) for n, iso, role, _ in speakers}
    f["speaker agenda item"] = {(fold(n), item) for n, _, _, item in speakers if item}
    sittings = rows(graph, """SELECT ?o ?d ?i WHERE { ?s a unkg:Sitting ; unkg:ordinal ?o . OPTIONAL { ?s unkg:date ?d }
        OPTIONAL { ?s unkg:considersAgendaItem/unkg:itemNumber ?i } }""")
    f["sitting"] = {(int(o), d) for o, d, _ in sittings}
    f["sitting agenda item"] = {(int(o), i) for o, _, i in sittings if i}
    cited = rows(graph, """SELECT ?x ?c ?label WHERE { ?w a unkg:Report ; unkg:cites ?x . ?x a ?c .
        OPTIONAL { ?x unkg:number|unkg:symbol ?label } }""")
    f["cited resolution"] = {lab for x, c, lab in cited if c.endswith("#Resolution")}
    f["cited decision"] = {lab for x, c, lab in cited if c.endswith("#Decision")}
    f["cited article"] = {int(lab) for x, c, lab in cited if c.endswith("#Article")}
    f["cited document"] = {lab for x, c, lab in cited if c.endswith("#Document")}
    f["meeting"] = {(int(o), fold(tail(p)), s, e, int(tail(ses))) for o, p, s, e, ses in rows(graph, """
        SELECT ?o ?p ?s ?e ?ses WHERE { ?m a unkg:Meeting ; unkg:ordinal ?o ; unkg:heldIn ?p ; unkg:startDate ?s ;
        unkg:endDate ?e ; unkg:duringSession ?ses }""")}
    return f


def report_gold(gold: dict) -> dict[str, set]:
    recs = gold["recommendations"]
    m = gold["meeting"]
    f = {
        "recommendation": {r["number"] for r in recs},
        "recommendation section": {(r["number"], r["section"]) for r in recs},
        "recommendation article": {(r["number"], a) for r in recs for a in r["articles"]},
        "recommendation addressee": {(r["number"], c) for r in recs for c in r["addressees"]},
        "recommendation modality": {(r["number"], r["modality"]) for r in recs if r.get("modality")},
        "endorsement": {(gold["endorsed_by"]["resolution"], gold["endorsed_by"]["as_amended"])} if gold.get("endorsed_by") else set(),
        "state participation": {(s["iso3"], s["status"]) for s in gold["states"]},
        "speaker": {(fold(s["name"]), s["state"], s["role"]) for s in gold["speakers"]},
        "speaker agenda item": {(fold(s["name"]), s["agenda_item"]) for s in gold["speakers"] if s.get("agenda_item")},
        "sitting": {(s["ordinal"], s["date"]) for s in gold.get("sittings", [])},
        "sitting agenda item": {(s["ordinal"], i) for s in gold.get("sittings", []) for i in s["agenda_items"]},
        "cited resolution": set(gold["resolutions_cited"]),
        "cited decision": set(gold["decisions_cited"]),
        "cited article": set(gold["articles_cited"]),
        "cited document": set(gold["documents_cited"]),
        "meeting": {(m["ordinal"], fold(m["place"]), m["start"], m["end"], m["conference_session"])},
    }
    return f


def resolution_facts(graph, symbol: str) -> dict[str, set]:
    f: dict[str, set] = {}
    works = rows(graph, f"""SELECT ?w WHERE {{ ?w unkg:symbol "{symbol}" ; a unkg:Resolution }}""")
    if not works:
        return {"resolution": set()}
    w = works[0][0]
    one = lambda q: {r[0] for r in rows(graph, q.replace("WORK", f"<{w}>")) if r[0] is not None}  # noqa: E731
    f["resolution"] = {symbol}
    f["session"] = {(symbol, int(x)) for x in one("SELECT ?o WHERE { WORK unkg:session/unkg:ordinal ?o }")}
    f["adoption date"] = {(symbol, x) for x in one("SELECT ?d WHERE { WORK unkg:adoptedOn ?d }")}
    f["agenda item"] = {(symbol, fold(x).replace(" ", "")) for x in one(
        "SELECT ?i WHERE { WORK unkg:considersAgendaItem/unkg:itemNumber ?i }")}
    f["title"] = {(symbol, fold(x)) for x in one("SELECT ?t WHERE { WORK unkg:title ?t }")}
    f["plenary meeting"] = {(symbol, int(x)) for x in one("SELECT ?p WHERE { WORK unkg:plenaryMeeting ?p }")}
    for kind in ("operative", "preambular"):
        n = one(f"""SELECT (COUNT(DISTINCT ?p) AS ?n) WHERE {{ ?p unkg:inDocument WORK ;
            unkg:paragraphKind/unkg:code|unkg:paragraphKind ?k . FILTER NOT EXISTS {{ ?p unkg:subParagraphOf ?q }}
            FILTER(STRENDS(STR(?k), "{kind}")) }}""")
        f[f"{kind} paragraphs"] = {(symbol, int(x)) for x in n}
    f["cited resolution"] = {(symbol, x) for x in one(
        "SELECT ?n WHERE { WORK unkg:cites ?r . ?r a unkg:Resolution ; unkg:number ?n }")}
    return f


def resolution_gold(g: dict, got: dict[str, set]) -> dict[str, set]:
    s = g["symbol"]
    titles = [fold(t) for t in (g.get("titles") or [g["title"]])]
    got_titles = {t for _, t in got.get("title", set())}
    title = next((t for t in titles if t in got_titles), titles[0])
    f = {"resolution": {s}, "session": {(s, g["session"])}, "adoption date": {(s, g["adopted"])},
         "agenda item": {(s, fold(a).replace(" ", "")) for a in g["agenda_items"]}, "title": {(s, title)},
         "cited resolution": {(s, r) for r in g.get("resolutions_cited", [])}}
    if g.get("plenary_meeting") is not None:
        f["plenary meeting"] = {(s, g["plenary_meeting"])}
    for kind in ("operative", "preambular"):
        if f"{kind}_count" in g:
            f[f"{kind} paragraphs"] = {(s, g[f"{kind}_count"])}
    return f


def evaluate(corpus: Path) -> tuple[dict[str, dict[str, Tally]], list[str]]:
    gold_dir = corpus / "gold"
    if not gold_dir.is_dir():
        raise SystemExit(f"no gold files in {gold_dir}; give the corpus folder (python -m unkg.ingest.evaluate CORPUS)")
    files = {p.name: p for p in corpus.rglob("*") if p.is_file() and "gold" not in p.parts}
    minter = Minter()
    tallies: dict[str, dict[str, Tally]] = {"reports": {}, "resolutions": {}}
    notes: list[str] = []
    for gold_path in sorted(gold_dir.glob("*.json")):
        data = json.loads(gold_path.read_text(encoding="utf-8"))
        for g in data if isinstance(data, list) else [data]:
            path = files.get(g["doc"])
            if path is None:
                notes.append(f"{g['doc']}: not in the corpus")
                continue
            doc = extract(read_source(path), minter)
            if g.get("kind") == "report":
                got, want, group = report_facts(doc.graph), report_gold(g), "reports"
            else:
                got = resolution_facts(doc.graph, g["symbol"])
                want, group = resolution_gold(g, got), "resolutions"
            for name, facts in want.items():
                tallies[group].setdefault(name, Tally()).add(facts, got.get(name, set()), g["doc"])
    return tallies, notes


def main(argv: list[str] | None = None) -> int:
    args = sys.argv[1:] if argv is None else argv
    corpus = Path(args[0]) if args else DEFAULT_CORPUS
    if not corpus.is_dir():
        print(f"no corpus at {corpus}; give its folder: python -m unkg.ingest.evaluate CORPUS", file=sys.stderr)
        return 1
    tallies, notes = evaluate(corpus)
    for group, by_type in tallies.items():
        if not by_type:
            continue
        print(f"{group}:")
        print(f"  {'entity type':<26} {'gold':>5} {'found':>6} {'right':>6} {'precision':>10} {'recall':>7}")
        for name, t in by_type.items():
            print(f"  {name:<26} {t.gold:>5} {t.got:>6} {t.correct:>6} {t.precision:>10.3f} {t.recall:>7.3f}")
        wrong = [(name, t) for name, t in by_type.items() if t.missing or t.extra]
        for name, t in wrong:
            for m in t.missing[:5]:
                print(f"    missing {name}: {m}")
            for e in t.extra[:5]:
                print(f"    extra   {name}: {e}")
    for n in notes:
        print(f"note: {n}")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
