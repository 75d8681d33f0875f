"""The States of the United Nations and their names in the six UN languages.

Built from the UNTERM short names, M49 names and ISO 3166-1 codes that
`hdx-python-country` ships (read offline: the package never goes to the network here),
plus the variants found in running text, derived from those names: the reordered form
of an inverted name ("Iran (République islamique d')" → "République islamique d'Iran"),
the name without its parenthesis ("Iran"), the formal name without its article
("Islamic Republic of Iran"), and a few usual short forms kept by ISO3 code below
("États-Unis", "Turkey").

    index = StateIndex.load()
    index.lookup("République islamique d’Iran")     # 'IRN'
    index.lookup("la Finlande", "fr")                # 'FIN'
    index.lookup("Vienne")                           # None
"""
from __future__ import annotations

import re
import unicodedata
from dataclasses import asdict, dataclass, field
from functools import lru_cache

#: the six official languages of the United Nations
LANGUAGES = ("en", "fr", "es", "ru", "zh", "ar")

_HDX_COLUMNS = {"en": "English Short", "fr": "French Short", "es": "Spanish Short",
                "ru": "Russian Short", "zh": "Chinese Short", "ar": "Arabic Short"}
_M49_COLUMNS = {"en": "M49 English", "fr": "M49 French", "es": "M49 Spanish",
                "ru": "M49 Russian", "zh": "M49 Chinese", "ar": "M49 Arabic"}

#: Observer States (General Assembly resolutions 58/314 and 67/19)
OBSERVER_STATES = frozenset({"VAT", "PSE"})

#: Usual names that no column of the UNTERM table carries, by ISO3 code and language.
USUAL_NAMES: dict[str, dict[str, tuple[str, ...]]] = {
    "USA": {"en": ("United States",), "fr": ("États-Unis",), "es": ("Estados Unidos",),
            "ru": ("США",), "zh": ("美国",)},
    "GBR": {"en": ("United Kingdom",), "fr": ("Royaume-Uni",), "es": ("Reino Unido",),
            "ru": ("Великобритания",), "zh": ("英国",)},
    "TUR": {"en": ("Turkey",), "fr": ("Turquie",), "es": ("Turquía",), "ru": ("Турция",)},
    "NLD": {"en": ("Netherlands", "the Netherlands"), "fr": ("Pays-Bas",), "es": ("Países Bajos",),
            "ru": ("Нидерланды",)},
    "RUS": {"en": ("Russia",), "fr": ("Russie",), "es": ("Rusia",), "ru": ("Россия",)},
    "CZE": {"en": ("Czech Republic",), "fr": ("République tchèque",), "es": ("República Checa",)},
    "SWZ": {"en": ("Swaziland",), "fr": ("Swaziland",), "es": ("Swazilandia",)},
    "MKD": {"en": ("The former Yugoslav Republic of Macedonia",),
            "fr": ("ex-République yougoslave de Macédoine",)},
    "CPV": {"en": ("Cape Verde",), "fr": ("Cap-Vert",)},
    "VNM": {"en": ("Vietnam",)},
    "KOR": {"en": ("South Korea",), "fr": ("Corée du Sud",)},
    "PRK": {"en": ("North Korea",), "fr": ("Corée du Nord",)},
    "SYR": {"en": ("Syria",), "fr": ("Syrie",), "es": ("Siria",)},
    "LAO": {"en": ("Laos",)},
    "TZA": {"en": ("Tanzania",), "fr": ("Tanzanie",), "es": ("Tanzanía",)},
    "MDA": {"en": ("Moldova",), "fr": ("Moldova", "Moldavie"), "es": ("Moldova",)},
    "PSE": {"en": ("Palestine",), "fr": ("Palestine",), "es": ("Palestina",)},
    "VAT": {"en": ("Vatican",)},
    "CIV": {"en": ("Ivory Coast",)},
    "BRN": {"en": ("Brunei",), "fr": ("Brunéi",)},
}

#: words that may open a State name in running text and are not part of it
_ARTICLES = {
    "en": ("the ",),
    "fr": ("la ", "le ", "les ", "l'", "l’", "du ", "des ", "de la ", "de l'", "de l’", "de ", "d'", "d’",
           "au ", "aux ", "à la ", "à l'", "à l’", "en "),
    "es": ("el ", "la ", "los ", "las ", "del ", "de la ", "de los ", "de las ", "de "),
}


