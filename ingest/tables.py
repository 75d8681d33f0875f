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
import unicodedata
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

    @property
    def needs(self) -> tuple[str, ...] | None:
        """Strings one of which every text the pattern matches contains (None: not known)."""
        return needed_strings(self.pattern, self.flags)

    def may_match(self, text: str) -> bool:
        """False when the pattern cannot match text (it lacks every string of `needs`)."""
        needs = needed_strings(self.pattern, self.flags)
        return needs is None or any(n in text for n in needs)

    def get(self, key: str, default: Any = None) -> Any:
        return self.extra.get(key, default)


@lru_cache(maxsize=None)
def _compile(pattern: str, flags: str) -> re.Pattern:
    f = 0
    for letter in flags:
        f |= _FLAG_LETTERS[letter]
    return re.compile(pattern, f)


#: at most this many strings for a run of literals and small character classes
_CLASS_PRODUCT = 8


@lru_cache(maxsize=None)
def needed_strings(pattern: str, flags: str = "") -> tuple[str, ...] | None:
    """The most selective set of strings such that every match of the pattern, with its
    lookarounds, lies in a text containing one of them: a `str.__contains__` test that
    skips most patterns on most paragraphs (a pattern led by `\\b` or a character class
    gets no literal-prefix search from the regex engine). Read from the parsed pattern:
    runs of literal characters in what every match must go through (groups, repeats of at
    least one, positive lookarounds; one run from each alternative of a branch). A pattern
    of `text.PAGE_FURNITURE` gets its own with `needed_strings(rx.pattern)`."""
    if "i" in flags:
        return None
    try:
        from re import _constants as c
        from re import _parser

        parsed = _parser.parse(pattern, _compile(pattern, flags).flags)
    except Exception:                   # another Python's internals: no prefilter
        return None
    if parsed.state.flags & re.IGNORECASE:
        return None

    def needs_of(items, run=("",)) -> list[tuple[str, ...]]:
        out: list[tuple[str, ...]] = []
        run = list(run)     # the text here reads one of these (a small class multiplies them)
        for op, av in items:
            if op is c.LITERAL:
                run = [r + chr(av) for r in run]
                continue
            if (op is c.IN and all(o is c.LITERAL for o, _ in av)
                    and len(run) * len(av) <= _CLASS_PRODUCT):      # "[Ll]es" needs "Les" or "les"
                run = [r + chr(a) for r in run for _, a in av]
                continue
            if op is c.ASSERT and av[0] == 1:      # a lookahead: its text follows the run
                out += needs_of(av[1], run)
                run = [""]
                continue
            if run[0]:
                out.append(tuple(run))
                run = [""]
            if op is c.SUBPATTERN:
                if not av[1] & re.IGNORECASE:      # (?i:…) inside: its letters may differ in case
                    out += needs_of(av[3])
            elif op in (c.MAX_REPEAT, c.MIN_REPEAT, c.POSSESSIVE_REPEAT):
                low, high, body = av
                if low >= 1 and all(o is c.LITERAL for o, _ in body):
                    out.append(("".join(chr(a) for _, a in body) * low,))   # "\\.{5,}" needs "....."
                elif low >= 1:
                    out += needs_of(body)
            elif op is c.ATOMIC_GROUP:
                out += needs_of(av)
            elif op is c.ASSERT:                    # a lookbehind that must hold
                out += needs_of(av[1])
            elif op is c.BRANCH:
                alternatives = [best(needs_of(alt)) for alt in av[1]]
                if all(alternatives):
                    out.append(tuple(dict.fromkeys(n for alt in alternatives for n in alt)))
        if run[0]:
            out.append(tuple(run))
        return out

    def best(needs: list[tuple[str, ...]]) -> tuple[str, ...] | None:
        return max(needs, key=lambda n: (min(map(len, n)), -len(n)), default=None)

    found = best(needs_of(parsed))
    return found if found and min(map(len, found)) >= 1 else None


