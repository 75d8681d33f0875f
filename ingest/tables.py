"""Language tables: the words and patterns extraction reads, one folder per language.

Every YAML file in ``ingest/languages/<lang>/`` (common.yaml, report.yaml, resolution.yaml …)
is merged into one `LanguageTable`. A table is data, in sections. A section is either

* a list of pattern entries, each ``{pattern: regex, value: …, examples: [...],
  counter_examples: [...]}`` — the pattern may use named groups; `examples` are strings it
  must find, `counter_examples` strings it must not (`check_examples` verifies both ways;
  tests/test_tables.py runs it for every language), or
* a plain list or map where a regex is not needed (months, ordinals "neuvième" → 9,
  honorifics, verbs → lemma).

Patterns are compiled case-sensitively unless the entry says ``flags: i``. A pattern may
use macros, ``{{name}}``, defined in the ``macros`` map of the same language (month names,
a day, an apostrophe …), so the examples test the pattern as it is used. Adding a language
(ar, ru, zh) is adding a folder with the same section names.
"""
from __future__ import annotations

import re
from dataclasses import dataclass, field
from functools import lru_cache
from pathlib import Path
from typing import Any

import yaml

from unkg.errors import UsageError

LANGUAGES_DIR = Path(__file__).resolve().parent / "languages"

#: libyaml's loader when it is there (ten times faster than the pure-Python one)
_Loader = getattr(yaml, "CSafeLoader", yaml.SafeLoader)

_FLAG_LETTERS = {"i": re.IGNORECASE, "m": re.MULTILINE, "s": re.DOTALL, "x": re.VERBOSE}


@dataclass(frozen=True)
class Entry:
    """One pattern of a table section."""

    pattern: str
    value: Any = None
    examples: tuple[str, ...] = ()
    counter_examples: tuple[str, ...] = ()
    flags: str = ""
    source: str = ""            # "<file>:<section>[i]" for messages
    extra: dict = field(default_factory=dict, compare=False, hash=False)

    @property
    def regex(self) -> re.Pattern:
        return _compile(self.pattern, self.flags)

    def get(self, key: str, default: Any = None) -> Any:
        return self.extra.get(key, default)


@lru_cache(maxsize=None)
def _compile(pattern: str, flags: str) -> re.Pattern:
    f = 0
    for letter in flags:
        f |= _FLAG_LETTERS[letter]
    return re.compile(pattern, f)


class LanguageTable:
    """All sections of one language, merged from the folder's YAML files."""

    def __init__(self, lang: str, sections: dict[str, list[Entry] | dict | list]):
        self.lang = lang
        self._sections = sections
        self._entries = {name: sec for name, sec in sections.items()
                         if isinstance(sec, list) and sec and all(isinstance(e, Entry) for e in sec)}

    def __contains__(self, name: str) -> bool:
        return name in self._sections

    def sections(self) -> list[str]:
        return sorted(self._sections)

    def section(self, name: str) -> list[Entry] | dict | list:
        try:
            return self._sections[name]
        except KeyError:
            raise KeyError(f"language table {self.lang!r} has no section {name!r} "
                           f"(add it to ingest/languages/{self.lang}/*.yaml)") from None

    def get(self, name: str, default: Any = None) -> Any:
        return self._sections.get(name, default)

    def entries(self, name: str) -> list[Entry]:
        return self._entries.get(name, [])

    def match(self, section: str, text: str) -> list[tuple[Entry, re.Match]]:
        """Every (entry, match) of a pattern section in text, in text order."""
        found = [(e, m) for e in self.entries(section) for m in e.regex.finditer(text)]
        found.sort(key=lambda em: (em[1].start(), -em[1].end()))
        return found

    def first(self, section: str, text: str) -> tuple[Entry, re.Match] | None:
        """The earliest match of a pattern section in text (longest on a tie)."""
        found = self.match(section, text)
        return found[0] if found else None

    def search(self, section: str, text: str) -> tuple[Entry, re.Match] | None:
        """The first entry (in table order) whose pattern matches: table order is priority."""
        for e in self.entries(section):
            m = e.regex.search(text)
            if m:
                return e, m
        return None

    def lookup(self, section: str, key: str, default: Any = None) -> Any:
        """Case- and accent-tolerant lookup in a map section ('Neuvième' → 9)."""
        sec = self._sections.get(section) or {}
        if not isinstance(sec, dict):
            return default
        if key in sec:
            return sec[key]
        folded = _fold(key)
        for k, v in sec.items():
            if _fold(str(k)) == folded:
                return v
        return default

    def alternation(self, section: str) -> str:
        """A regex alternation of the keys of a map section (or items of a list), longest first."""
        sec = self._sections.get(section) or {}
        keys = list(sec) if isinstance(sec, (dict, list)) else []
        return "|".join(re.escape(str(k)) for k in sorted(keys, key=lambda k: -len(str(k))))

    def check_examples(self) -> list[str]:
        """Problems: a pattern that does not find one of its examples or finds a counter-example."""
        problems = []
        for name, sec in self._sections.items():
            if not isinstance(sec, list):
                continue
            for e in sec:
                if not isinstance(e, Entry):
                    continue
                try:
                    rx = e.regex
                except re.error as err:
                    problems.append(f"{e.source}: invalid pattern {e.pattern!r}: {err}")
                    continue
                if not e.examples:
                    problems.append(f"{e.source}: pattern {e.pattern!r} has no examples")
                for ex in e.examples:
                    if not rx.search(ex):
                        problems.append(f"{e.source}: pattern {e.pattern!r} does not match its example {ex!r}")
                for ex in e.counter_examples:
                    if rx.search(ex):
                        problems.append(f"{e.source}: pattern {e.pattern!r} matches its counter-example {ex!r}")
        return problems


