"""The structure of a UN document read from its cleaned lines.

Header (everything before the first chapter), chapters (``II. Recommandations``),
sections (``B. …`` with a title that may run over several lines), numbered paragraphs
(a number is accepted only as the next in sequence, which also finds a paragraph number
glued to the end of the previous line), sub-paragraphs ``(a)``/``a)``, and the annex
(its rows: symbol, agenda item, title).
"""
from __future__ import annotations

import re
from dataclasses import dataclass, field

from .tables import LanguageTable
from .text import CleanText, join_lines, repair

CHAPTER_RE = re.compile(r"^(?P<num>[IVX]{1,5})\.\s+(?P<title>\S.*)$")
SECTION_RE = re.compile(r"^(?P<letter>[A-H])\.\s+(?P<title>\S.*)$")
PARA_RE = re.compile(r"^(?P<n>\d{1,3})\.\s+(?P<rest>\S.*)$")
SUBPARA_RE = re.compile(r"(?:^|(?<=[:;]) )\(?(?P<letter>[a-z])\)\s+(?=\S)")


@dataclass
class Section:
    chapter: str                       # roman numeral
    letter: str | None
    title: str
    kind: str | None = None            # "recommendations", "annex" (chapters only)


@dataclass
class Para:
    number: int
    text: str
    chapter: Section | None
    section: Section | None
    subparagraphs: list[tuple[str, str]] = field(default_factory=list)   # (letter, text)


@dataclass
class AnnexRow:
    symbol: str
    item: str
    title: str


@dataclass
class Structure:
    header: list[str]
    chapters: list[Section]
    sections: list[Section]
    paragraphs: list[Para]
    annex_title: str = ""
    annex_rows: list[AnnexRow] = field(default_factory=list)
    footnotes: dict[int, str] = field(default_factory=dict)


def _chapter_kind(title: str, table: LanguageTable) -> str | None:
    hit = table.search("chapter_kinds", title)
    return hit[0].value if hit else None


def parse(clean: CleanText, table: LanguageTable) -> Structure:
    lines = list(clean.lines)
    st = Structure([], [], [], [], footnotes=dict(clean.footnotes))
    chapter: Section | None = None
    section: Section | None = None
    para_lines: list[str] | None = None
    para_no = 0
    heading: Section | None = None       # a heading whose title may continue on the next lines
    in_annex = False
    annex_pre: list[str] = []
    i = 0

    def close_para():
        nonlocal para_lines
        if para_lines is not None:
            text = repair(join_lines(para_lines), table)
            st.paragraphs.append(Para(para_no, text, chapter, section, split_subparagraphs(text)))
        para_lines = None

    while i < len(lines):
        ln = lines[i]
        i += 1
        if in_annex:
            m = None
            for e in table.entries("annex_rows"):
                m = e.regex.match(ln)
                if m:
                    break
            if m:
                st.annex_rows.append(AnnexRow(m["symbol"], m["item"], m["title"].strip()))
            elif st.annex_rows:
                st.annex_rows[-1].title = join_lines([st.annex_rows[-1].title, ln])
            else:
                annex_pre.append(ln)
            continue
        m_par = PARA_RE.match(ln)
        starts = bool(m_par) and int(m_par["n"]) == para_no + 1
        # the next paragraph number glued to the end of a line of running text
        if para_lines is not None or starts:
            nxt = para_no + (2 if starts else 1)
            glued = f"{nxt}." in ln and re.search(rf"(?<=[.;:»”)])\s*(?={nxt}\.\s+[«“A-ZÀ-ÖØ-Þ])", ln)
            if glued and glued.start() > 0:
                lines.insert(i, ln[glued.end():])
                ln = ln[:glued.start()]
                m_par = PARA_RE.match(ln)
        if starts:
            close_para()
            heading = None
            para_no += 1
            para_lines = [m_par["rest"]]
            continue
        m_ch = CHAPTER_RE.match(ln)
        if m_ch:
            close_para()
            chapter = Section(m_ch["num"], None, m_ch["title"].strip())
            chapter.kind = _chapter_kind(chapter.title, table)
            st.chapters.append(chapter)
            section = None
            heading = chapter
            continue
        kind = _chapter_kind(ln, table)
        if kind == "annex":
            close_para()
            in_annex = True
            chapter = Section("annex", None, ln.strip(), "annex")
            st.chapters.append(chapter)
            continue
        m_sec = SECTION_RE.match(ln)
        expected_letter = "A" if section is None or section.chapter != chapter.chapter else chr(ord(section.letter) + 1) \
            if chapter is not None else None
        if m_sec and chapter is not None and m_sec["letter"] == expected_letter:
            close_para()
            section = Section(chapter.chapter, m_sec["letter"], m_sec["title"].strip())
            st.sections.append(section)
            heading = section
            continue
        if heading is not None and para_lines is None:
            heading.title = join_lines([heading.title, ln])
            continue
        if para_lines is not None:
            para_lines.append(ln)
        elif chapter is None:
            st.header.append(ln)
    close_para()
    for sec in (*st.chapters, *st.sections):
        sec.title = repair(sec.title, table)
    st.annex_title = repair(join_lines(annex_pre), table)
    for row in st.annex_rows:
        row.title = repair(row.title, table)
    return st


def split_subparagraphs(text: str) -> list[tuple[str, str]]:
    """(a) …; (b) … inside a paragraph, when they run in sequence from (a)."""
    marks = list(SUBPARA_RE.finditer(text))
    seq, want = [], "a"
    for m in marks:
        if m["letter"] == want:
            seq.append(m)
            want = chr(ord(want) + 1)
    if len(seq) < 2:
        return []
    out = []
    for k, m in enumerate(seq):
        end = seq[k + 1].start() if k + 1 < len(seq) else len(text)
        out.append((m["letter"], text[m.end():end].strip().rstrip(";").strip()))
    return out
