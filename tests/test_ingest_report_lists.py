"""Lists of States are split at separators, but never inside a State's own name."""
import csv
import io

from .conftest import run_unkg

REPORT = """  I. Introduction

1. Le Groupe de travail d’experts gouvernementaux sur l’assistance technique a tenu sa dixième réunion à Vienne, du 10 au 12 octobre 2017.

 II. Organisation de la réunion

2. Des déclarations ont été faites par les représentants des États parties à la Convention ci-après: Finlande, Royaume-Uni de Grande-Bretagne et d’Irlande du Nord, Trinité-et-Tobago et Maroc.
"""


def test_a_state_name_with_a_conjunction_stays_whole(tmp_path):
    doc = tmp_path / "report.txt"
    doc.write_text(REPORT, encoding="utf-8")
    r = run_unkg("ingest", str(doc), store=tmp_path / "s")
    assert r.returncode == 0, r.stderr
    r = run_unkg("query", "state-participation", "--format", "csv", store=tmp_path / "s")
    assert r.returncode == 0, r.stderr
    rows = {(row["stateCode"], row["status"]) for row in csv.DictReader(io.StringIO(r.stdout))}
    assert rows == {("FIN", "party"), ("GBR", "party"), ("TTO", "party"), ("MAR", "party")}