def _fold(text: str) -> str:
    import unicodedata

    return unicodedata.normalize("NFKD", text).encode("ascii", "ignore").decode().casefold().strip()


def _is_entry(item: Any) -> bool:
    return isinstance(item, dict) and "pattern" in item


_MACRO_RE = re.compile(r"\{\{(\w+)\}\}")


def expand_macros(pattern: str, macros: dict, where: str = "") -> str:
    def sub(m: re.Match) -> str:
        if m.group(1) not in macros:
            raise UsageError(f"{where}: unknown macro {{{{{m.group(1)}}}}} (define it under `macros`)")
        return "(?:" + str(macros[m.group(1)]) + ")"

    for _ in range(5):      # macros may use macros
        new = _MACRO_RE.sub(sub, pattern)
        if new == pattern:
            break
        pattern = new
    return pattern


def _parse_section(file: str, name: str, raw: Any) -> list[Entry] | dict | list:
    if isinstance(raw, list) and raw and all(_is_entry(x) for x in raw):
        out = []
        for i, item in enumerate(raw):
            known = {"pattern", "value", "examples", "counter_examples", "flags"}
            out.append(Entry(
                pattern=str(item["pattern"]),
                value=item.get("value"),
                examples=tuple(str(x) for x in item.get("examples") or ()),
                counter_examples=tuple(str(x) for x in item.get("counter_examples") or ()),
                flags=str(item.get("flags") or ""),
                source=f"{file}:{name}[{i}]",
                extra={k: v for k, v in item.items() if k not in known},
            ))
        return out
    if isinstance(raw, (dict, list)):
        return raw
    raise UsageError(f"{file}: section {name!r} must be a list of patterns, a list or a map")


def available_languages() -> list[str]:
    """The languages that have a table folder."""
    if not LANGUAGES_DIR.is_dir():
        return []
    return sorted(p.name for p in LANGUAGES_DIR.iterdir() if p.is_dir() and any(p.glob("*.yaml")))


@lru_cache(maxsize=None)
def load_table(lang: str) -> LanguageTable:
    """The merged table of a language; a section named in two files is merged (lists
    concatenated, maps updated) in file-name order."""
    folder = LANGUAGES_DIR / lang
    if not folder.is_dir():
        raise UsageError(f"no language table for {lang!r}; add ingest/languages/{lang}/ "
                         f"(available: {', '.join(available_languages())})")
    sections: dict[str, Any] = {}
    for path in sorted(folder.glob("*.yaml")):
        try:
            data = yaml.load(path.read_text(encoding="utf-8"), Loader=_Loader) or {}
        except yaml.YAMLError as e:
            raise UsageError(f"{path}: invalid YAML ({str(e).splitlines()[0]})") from None
        if not isinstance(data, dict):
            raise UsageError(f"{path}: a language table is a map of sections")
        for name, raw in data.items():
            parsed = _parse_section(f"{lang}/{path.name}", name, raw)
            if name not in sections:
                sections[name] = parsed
            elif isinstance(sections[name], list) and isinstance(parsed, list):
                sections[name] = sections[name] + parsed
            elif isinstance(sections[name], dict) and isinstance(parsed, dict):
                sections[name] = {**sections[name], **parsed}
            else:
                raise UsageError(f"{path}: section {name!r} is a list in one file and a map in another")
    macros = sections.get("macros") or {}
    for name, sec in sections.items():
        if isinstance(sec, list) and sec and isinstance(sec[0], Entry):
            sections[name] = [Entry(expand_macros(e.pattern, macros, e.source), e.value, e.examples,
                                    e.counter_examples, e.flags, e.source, e.extra) for e in sec]
    return LanguageTable(lang, sections)
