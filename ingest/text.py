"""Cleaning the text layer of UN PDFs into lines a structure parser can read.

What the text layer of a UN PDF does to a document, and what is undone here:

* every line is a hard line break, often followed by an empty line — lines are kept, empty
  ones dropped; paragraphs are rebuilt from their numbers, not from blank lines;
* superscripts land on a line of their own (``1`` / ``re`` / `` séance``, ``M`` / ``me`` /
  `` Virginia``) — joined back into ``1re séance``, ``Mme Virginia``;
* the footnotes of a page sit after a ``__________________`` rule in the middle of the
  running text — cut out into `footnotes`, the text around them joined again;
* page headers and footers (job numbers such as ``V.16-07958``, ``2/7`` page counts,
  bar codes), tables of contents with dotted leaders — dropped;
* words hyphenated across lines, a space before an apostrophe or a full stop — repaired
  (language-specific repairs come from the `text_fixes` section of the language table).
"""
from __future__ import annotations

import re
import unicodedata
from dataclasses import dataclass, field
from functools import lru_cache

from .tables import LanguageTable, needed_strings

PAGE_FURNITURE = [
    re.compile(r"^\s*V\.\d{2}-\d{4,6}\b.*$"),            # UNOV job number
    re.compile(r"^\s*[0-9]{2}-[0-9]{5}\b.*$"),            # UNHQ job number "18-17962 (E) 021118", "18-17962 2/5"
    re.compile(r"^\s*\d{1,3}/\d{1,3}\s+(?:V\.)?\d{2}-\d{5}\s*$"),  # "2/5 18-17962"
    re.compile(r"^\s*\*\d{7,}\*\s*$"),                   # bar code
    re.compile(r"^\s*\d{1,3}\s*/\s*\d{1,3}\s*$"),          # page "2/7"
    re.compile(r"^\s*\d{1,3}\s*$"),                       # lone page number
    re.compile(r"\.{5,}|(?:\. ){4,}|…{3,}"),              # dotted leaders (table of contents)
]
#: each with the strings one of which a line it matches contains
_FURNITURE = [(rx, needed_strings(rx.pattern)) for rx in PAGE_FURNITURE]
FOOTNOTE_RULE = re.compile(r"^\s*_{5,}\s*$")
FOOTNOTE_START = re.compile(r"^\s*(\d{1,3})\s+(\S.*)$")


@dataclass
class CleanText:
    lines: list[str]                                   # non-empty lines, stripped
    footnotes: dict[int, str] = field(default_factory=dict)


def normalise_chars(text: str) -> str:
    text = unicodedata.normalize("NFC", text)
    text = text.replace("\r\n", "\n").replace("\r", "\n").replace("\f", "\n")
    text = text.replace("\u00a0", " ").replace("\u202f", " ").replace("\u2009", " ").replace("\u00ad", "")
    return text


def clean(text: str, table: LanguageTable) -> CleanText:
    lines = [ln.rstrip() for ln in normalise_chars(text).split("\n")]
    lines = [ln for ln in lines if ln.strip() and not is_furniture(ln)]
    lines = drop_running_symbol(lines)
    lines = join_superscripts(lines, table.word_set("superscripts"))
    lines, footnotes = cut_footnotes(lines)
    return CleanText([ln.strip() for ln in lines], footnotes)


def is_furniture(line: str) -> bool:
    """A page header or footer, or a table-of-contents line (`PAGE_FURNITURE`)."""
    return any(rx.search(line) for rx, needs in _FURNITURE if needs is None or any(n in line for n in needs))


SYMBOL_LINE = re.compile(r"^\s*([A-Z][A-Z0-9.]*(?:/[A-Za-z0-9.]+)+)\s*$")
SYMBOL_AT_END = re.compile(r"\s([A-Z][A-Z0-9.]*(?:/[A-Za-z0-9.]+)+)\s*$")


def drop_running_symbol(lines: list[str]) -> list[str]:
    """The document's symbol (on its own line or ending the first line, "United Nations  A/RES/73/6"),
    repeated at the top of every page: kept in the header, dropped from the running text."""
    for k, ln in enumerate(lines[:10]):
        m = SYMBOL_LINE.match(ln) or SYMBOL_AT_END.search(ln)
        if m and re.search(r"\d", m.group(1)):
            symbol = m.group(1)
            return lines[:k + 1] + [x for x in lines[k + 1:]
                                    if not (SYMBOL_LINE.match(x) and SYMBOL_LINE.match(x).group(1) == symbol)]
    return lines


