"""The language tables: every pattern finds its examples and none of its counter-examples,
in every language; the tables load, merge and answer lookups."""
from __future__ import annotations

import re

import pytest

from unkg.errors import UsageError
from unkg.ingest import tables
from unkg.ingest.tables import available_languages, load_table
from unkg.ingest.vocabulary import ordinal


def test_the_three_languages_have_tables():
    assert {"fr", "en", "es"} <= set(available_languages())


@pytest.mark.parametrize("lang", available_languages())
def test_every_pattern_against_its_examples_both_ways(lang):
    problems = load_table(lang).check_examples()
    assert problems == []


@pytest.mark.parametrize("lang", available_languages())
def test_every_pattern_entry_has_examples_and_counter_examples(lang):
    table = load_table(lang)
    missing = [e.source for name in table.sections() for e in table.entries(name)
               if not e.examples or not e.counter_examples]
    assert missing == []


@pytest.mark.parametrize("lang", ["fr", "en", "es"])
def test_report_sections_exist_in_every_report_language(lang):
    table = load_table(lang)
    reference = set(load_table("fr").sections())
    assert reference - set(table.sections()) == set()


def test_check_examples_reports_a_pattern_that_misses_its_example(tmp_path, monkeypatch):
    folder = tmp_path / "xx"
    folder.mkdir()
    (folder / "common.yaml").write_text(
        "verbs:\n"
        "  - pattern: '\\bdecides\\b'\n"
        "    value: decides\n"
        "    examples: ['decided that']\n"
        "    counter_examples: ['the Assembly decides']\n", encoding="utf-8")
    monkeypatch.setattr(tables, "LANGUAGES_DIR", tmp_path)
    load_table.cache_clear()
    try:
        problems = load_table("xx").check_examples()
    finally:
        load_table.cache_clear()
    assert len(problems) == 2
    assert "does not match its example 'decided that'" in problems[0]
    assert "matches its counter-example 'the Assembly decides'" in problems[1]


def test_files_of_one_language_merge_and_macros_expand(tmp_path, monkeypatch):
    folder = tmp_path / "xx"
    folder.mkdir()
    (folder / "a.yaml").write_text("macros: {m: 'Jan|Feb'}\nmonths: {Jan: 1}\n"
                                   "dates:\n  - pattern: '(?P<m>{{m}}) \\d+'\n"
                                   "    examples: ['Feb 3']\n    counter_examples: ['Mar 3']\n", encoding="utf-8")
    (folder / "b.yaml").write_text("months: {Feb: 2}\n", encoding="utf-8")
    monkeypatch.setattr(tables, "LANGUAGES_DIR", tmp_path)
    load_table.cache_clear()
    try:
        t = load_table("xx")
        assert t.section("months") == {"Jan": 1, "Feb": 2}
        assert [m.group() for _, m in t.match("dates", "on Jan 5 and Feb 6")] == ["Jan 5", "Feb 6"]
        assert t.check_examples() == []
    finally:
        load_table.cache_clear()


def test_an_unknown_language_is_refused_with_what_to_do():
    with pytest.raises(UsageError, match=r"add ingest/languages/xx/"):
        load_table("xx")


@pytest.mark.parametrize("lang,word,value", [
    ("fr", "neuvième", 9), ("fr", "huitième", 8), ("fr", "Neuvième", 9),
    ("en", "ninth", 9), ("en", "Eightieth", 80), ("en", "seventy-ninth", 79),
    ("es", "noveno", 9), ("es", "octavo", 8), ("es", "septuagésimo noveno", 79),
    ("fr", "9e", 9), ("en", "2nd", 2),
])
def test_ordinals(lang, word, value):
    assert ordinal(load_table(lang), word) == value


def test_match_returns_entries_and_matches_in_text_order():
    t = load_table("fr")
    hits = t.match("modalities", "Les États devraient envisager de … L’ONUDC devrait continuer")
    assert [(e.value, m.group()) for e, m in hits][:2] == [("should_consider", "devraient envisager"),
                                                          ("should", "devraient")]
    first = t.first("modalities", "Les États devraient envisager de")
    assert first[0].value == "should_consider"


def test_section_of_a_missing_name_says_where_to_add_it():
    with pytest.raises(KeyError, match=re.escape("ingest/languages/fr/")):
        load_table("fr").section("no-such-section")