@dataclass(frozen=True)
class State:
    """A State: its codes, its UNTERM short name per language and the variants per language."""

    iso3: str
    iso2: str
    m49: int
    names: dict[str, str]
    variants: dict[str, tuple[str, ...]] = field(default_factory=dict)
    #: "member", "observer" (Holy See, State of Palestine) or "non-member" (Cook Islands, Niue)
    status: str = "member"
    formal_name_en: str = ""

    def name(self, lang: str = "en") -> str:
        return self.names.get(lang) or self.names["en"]


def normalize(name: str) -> str:
    """The key two spellings of one name share: no accents, apostrophes and hyphens unified, case folded."""
    text = unicodedata.normalize("NFKD", name)
    text = "".join(c for c in text if not unicodedata.combining(c))
    text = text.replace("’", "'").replace("‘", "'").replace("`", "'").replace("ʼ", "'")
    text = re.sub(r"[\-‐‑–—]", " ", text)
    text = re.sub(r"\s+", " ", text).strip(" .,;:").casefold()
    return text.replace("' ", "'")


def _reordered(name: str, lang: str) -> list[str]:
    """'Iran (Islamic Republic of)' → ['Iran', 'Islamic Republic of Iran']."""
    m = re.fullmatch(r"(?P<base>[^()]+?)\s*\((?P<qual>[^()]+)\)", name)
    if not m:
        return []
    base, qual = m["base"].strip(), m["qual"].strip()
    out = [base]
    if qual.lower() in ("the",):
        return out
    if lang == "ar":
        return out
    if qual.endswith(("'", "’")):
        out.append(f"{qual}{base}")
    elif lang == "zh":
        out.append(f"{qual}{base}")
    else:
        out.append(f"{qual} {base}")
    return out


def _variants(row: dict, lang: str, iso3: str) -> list[str]:
    names: list[str] = []
    for col in (_HDX_COLUMNS[lang], _M49_COLUMNS[lang]):
        value = (row.get(col) or "").strip()
        if value:
            names.append(value)
    if lang == "en":
        for col in ("Preferred Term", "ISO Alt Term", "HPC Tools Alt Term", "DGACM Alt Term",
                    "RW Short Name", "English Formal"):
            value = (row.get(col) or "").strip()
            if not value or value.isupper():      # "USA", "DPRK": abbreviations are too ambiguous
                continue
            value = re.sub(r"\s*\(the\)$", "", value)
            if value.lower().startswith("the "):
                value = value[4:]
            if re.search(r", ", value):          # "Iran, Islamic Republic of" is a sort key, not a name
                continue
            names.append(value)
    for value in list(names):
        names.extend(_reordered(value, lang))
    names.extend(USUAL_NAMES.get(iso3, {}).get(lang, ()))
    seen: dict[str, str] = {}
    for n in names:
        for form in {n, n.replace("’", "'"), n.replace("'", "’")}:
            seen.setdefault(form, form)
    return list(seen)