class LanguageTable:
    """All sections of one language, merged from the folder's YAML files."""

    def __init__(self, lang: str, sections: dict[str, list[Entry] | dict | list]):
        self.lang = lang
        self._sections = sections
        self._entries = {name: sec for name, sec in sections.items()
                         if isinstance(sec, list) and sec and all(isinstance(e, Entry) for e in sec)}
        self._word_sets: dict[str, frozenset] = {}
        self._compiled: dict[str, list] = {}
        self._folded: dict[str, dict] = {}
        self._alternations: dict[str, str] = {}

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

    def word_set(self, name: str) -> frozenset:
        """The items of a plain list section (stop words, superscripts) as a set."""
        found = self._word_sets.get(name)
        if found is None:
            found = self._word_sets[name] = frozenset(self._sections.get(name) or ())
        return found

    def entries(self, name: str) -> list[Entry]:
        return self._entries.get(name, [])

    def _patterns(self, section: str) -> list[tuple[Entry, re.Pattern, str | None, tuple[str, ...] | None]]:
        """(entry, compiled pattern, its one needed string, its needed strings) of a pattern
        section, made once."""
        found = self._compiled.get(section)
        if found is None:
            found = self._compiled[section] = [
                (e, e.regex, e.needs[0] if e.needs and len(e.needs) == 1 else None, e.needs)
                for e in self.entries(section)]
        return found

    def _candidates(self, section: str, text: str):
        """(entry, compiled pattern) of a pattern section that may match text, in table order."""
        for e, rx, one, needs in self._patterns(section):
            if one is not None:
                if one in text:
                    yield e, rx
            elif needs is None or any(n in text for n in needs):
                yield e, rx

    def match(self, section: str, text: str) -> list[tuple[Entry, re.Match]]:
        """Every (entry, match) of a pattern section in text, in text order."""
        found = [(e, m) for e, rx in self._candidates(section, text) for m in rx.finditer(text)]
        if len(found) > 1:
            found.sort(key=lambda em: (em[1].start(), -em[1].end()))
        return found

    def first(self, section: str, text: str) -> tuple[Entry, re.Match] | None:
        """The earliest match of a pattern section in text (longest on a tie)."""
        found = self.match(section, text)
        return found[0] if found else None

    def search(self, section: str, text: str) -> tuple[Entry, re.Match] | None:
        """The first entry (in table order) whose pattern matches: table order is priority."""
        for e, rx in self._candidates(section, text):
            m = rx.search(text)
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
        folded = self._folded.get(section)
        if folded is None:         # the first key of the section that folds to a form wins
            folded = self._folded[section] = {}
            for k, v in sec.items():
                folded.setdefault(_fold(str(k)), v)
        return folded.get(_fold(key), default)

    def alternation(self, section: str) -> str:
        """A regex alternation of the keys of a map section (or items of a list), longest first."""
        found = self._alternations.get(section)
        if found is None:
            sec = self._sections.get(section) or {}
            keys = list(sec) if isinstance(sec, (dict, list)) else []
            found = self._alternations[section] = "|".join(
                re.escape(str(k)) for k in sorted(keys, key=lambda k: -len(str(k))))
        return found

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
                    elif not e.may_match(ex):
                        problems.append(f"{e.source}: the prefilter of {e.pattern!r} ({e.needs}) skips its example {ex!r}")
                for ex in e.counter_examples:
                    if rx.search(ex):
                        problems.append(f"{e.source}: pattern {e.pattern!r} matches its counter-example {ex!r}")
        return problems


@lru_cache(maxsize=4096)
def _fold(text: str) -> str:
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
    return list(_languages_in(LANGUAGES_DIR))


@lru_cache(maxsize=None)        # read once per folder, as the tables are (load_table)
def _languages_in(folder: Path) -> tuple[str, ...]:
    if not folder.is_dir():
        return ()
    return tuple(sorted(p.name for p in folder.iterdir() if p.is_dir() and any(p.glob("*.yaml"))))


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
