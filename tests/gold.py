"""Corrections to the corpus gold files, where the document text says otherwise.

The gold files in ../shared/corpus/gold are not edited here; each correction names the
value the gold file gives, the value the text gives, and why. `corrected()` asserts that the
gold file still says what is believed wrong, so a fixed gold file makes the tests point at
the entry to delete.
"""
from __future__ import annotations

GOLD_CORRECTIONS = {
    ("A_RES_80_4.md", "preambular_count"): (
        9, 8, "a page break splits preambular paragraph 6: '… 51/17 of 12 November' / (running title) / "
              "'1996, 52/10 of 5 November 1997, …' is one paragraph, not two"),
    ("A_RES_80_22.md", "preambular_count"): (
        13, 12, "a page break splits preambular paragraph 6 inside the name of the Biological Weapons "
                "Convention ('… Development, Production and' / 'Stockpiling of Bacteriological …')"),
    ("A_RES_80_34.md", "preambular_count"): (
        15, 11, "'Emphasizing …' and 'Convinced …' are two paragraphs on consecutive lines, and the five "
                "items after 'Convinced … constitutes a major contribution to:' are its sub-paragraphs "
                "(their letters were lost), not preambular paragraphs"),
}


def corrected(gold_entry: dict, field: str):
    """The expected value of one field of a gold entry, after the corrections above."""
    wanted = gold_entry[field]
    correction = GOLD_CORRECTIONS.get((gold_entry["doc"], field))
    if correction:
        gold_says, text_says, _why = correction
        assert wanted == gold_says, f"the gold file changed for {gold_entry['doc']} {field}: drop the correction"
        wanted = text_says
    return wanted
