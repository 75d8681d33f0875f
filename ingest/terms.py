"""The vocabularies the extractors write, with each term made once.

rdflib's namespaces build a new URIRef on every attribute access (`UNKG.text` checks the
name against the ontology, then concatenates); a report states hundreds of thousands of
such terms. These wrappers look a term up once and keep it; an unknown name still raises
the namespace's own AttributeError.
"""
from __future__ import annotations

from functools import lru_cache

from rdflib import RDF as _RDF
from rdflib import Literal
from rdflib import RDFS as _RDFS
from rdflib.namespace import FOAF as _FOAF
from rdflib.namespace import SKOS as _SKOS
from rdflib.namespace import XSD as _XSD

from unkg.vocab import UNKG as _UNKG


class Terms:
    """Attribute access to a namespace's terms, each URIRef made on first use and kept."""

    def __init__(self, namespace):
        self._namespace = namespace

    def __getattr__(self, name: str):
        if name.startswith("__"):
            raise AttributeError(name)
        term = getattr(self._namespace, name)
        self.__dict__[name] = term
        return term


UNKG = Terms(_UNKG)
RDF = Terms(_RDF)
RDFS = Terms(_RDFS)
SKOS = Terms(_SKOS)
FOAF = Terms(_FOAF)
XSD = Terms(_XSD)


@lru_cache(maxsize=16384, typed=True)
def lit(value, lang: str | None = None, datatype=None) -> Literal:
    """`Literal(value, lang=lang, datatype=datatype)`, made once: spans, numbers, codes and
    names recur within and across documents (`typed` keeps 1 and True apart)."""
    return Literal(value, lang=lang, datatype=datatype)
