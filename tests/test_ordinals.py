"""Spelled-out ordinals in French, English and Spanish, as meeting and session numbers are written."""
import pytest

from unkg.ingest import vocabulary as v
from unkg.ingest.tables import load_table
from unkg.sample import ordinal_words


@pytest.mark.parametrize("lang", ["fr", "en", "es"])
@pytest.mark.parametrize("feminine", [True, False])
def test_every_ordinal_the_sample_writes_reads_back(lang, feminine):
    # the sample generator spells numbers with its own code; the extractor reads them with the tables
    table = load_table(lang)
    wrong = [(n, ordinal_words(n, lang, feminine=feminine)) for n in range(1, 1000)
             if v.ordinal(table, ordinal_words(n, lang, feminine=feminine)) != n]
    assert wrong == []


@pytest.mark.parametrize("lang, word, number", [
    ("fr", "soixante-dix-huitième", 78), ("fr", "quatre-vingtième", 80), ("fr", "vingt et unième", 21),
    ("fr", "soixante et onzième", 71), ("fr", "cent douzième", 112), ("fr", "Neuvième", 9), ("fr", "1re", 1),
    ("en", "seventy-eighth", 78), ("en", "Eightieth", 80), ("en", "five hundred and sixtieth", 560),
    ("en", "one hundred and twelfth", 112), ("en", "23rd", 23),
    ("es", "septuagésimo octavo", 78), ("es", "vigésima primera", 21), ("es", "centésimo primer", 101),
    ("es", "cuadringentésima quinta", 405), ("es", "undécima", 11),
])
def test_ordinals_as_un_documents_write_them(lang, word, number):
    assert v.ordinal(load_table(lang), word) == number


@pytest.mark.parametrize("lang, text", [
    ("fr", "question à sa"), ("fr", "une autre"), ("fr", "dernière"), ("en", "the first"), ("en", "last"),
    ("en", "one hundred"), ("es", "décima décima"), ("es", "octavo período"), ("es", "primera vigésima"),
])
def test_words_that_are_not_one_ordinal_are_not_read(lang, text):
    assert v.ordinal(load_table(lang), text) is None
