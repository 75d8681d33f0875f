"""`python -m unkg.ingest.evaluate` on a corpus folder holding the reference report and its gold file."""
from __future__ import annotations

import re
import subprocess
import sys


def test_evaluation_prints_precision_and_recall_per_entity_type(corpus, reference_report, tmp_path, capsys):
    (tmp_path / "reports").mkdir()
    (tmp_path / "gold").mkdir()
    (tmp_path / "reports" / reference_report.name).symlink_to(reference_report)
    gold = corpus / "gold" / (reference_report.stem + ".json")
    (tmp_path / "gold" / gold.name).symlink_to(gold)
    from unkg.ingest.evaluate import main

    assert main([str(tmp_path)]) == 0
    out = capsys.readouterr().out
    lines = {m[1].strip(): tuple(m[2].split()) for m in re.finditer(r"^  ([a-z ]+?)\s{2,}(\d.*)$", out, re.M)}
    assert lines["recommendation addressee"] == ("22", "22", "22", "1.000", "1.000")
    assert lines["state participation"] == ("12", "12", "12", "1.000", "1.000")
    assert lines["speaker agenda item"] == ("6", "6", "6", "1.000", "1.000")
    assert lines["cited document"] == ("4", "4", "4", "1.000", "1.000")
    assert len(lines) == 16
    assert "missing" not in out and "extra" not in out


def test_evaluation_without_a_corpus_says_what_to_give(tmp_path):
    p = subprocess.run([sys.executable, "-m", "unkg.ingest.evaluate", str(tmp_path / "none")],
                       capture_output=True, text=True, timeout=60)
    assert p.returncode == 1
    assert "give its folder" in p.stderr