def join_superscripts(lines: list[str], superscripts: set[str]) -> list[str]:
    """`…à la 1` + `re` + ` séance1.` → `…à la 1re séance1.`"""
    out: list[str] = []
    i = 0
    while i < len(lines):
        ln = lines[i]
        if (out and ln.strip() in superscripts and re.search(r"(?:\d|(?:^|\s)M)$", out[-1].rstrip())
                and i + 1 < len(lines)):
            out[-1] = out[-1].rstrip() + ln.strip() + " " + lines[i + 1].strip()
            i += 2
            continue
        out.append(ln)
        i += 1
    return out


def cut_footnotes(lines: list[str]) -> tuple[list[str], dict[int, str]]:
    """Remove footnote blocks (a rule, then numbered notes) from the running text."""
    out: list[str] = []
    notes: dict[int, str] = {}
    i = 0
    while i < len(lines):
        if not FOOTNOTE_RULE.match(lines[i]):
            out.append(lines[i])
            i += 1
            continue
        i += 1
        expected = None
        current = None
        while i < len(lines):
            m = FOOTNOTE_START.match(lines[i])
            if m and (expected is None or int(m.group(1)) == expected):
                current = int(m.group(1))
                expected = current + 1
                notes[current] = m.group(2).strip()
                i += 1
            elif current is not None and not notes[current].endswith("."):
                notes[current] += " " + lines[i].strip()
                i += 1
            else:
                break
    return out, notes


HYPHEN_AFTER_SPACE = re.compile(r"\s-$")
HYPHEN_AFTER_LETTER = re.compile(r"[^\W\d_]-$")


def join_lines(lines: list[str]) -> str:
    """Lines of one paragraph → one string, undoing hyphenation at line ends."""
    text = ""
    for ln in lines:
        ln = ln.strip()
        if not text:
            text = ln
        elif text[-1] == "-" and ln[:1].islower() and HYPHEN_AFTER_SPACE.match(text[-2:]):   # "sociétés -" + "écrans"
            text = text[:-2].rstrip() + "-" + ln
        elif text[-1] == "-" and ln[:1].islower() and HYPHEN_AFTER_LETTER.match(text[-2:]):  # "ap-" + "plication"
            text = text[:-1] + ln
        else:
            text = text + " " + ln
    return text


SPACES = re.compile(r"\s+")
SPACE_BEFORE_STOP = re.compile(r" +(?=[.,](?:\s|$))")


def repair(text: str, table: LanguageTable) -> str:
    """Language-independent and table-driven repairs of one paragraph's text."""
    for entry in table.entries("text_fixes"):
        if entry.may_match(text):
            text = entry.regex.sub(entry.get("replace", ""), text)
    text = SPACES.sub(" ", text)
    text = SPACE_BEFORE_STOP.sub("", text)
    return text.strip()


def clean_blocks(text: str) -> list[str]:
    """Blank-line separated blocks, whitespace normalised, empty ones dropped (generic documents)."""
    text = normalise_chars(text)
    return [" ".join(b.split()) for b in re.split(r"\n\s*\n", text) if b.strip()]


ABBREVIATIONS = re.compile(r"(?:\b(?:M|MM|Mr|Ms|Mrs|Messrs|Mses|Dr|Dra|Sr|Sra|Sres|Sras|Srta|art|arts|para|paras|p|pp|No|no|núm|Nos|St|etc|Distr|e\.g|i\.e)|\b[A-Z])\.$")


SENTENCE_END = re.compile(r"[.!?](?=\s+[«“\"(]?[A-ZÀ-ÖØ-Þ¿¡])")


def sentence_spans(text: str) -> list[tuple[int, int]]:
    """Sentence boundaries of a paragraph (a full stop followed by a capital, not after an abbreviation)."""
    return list(_sentence_spans(text))


@lru_cache(maxsize=64)          # a report asks for the sentences of one paragraph several times
def _sentence_spans(text: str) -> tuple[tuple[int, int], ...]:
    spans, start = [], 0
    for m in SENTENCE_END.finditer(text):
        if ABBREVIATIONS.search(text[max(0, m.start() - 10):m.end()]):
            continue
        spans.append((start, m.end()))
        start = m.end()
        while start < len(text) and text[start].isspace():
            start += 1
    if start < len(text):
        spans.append((start, len(text)))
    return tuple(spans)