class StateIndex:
    """Every UN Member State, observer State and the two other States in UNTERM, with their names."""

    def __init__(self, states: dict[str, State]):
        self._states = states
        self._by_lang: dict[str, dict[str, str]] = {lang: {} for lang in LANGUAGES}
        self._keys: dict[str, dict[str, str]] = {lang: {} for lang in LANGUAGES}
        ambiguous: dict[str, set[str]] = {lang: set() for lang in LANGUAGES}
        for state in states.values():
            for lang in LANGUAGES:
                for form in (state.names.get(lang), *state.variants.get(lang, ())):
                    if not form:
                        continue
                    key = normalize(form)
                    other = self._keys[lang].get(key)
                    if other and other != state.iso3:
                        ambiguous[lang].add(key)
                    self._keys[lang][key] = state.iso3
                    self._by_lang[lang][form] = state.iso3
        for lang, keys in ambiguous.items():
            for key in keys:
                del self._keys[lang][key]
            self._by_lang[lang] = {f: c for f, c in self._by_lang[lang].items() if normalize(f) not in keys}
        self._any: dict[str, str] = {}
        clash: set[str] = set()
        for lang in LANGUAGES:
            for key, iso3 in self._keys[lang].items():
                if self._any.get(key, iso3) != iso3:
                    clash.add(key)
                self._any[key] = iso3
        for key in clash:
            del self._any[key]

    @classmethod
    def load(cls) -> "StateIndex":
        """The index built from hdx-python-country's offline table (built once per process)."""
        return _load_index()

    def __len__(self) -> int:
        return len(self._states)

    def __iter__(self):
        return iter(self._states.values())

    def __contains__(self, iso3: str) -> bool:
        return iso3 in self._states

    def lookup(self, name: str, lang: str | None = None) -> str | None:
        """The ISO3 code of the State named `name` (in `lang`, or any UN language), or None.

        Tolerates case, accents, curly or straight apostrophes, hyphens and a leading article
        or preposition ("la Finlande", "de l’Australie", "the Netherlands").
        """
        if not name or not name.strip():
            return None
        tables = [self._keys[lang]] if lang in self._keys else []
        tables.append(self._any)
        key = normalize(name)
        for table in tables:
            if key in table:
                return table[key]
        langs = [lang] if lang in _ARTICLES else list(_ARTICLES)
        for lg in langs:
            for article in _ARTICLES[lg]:
                art = article.replace("’", "'")
                stripped = key[len(art):].lstrip() if key.startswith(art) else None
                if stripped:
                    found = self._keys[lg].get(stripped) or self._any.get(stripped)
                    if found:
                        return found
        return None

    def names(self, lang: str) -> dict[str, str]:
        """Every surface form of a State name in `lang` (official name and variants, with both
        apostrophe forms) → ISO3. Sort by length, longest first, to build an alternation regex."""
        if lang not in self._by_lang:
            raise KeyError(f"{lang!r} is not one of the UN languages {', '.join(LANGUAGES)}")
        return dict(self._by_lang[lang])

    def info(self, iso3: str) -> State:
        """The State with this ISO 3166-1 alpha-3 code (KeyError when it is not a State)."""
        return self._states[iso3]

    def get(self, iso3: str) -> State | None:
        return self._states.get(iso3)


@lru_cache(maxsize=1)
def _load_index() -> StateIndex:
    """The index, from the start-up cache when it holds the States of this version of the
    reference data and of hdx-python-country (reading hdx's table costs 0.5–0.8 s: half of
    a one-document `unkg ingest`), else from hdx, then cached."""
    from unkg import cache

    from . import reference_version

    key = reference_version()
    states = _states_from_rows(cache.read("states", key))
    if states is None:
        states = _states_from_hdx()
        cache.write("states", key, [asdict(s) for s in states.values()])
    return StateIndex(states)


def _states_from_rows(rows) -> dict[str, State] | None:
    """The States of a cache entry (None: not a list of States)."""
    if not isinstance(rows, list):
        return None
    try:
        states = [State(**{**row, "variants": {lang: tuple(forms) for lang, forms in row["variants"].items()}})
                  for row in rows]
    except (TypeError, KeyError, AttributeError):
        return None
    return {s.iso3: s for s in states}


def _states_from_hdx() -> dict[str, State]:
    from hdx.location.country import Country

    Country.set_use_live_default(False)  # before any other call: never download a newer table
    data = Country.countriesdata(use_live=False)["countries"]
    states: dict[str, State] = {}
    for iso3, row in data.items():
        if row.get("Appears in UNTERM list") != "Y" or row.get("Independent") != "Y":
            continue
        if row.get("Appears in DGACM list") == "Y":
            status = "member"
        elif iso3 in OBSERVER_STATES:
            status = "observer"
        else:
            status = "non-member"
        names = {lang: row[col].strip() for lang, col in _HDX_COLUMNS.items() if row.get(col)}
        variants = {}
        for lang in LANGUAGES:
            forms = [v for v in _variants(row, lang, iso3) if v != names.get(lang)]
            variants[lang] = tuple(forms)
        formal = (row.get("English Formal") or "").strip()
        states[iso3] = State(
            iso3=iso3, iso2=row["ISO 3166-1 Alpha 2-Codes"], m49=int(row["m49 numerical code"]),
            names=names, variants=variants, status=status,
            formal_name_en=formal[4:] if formal.lower().startswith("the ") else formal,
        )
    return dict(sorted(states.items()))
