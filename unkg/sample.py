"""A synthetic corpus shaped like the real UN documents unkg reads, for demos and benchmarks.

    python -m unkg.sample DIR [--count N] [--seed S]

writes N documents (default 60) under DIR:

- `reports/NNNNN_<hash>.txt` — reports of meetings of the working groups of the Conference
  of the Parties to the Organized Crime Convention, in French, English or Spanish, shaped
  like the real ones: chapters (introduction, recommendations, organization of the meeting,
  summary of deliberations, adoption of the report), recommendation sections on articles of
  the Convention with their addressees and modalities, State statements by States parties
  and signatory States, panellists speaking for a State on an agenda item at a sitting,
  citations of Conference resolutions and decisions, and an annex listing the documents;
  a meeting's report comes in one to three language versions (one file each);
- `resolutions/A_RES_S_N[-LANG].md` — General Assembly resolutions: symbol, session, agenda
  item, adoption date, draft or committee report, preambular and operative paragraphs (with
  sub-paragraphs), plenary meeting and footnotes. Each resolution recalls the previous
  resolution on its topic and, often, another earlier one, so citation lineages grow
  deep with the corpus (about 40 topics: depth ~15 at 1,000 documents).

The text is written from templates in unkg's own words; no UN document is copied.
Generation is deterministic: the same seed gives the same files, and the first N documents
of a larger corpus are the corpus of size N (every citation points to an earlier document).
"""
from __future__ import annotations

import argparse
import hashlib
import random
import re
import sys
from dataclasses import dataclass, field
from datetime import date, timedelta
from functools import lru_cache
from pathlib import Path
from typing import Iterator

from .errors import UsageError

# ----------------------------------------------------------------------------- numbers in words

_EN_UNITS = ["zero", "one", "two", "three", "four", "five", "six", "seven", "eight", "nine", "ten",
             "eleven", "twelve", "thirteen", "fourteen", "fifteen", "sixteen", "seventeen", "eighteen", "nineteen"]
_EN_TENS = ["", "", "twenty", "thirty", "forty", "fifty", "sixty", "seventy", "eighty", "ninety"]
_EN_ORD = {"one": "first", "two": "second", "three": "third", "five": "fifth", "eight": "eighth",
           "nine": "ninth", "twelve": "twelfth"}


def _en_cardinal(n: int) -> str:
    if n < 20:
        return _EN_UNITS[n]
    if n < 100:
        t, u = divmod(n, 10)
        return _EN_TENS[t] + (f"-{_EN_UNITS[u]}" if u else "")
    h, r = divmod(n, 100)
    return f"{_EN_UNITS[h]} hundred" + (f" and {_en_cardinal(r)}" if r else "")


def ordinal_en(n: int) -> str:
    """21 → 'twenty-first'."""
    words = _en_cardinal(n)
    head, sep, last = words.rpartition("-") if "-" in words.split(" ")[-1] else words.rpartition(" ")
    if last in _EN_ORD:
        last = _EN_ORD[last]
    elif last.endswith("y"):
        last = last[:-1] + "ieth"
    else:
        last += "th"
    return head + sep + last


_FR_UNITS = ["zéro", "un", "deux", "trois", "quatre", "cinq", "six", "sept", "huit", "neuf", "dix",
             "onze", "douze", "treize", "quatorze", "quinze", "seize", "dix-sept", "dix-huit", "dix-neuf"]
_FR_TENS = ["", "", "vingt", "trente", "quarante", "cinquante", "soixante"]


def _fr_cardinal(n: int) -> str:
    if n < 20:
        return _FR_UNITS[n]
    if n < 70:
        t, u = divmod(n, 10)
        return _FR_TENS[t] + ("" if u == 0 else " et un" if u == 1 else f"-{_FR_UNITS[u]}")
    if n < 80:
        return "soixante" + (" et onze" if n == 71 else f"-{_FR_UNITS[n - 60]}")
    if n < 100:
        r = n - 80
        return "quatre-vingts" if r == 0 else f"quatre-vingt-{_FR_UNITS[r]}"
    h, r = divmod(n, 100)
    head = "cent" if h == 1 else f"{_FR_UNITS[h]} cent" + ("s" if r == 0 else "")
    return head + (f" {_fr_cardinal(r)}" if r else "")


def ordinal_fr(n: int) -> str:
    """9 → 'neuvième', 21 → 'vingt et unième' (1 → 'première': meetings and sessions are feminine)."""
    if n == 1:
        return "première"
    words = _fr_cardinal(n)
    cut = max(words.rfind(" "), words.rfind("-"))
    head, last = words[:cut + 1], words[cut + 1:]
    if last.endswith("s") and last in ("vingts", "cents"):
        last = last[:-1]
    last = {"un": "unième", "cinq": "cinquième", "neuf": "neuvième"}.get(last) or (last.rstrip("e") + "ième")
    return head + last


_ES_UNITS = ["", "primer", "segund", "tercer", "cuart", "quint", "sext", "séptim", "octav", "noven"]
_ES_TENS = ["", "décim", "vigésim", "trigésim", "cuadragésim", "quincuagésim", "sexagésim",
            "septuagésim", "octogésim", "nonagésim"]
_ES_HUNDREDS = ["", "centésim", "ducentésim", "tricentésim", "cuadringentésim", "quingentésim",
                "sexcentésim", "septingentésim", "octingentésim", "noningentésim"]


def ordinal_es(n: int, feminine: bool = False) -> str:
    """8 → 'octavo', 1 → 'primer'; 21 (feminine) → 'vigésima primera'."""
    end = "a" if feminine else "o"
    h, r = divmod(n, 100)
    t, u = divmod(r, 10)
    parts = []
    if h:
        parts.append(_ES_HUNDREDS[h] + end)
    if t:
        parts.append(_ES_TENS[t] + end)
    if u:
        parts.append(_ES_UNITS[u] + end)
    words = " ".join(parts)
    if not feminine and words.endswith(("primero", "tercero")):
        words = words[:-1]          # apocope before a masculine noun: 'primer período', 'tercer período'
    return words


def ordinal_words(n: int, lang: str, feminine: bool = True) -> str:
    if lang == "fr":
        return ordinal_fr(n)
    if lang == "es":
        return ordinal_es(n, feminine)
    return ordinal_en(n)


def sitting_ordinal(n: int, lang: str) -> str:
    """1 → '1re' / '1st' / '1ª'."""
    if lang == "fr":
        return f"{n}re" if n == 1 else f"{n}e"
    if lang == "es":
        return f"{n}ª"
    suffix = "th" if 10 <= n % 100 <= 20 else {1: "st", 2: "nd", 3: "rd"}.get(n % 10, "th")
    return f"{n}{suffix}"


# ----------------------------------------------------------------------------- dates

MONTHS = {
    "en": ["January", "February", "March", "April", "May", "June", "July", "August", "September",
           "October", "November", "December"],
    "fr": ["janvier", "février", "mars", "avril", "mai", "juin", "juillet", "août", "septembre",
           "octobre", "novembre", "décembre"],
    "es": ["enero", "febrero", "marzo", "abril", "mayo", "junio", "julio", "agosto", "septiembre",
           "octubre", "noviembre", "diciembre"],
}


def date_words(d: date, lang: str) -> str:
    month = MONTHS[lang][d.month - 1]
    if lang == "es":
        return f"{d.day} de {month} de {d.year}"
    if lang == "fr":
        return f"{'1er' if d.day == 1 else d.day} {month} {d.year}"
    return f"{d.day} {month} {d.year}"


def date_range_words(start: date, end: date, lang: str) -> str:
    """'du 17 au 19 octobre 2016' / 'from 17 to 19 October 2016' / 'del 17 al 19 de octubre de 2016'."""
    if lang == "fr":
        first = f"{start.day}" if start.month == end.month else f"{start.day} {MONTHS['fr'][start.month - 1]}"
        return f"du {first} au {date_words(end, 'fr')}"
    if lang == "es":
        first = f"{start.day}" if start.month == end.month else f"{start.day} de {MONTHS['es'][start.month - 1]}"
        return f"del {first} al {date_words(end, 'es')}"
    first = f"{start.day}" if start.month == end.month else f"{start.day} {MONTHS['en'][start.month - 1]}"
    return f"from {first} to {date_words(end, 'en')}"


# ----------------------------------------------------------------------------- reference material

def agenda_item_title(item: int, lang: str) -> str:
    """An agenda item has one title in a session, whatever resolutions are adopted under it:
    the title of the first topic filed under that item."""
    for t_en, t_fr, t_es, number in RESOLUTION_TOPICS:
        if number == item:
            return {"en": t_en, "fr": t_fr, "es": t_es}[lang]
    raise ValueError(f"no topic under agenda item {item}")


@dataclass(frozen=True)
class Body:
    slug: str
    symbol: str                 # symbol prefix of its documents
    names: dict[str, str]       # full name, with its article, per language
    short: dict[str, str]       # "the Working Group" per language
    established_by: str         # decision of the Conference
    permanent_by: str | None
    topic: dict[str, str]       # what it works on, for agenda items


BODIES = [
    Body("ctoc-cop-wg2", "CTOC/COP/WG.2",
         {"fr": "le Groupe de travail d’experts gouvernementaux sur l’assistance technique",
          "en": "the Working Group of Government Experts on Technical Assistance",
          "es": "el Grupo de Trabajo de Expertos Gubernamentales sobre Asistencia Técnica"},
         {"fr": "le Groupe de travail", "en": "the Working Group", "es": "el Grupo de Trabajo"},
         "2/6", "4/3",
         {"fr": "l’assistance technique", "en": "technical assistance", "es": "la asistencia técnica"}),
    Body("ctoc-cop-wg3", "CTOC/COP/WG.3",
         {"fr": "le Groupe de travail sur la coopération internationale",
          "en": "the Working Group on International Cooperation",
          "es": "el Grupo de Trabajo sobre Cooperación Internacional"},
         {"fr": "le Groupe de travail", "en": "the Working Group", "es": "el Grupo de Trabajo"},
         "3/2", None,
         {"fr": "la coopération internationale", "en": "international cooperation", "es": "la cooperación internacional"}),
    Body("ctoc-cop-wg4", "CTOC/COP/WG.4",
         {"fr": "le Groupe de travail sur la traite des personnes",
          "en": "the Working Group on Trafficking in Persons",
          "es": "el Grupo de Trabajo sobre la Trata de Personas"},
         {"fr": "le Groupe de travail", "en": "the Working Group", "es": "el Grupo de Trabajo"},
         "4/4", None,
         {"fr": "la traite des personnes", "en": "trafficking in persons", "es": "la trata de personas"}),
    Body("ctoc-cop-wg6", "CTOC/COP/WG.6",
         {"fr": "le Groupe de travail sur les armes à feu",
          "en": "the Working Group on Firearms",
          "es": "el Grupo de Trabajo sobre Armas de Fuego"},
         {"fr": "le Groupe de travail", "en": "the Working Group", "es": "el Grupo de Trabajo"},
         "7/2", None,
         {"fr": "les armes à feu", "en": "firearms", "es": "las armas de fuego"}),
    Body("ctoc-cop-wg7", "CTOC/COP/WG.7",
         {"fr": "le Groupe de travail sur le trafic illicite de migrants",
          "en": "the Working Group on the Smuggling of Migrants",
          "es": "el Grupo de Trabajo sobre el Tráfico Ilícito de Migrantes"},
         {"fr": "le Groupe de travail", "en": "the Working Group", "es": "el Grupo de Trabajo"},
         "5/5", None,
         {"fr": "le trafic illicite de migrants", "en": "the smuggling of migrants", "es": "el tráfico ilícito de migrantes"}),
]

CONVENTION = {"fr": "la Convention des Nations Unies contre la criminalité transnationale organisée",
              "en": "the United Nations Convention against Transnational Organized Crime",
              "es": "la Convención de las Naciones Unidas contra la Delincuencia Organizada Transnacional"}

#: articles of the Convention with the subject of a recommendations section
ARTICLES = {
    5: {"fr": "l’incrimination de la participation à un groupe criminel organisé",
        "en": "the criminalization of participation in an organized criminal group",
        "es": "la penalización de la participación en un grupo delictivo organizado"},
    6: {"fr": "l’incrimination du blanchiment du produit du crime",
        "en": "the criminalization of the laundering of proceeds of crime",
        "es": "la penalización del blanqueo del producto del delito"},
    8: {"fr": "l’incrimination de la corruption", "en": "the criminalization of corruption",
        "es": "la penalización de la corrupción"},
    10: {"fr": "la responsabilité des personnes morales", "en": "the liability of legal persons",
         "es": "la responsabilidad de las personas jurídicas"},
    12: {"fr": "la confiscation et la saisie", "en": "confiscation and seizure", "es": "el decomiso y la incautación"},
    16: {"fr": "l’extradition", "en": "extradition", "es": "la extradición"},
    18: {"fr": "l’entraide judiciaire", "en": "mutual legal assistance", "es": "la asistencia judicial recíproca"},
    20: {"fr": "les techniques d’enquête spéciales", "en": "special investigative techniques",
         "es": "las técnicas especiales de investigación"},
    23: {"fr": "l’incrimination de l’entrave au bon fonctionnement de la justice",
         "en": "the criminalization of the obstruction of justice",
         "es": "la penalización de la obstrucción de la justicia"},
    24: {"fr": "la protection des témoins", "en": "the protection of witnesses", "es": "la protección de los testigos"},
    25: {"fr": "l’assistance et la protection accordées aux victimes", "en": "assistance to and protection of victims",
         "es": "la asistencia y protección a las víctimas"},
    27: {"fr": "la coopération entre les services de détection et de répression",
         "en": "law enforcement cooperation", "es": "la cooperación en materia de cumplimiento de la ley"},
    29: {"fr": "la formation et l’assistance technique", "en": "training and technical assistance",
         "es": "la capacitación y la asistencia técnica"},
    31: {"fr": "la prévention", "en": "prevention", "es": "la prevención"},
    32: {"fr": "la communication d’informations sur l’application de la Convention",
         "en": "reporting on the implementation of the Convention",
         "es": "la presentación de información sobre la aplicación de la Convención"},
}

#: what a State or an office is asked to do; "{t}" is the subject of the section
ACTIONS = {
    "fr": ["renforcer leur législation en matière de {t}",
           "échanger des informations sur les pratiques efficaces concernant {t}",
           "désigner des autorités chargées de {t} et en communiquer les coordonnées au Secrétariat",
           "recueillir des données ventilées sur {t} et les communiquer au Secrétariat",
           "demander ou fournir une assistance technique en matière de {t}",
           "former les praticiens de la justice pénale aux questions relatives à {t}",
           "évaluer régulièrement l’efficacité de leurs mesures relatives à {t}",
           "associer la société civile aux efforts consacrés à {t}"],
    "en": ["strengthen their legislation on {t}",
           "exchange information on effective practices concerning {t}",
           "designate authorities responsible for {t} and provide their contact details to the Secretariat",
           "collect disaggregated data on {t} and share them with the Secretariat",
           "request or provide technical assistance on {t}",
           "train criminal justice practitioners in matters relating to {t}",
           "assess regularly the effectiveness of their measures relating to {t}",
           "involve civil society in efforts concerning {t}"],
    "es": ["reforzar su legislación en materia de {t}",
           "intercambiar información sobre prácticas eficaces relativas a {t}",
           "designar autoridades encargadas de {t} y comunicar sus datos de contacto a la Secretaría",
           "reunir datos desglosados sobre {t} y comunicarlos a la Secretaría",
           "solicitar o prestar asistencia técnica en materia de {t}",
           "capacitar a los profesionales de la justicia penal en cuestiones relativas a {t}",
           "evaluar periódicamente la eficacia de sus medidas relativas a {t}",
           "hacer partícipe a la sociedad civil de las actividades relativas a {t}"],
}
OFFICE_ACTIONS = {
    "fr": ["continuer de recueillir et de diffuser des informations sur {t}",
           "élaborer des outils d’assistance technique consacrés à {t}",
           "incorporer dans le portail SHERLOC la législation et la jurisprudence relatives à {t}"],
    "en": ["continue to collect and disseminate information on {t}",
           "develop technical assistance tools on {t}",
           "include legislation and case law on {t} in the SHERLOC portal"],
    "es": ["seguir reuniendo y difundiendo información sobre {t}",
           "elaborar instrumentos de asistencia técnica relativos a {t}",
           "incorporar en el portal SHERLOC la legislación y la jurisprudencia relativas a {t}"],
}

#: (addressee codes, modality code, template); {a} an action for States, {o} one for an office
RECOMMENDATION_FORMS = {
    "fr": [(("STATES",), "should", "Les États devraient {a}."),
           (("STATES",), "should_consider", "Les États devraient envisager {de}{a}."),
           (("STATES_PARTIES",), "should", "Les États parties devraient {a}."),
           (("STATES_PARTIES", "UNODC"), "should", "Les États parties devraient {a}. L’ONUDC devrait {o}."),
           (("UNODC",), "should", "L’ONUDC devrait {o}."),
           (("SECRETARIAT",), "should", "Le Secrétariat devrait {o}."),
           (("WORKING_GROUP", "STATES"), "recommends",
            "{W} recommande que {wg} envisage de demander aux États {de}{a}.")],
    "en": [(("STATES",), "should", "States should {a}."),
           (("STATES",), "should_consider", "States should consider {ing}."),
           (("STATES_PARTIES",), "should", "States parties should {a}."),
           (("STATES_PARTIES", "UNODC"), "should", "States parties should {a}. UNODC should {o}."),
           (("UNODC",), "should", "UNODC should {o}."),
           (("SECRETARIAT",), "should", "The Secretariat should {o}."),
           (("WORKING_GROUP", "STATES"), "recommends",
            "{W} recommends that {wg} consider requesting States to {a}.")],
    "es": [(("STATES",), "should", "Los Estados deberían {a}."),
           (("STATES",), "should_consider", "Los Estados deberían considerar la posibilidad de {a}."),
           (("STATES_PARTIES",), "should", "Los Estados partes deberían {a}."),
           (("STATES_PARTIES", "UNODC"), "should", "Los Estados partes deberían {a}. La UNODC debería {o}."),
           (("UNODC",), "should", "La UNODC debería {o}."),
           (("SECRETARIAT",), "should", "La Secretaría debería {o}."),
           (("WORKING_GROUP", "STATES"), "recommends",
            "{W} recomienda que {wg} considere la posibilidad de pedir a los Estados que {a_subj}.")],
}

_EN_GERUND_FIX = {"exchange": "exchanging", "designate": "designating", "collect": "collecting",
                  "request": "requesting", "train": "training", "assess": "assessing", "involve": "involving",
                  "strengthen": "strengthening"}
_ES_SUBJUNCTIVE = {"reforzar": "refuercen", "intercambiar": "intercambien", "designar": "designen",
                   "reunir": "reúnan", "solicitar": "soliciten", "capacitar": "capaciten",
                   "evaluar": "evalúen", "hacer": "hagan"}

#: given names with the honorific they take ("f" Ms./Mme/Sra., "m" Mr./M./Sr.)
GIVEN_NAMES = [("Virginie", "f"), ("Andrés", "m"), ("Matthieu", "m"), ("Chanida", "f"), ("Mei", "f"),
               ("Rafaela", "f"), ("Olusegun", "m"), ("Ingrid", "f"), ("Tomás", "m"), ("Amina", "f"),
               ("Kenji", "m"), ("Leila", "f"), ("Pavel", "m"), ("Sofía", "f"), ("Johan", "m"), ("Nadia", "f"),
               ("Carlos", "m"), ("Aiko", "f"), ("Farid", "m"), ("Helena", "f"), ("Kwame", "m"), ("Lucía", "f"),
               ("Marek", "m"), ("Noura", "f"), ("Pedro", "m"), ("Priya", "f"), ("Stefan", "m"), ("Yara", "f"),
               ("Ana", "f"), ("Bruno", "m"), ("Daniela", "f"), ("Erik", "m"), ("Fatou", "f"), ("Gustavo", "m"),
               ("Hiroshi", "m"), ("Irina", "f"), ("Jorge", "m"), ("Katarina", "f")]
FAMILY_NAMES = ["Lindqvist", "Moreau", "Okonkwo", "Tanaka", "Haddad", "Kowalski", "Fernández", "Nguyen",
                "Schmidt", "Mbeki", "Rossi", "Petrov", "Costa", "Jansen", "Al-Amin", "Dubois", "Silva",
                "Novak", "Yilmaz", "Ortega", "Keller", "Banda", "Ivanova", "Castillo", "Berg", "Sato",
                "Mendoza", "Osei", "Horvat", "Rahman", "Vargas", "Lund", "Abebe", "Fontaine", "Ramos"]

#: subjects of the General Assembly resolutions, each a lineage of resolutions over the sessions
RESOLUTION_TOPICS = [
    ("Crime prevention and criminal justice", "Prévention du crime et justice pénale", "Prevención del delito y justicia penal", 107),
    ("Strengthening the technical cooperation programme of UNODC", "Renforcement du programme de coopération technique de l’ONUDC", "Fortalecimiento del programa de cooperación técnica de la UNODC", 107),
    ("Improving the coordination of efforts against trafficking in persons", "Amélioration de la coordination de l’action contre la traite des personnes", "Mejoramiento de la coordinación de los esfuerzos contra la trata de personas", 107),
    ("International cooperation against the world drug problem", "Coopération internationale face au problème mondial de la drogue", "Cooperación internacional contra el problema mundial de las drogas", 108),
    ("Preventing and combating corrupt practices", "Prévention et répression des pratiques de corruption", "Prevención y lucha contra las prácticas corruptas", 107),
    ("Countering the use of information technologies for criminal purposes", "Lutte contre l’utilisation des technologies de l’information à des fins criminelles", "Lucha contra la utilización de las tecnologías de la información con fines delictivos", 107),
    ("Protection of migrants", "Protection des migrants", "Protección de los migrantes", 71),
    ("The rights of the child", "Droits de l’enfant", "Derechos del niño", 66),
    ("Violence against women migrant workers", "Violence à l’égard des travailleuses migrantes", "Violencia contra las trabajadoras migratorias", 27),
    ("Rights of indigenous peoples", "Droits des peuples autochtones", "Derechos de los pueblos indígenas", 69),
    ("Oceans and the law of the sea", "Les océans et le droit de la mer", "Los océanos y el derecho del mar", 76),
    ("Sustainable fisheries", "Viabilité des pêches", "Pesca sostenible", 76),
    ("Assistance to refugees, returnees and displaced persons in Africa", "Aide aux réfugiés, aux rapatriés et aux déplacés en Afrique", "Asistencia a los refugiados, los repatriados y los desplazados en África", 63),
    ("Measures to eliminate international terrorism", "Mesures visant à éliminer le terrorisme international", "Medidas para eliminar el terrorismo internacional", 111),
    ("Safety and security of humanitarian personnel", "Sûreté et sécurité du personnel humanitaire", "Seguridad del personal de asistencia humanitaria", 73),
    ("Global health and foreign policy", "Santé mondiale et politique étrangère", "Salud mundial y política exterior", 124),
    ("Agricultural technology for sustainable development", "Technologies agricoles au service du développement durable", "Tecnología agrícola para el desarrollo sostenible", 18),
    ("Disaster risk reduction", "Réduction des risques de catastrophe", "Reducción del riesgo de desastres", 19),
    ("Protection of global climate for present and future generations", "Sauvegarde du climat mondial pour les générations présentes et futures", "Protección del clima mundial para las generaciones presentes y futuras", 19),
    ("Culture of peace", "Culture de paix", "Cultura de paz", 15),
    ("Cooperation between the United Nations and regional organizations", "Coopération entre l’Organisation des Nations Unies et les organisations régionales", "Cooperación entre las Naciones Unidas y las organizaciones regionales", 126),
    ("Literacy for life", "L’alphabétisation, enjeu vital", "La alfabetización, un factor vital", 25),
    ("Human rights and extreme poverty", "Droits de l’homme et extrême pauvreté", "Los derechos humanos y la extrema pobreza", 68),
    ("Education for democracy", "Éducation à la démocratie", "Educación para la democracia", 13),
    ("Entrepreneurship for sustainable development", "L’entrepreneuriat au service du développement durable", "Iniciativa empresarial para el desarrollo sostenible", 18),
    ("International migration and development", "Migrations internationales et développement", "Migración internacional y desarrollo", 20),
    ("Combating sand and dust storms", "Lutte contre les tempêtes de sable et de poussière", "Lucha contra las tormentas de arena y polvo", 19),
    ("Follow-up to the International Conference on Financing for Development", "Suite donnée à la Conférence internationale sur le financement du développement", "Seguimiento de la Conferencia Internacional sobre la Financiación para el Desarrollo", 17),
    ("Women in development", "Les femmes dans le développement", "La mujer en el desarrollo", 22),
    ("Strengthening of the coordination of emergency humanitarian assistance", "Renforcement de la coordination de l’aide humanitaire d’urgence", "Fortalecimiento de la coordinación de la asistencia humanitaria de emergencia", 73),
    ("Promotion of international cooperation to combat illicit financial flows", "Promotion de la coopération internationale en matière de lutte contre les flux financiers illicites", "Promoción de la cooperación internacional para combatir las corrientes financieras ilícitas", 17),
    ("Small arms and light weapons", "Armes légères et de petit calibre", "Armas pequeñas y armas ligeras", 99),
    ("Nuclear disarmament", "Désarmement nucléaire", "Desarme nuclear", 99),
    ("Preventing an arms race in outer space", "Prévention d’une course aux armements dans l’espace", "Prevención de una carrera de armamentos en el espacio ultraterrestre", 97),
    ("International cooperation in the peaceful uses of outer space", "Coopération internationale touchant les utilisations pacifiques de l’espace", "Cooperación internacional para la utilización del espacio ultraterrestre con fines pacíficos", 51),
    ("Information and communications technologies for sustainable development", "Les technologies de l’information et des communications au service du développement durable", "Las tecnologías de la información y las comunicaciones para el desarrollo sostenible", 16),
    ("World Tourism Day", "Journée mondiale du tourisme", "Día Mundial del Turismo", 13),
    ("International Day of Women Judges", "Journée internationale des femmes juges", "Día Internacional de las Juezas", 13),
    ("Situation of human rights defenders", "Situation des défenseurs des droits humains", "Situación de los defensores de los derechos humanos", 71),
    ("Right to food", "Le droit à l’alimentation", "El derecho a la alimentación", 71),
]

#: verbs that open a preambular paragraph and take a noun phrase
PREAMBULAR_VERBS = {
    "en": ["Recalling", "Reaffirming", "Bearing in mind", "Recognizing", "Stressing", "Emphasizing"],
    "fr": ["Rappelant", "Réaffirmant", "Ayant à l’esprit", "Considérant", "Soulignant", "Constatant"],
    "es": ["Recordando", "Reafirmando", "Teniendo presente", "Reconociendo", "Destacando", "Considerando"],
}
#: (verb, object) of an operative paragraph; {t} the subject, {next} the next session in words
OPERATIVE_CLAUSES = {
    "en": [("Urges", "Member States to strengthen their national frameworks on {t}"),
           ("Requests", "the Secretary-General to submit to the General Assembly at its {next} session a report on {t}"),
           ("Invites", "all relevant entities of the United Nations system to continue their cooperation on {t}"),
           ("Encourages", "Member States and other donors to contribute voluntary funds for activities on {t}"),
           ("Requests", "the United Nations Office on Drugs and Crime to continue to provide technical assistance on {t}"),
           ("Emphasizes", "the importance of international cooperation on {t}"),
           ("Welcomes", "the report of the Secretary-General on {t}"),
           ("Calls upon", "Member States to exchange information and good practices on {t}"),
           ("Decides", "to include in the provisional agenda of its {next} session an item on {t}")],
    "fr": [("Exhorte", "les États Membres à renforcer leur cadre national concernant {t}"),
           ("Prie", "le Secrétaire général de lui présenter à sa {next} session un rapport sur {t}"),
           ("Invite", "toutes les entités compétentes du système des Nations Unies à poursuivre leur coopération concernant {t}"),
           ("Encourage", "les États Membres et les autres donateurs à verser des contributions volontaires pour les activités relatives à {t}"),
           ("Prie", "l’Office des Nations Unies contre la drogue et le crime de continuer à fournir une assistance technique concernant {t}"),
           ("Souligne", "l’importance de la coopération internationale concernant {t}"),
           ("Accueille avec satisfaction", "le rapport du Secrétaire général sur {t}"),
           ("Demande", "aux États Membres d’échanger des informations et des bonnes pratiques concernant {t}"),
           ("Décide", "d’inscrire à l’ordre du jour provisoire de sa {next} session une question concernant {t}")],
    "es": [("Insta", "a los Estados Miembros a que refuercen sus marcos nacionales relativos a {t}"),
           ("Solicita", "al Secretario General que le presente en su {next} período de sesiones un informe sobre {t}"),
           ("Invita", "a todas las entidades competentes del sistema de las Naciones Unidas a que sigan cooperando en relación con {t}"),
           ("Alienta", "a los Estados Miembros y otros donantes a que aporten contribuciones voluntarias para las actividades relativas a {t}"),
           ("Solicita", "a la Oficina de las Naciones Unidas contra la Droga y el Delito que siga prestando asistencia técnica en relación con {t}"),
           ("Pone de relieve", "la importancia de la cooperación internacional en relación con {t}"),
           ("Acoge con beneplácito", "el informe del Secretario General sobre {t}"),
           ("Exhorta", "a los Estados Miembros a que intercambien información y buenas prácticas sobre {t}"),
           ("Decide", "incluir en el programa provisional de su {next} período de sesiones un tema relativo a {t}")],
}
#: an operative paragraph with sub-paragraphs: its lead and the sub-paragraphs (infinitive clauses)
OPERATIVE_LISTS = {
    "en": ("Calls upon Member States:", ["to designate focal points on {t}", "to share data on {t} with the Secretariat",
                                         "to consider requesting technical assistance on {t}"]),
    "fr": ("Demande aux États Membres :", ["de désigner des points de contact concernant {t}",
                                            "de communiquer au Secrétariat des données concernant {t}",
                                            "d’envisager de demander une assistance technique concernant {t}"]),
    "es": ("Exhorta a los Estados Miembros a que:", ["designen coordinadores en relación con {t}",
                                                     "compartan con la Secretaría datos sobre {t}",
                                                     "consideren la posibilidad de solicitar asistencia técnica sobre {t}"]),
}
COMMITTEES = {
    "en": ["First Committee", "Second Committee", "Third Committee", "Fourth Committee", "Sixth Committee"],
    "fr": ["Première Commission", "Deuxième Commission", "Troisième Commission", "Quatrième Commission", "Sixième Commission"],
    "es": ["Primera Comisión", "Segunda Comisión", "Tercera Comisión", "Cuarta Comisión", "Sexta Comisión"],
}
PLACES = [("Vienne", "Vienna", "Viena")] * 6 + [("New York", "New York", "Nueva York"), ("Genève", "Geneva", "Ginebra")]


@lru_cache(maxsize=1)
def _states() -> tuple[tuple[str, dict[str, str]], ...]:
    """(ISO3, {lang: name in running text}) of the Member States whose names read back to their code."""
    index = _state_index()
    out = []
    if index is not None:
        for state in index:
            if getattr(state, "status", "member") != "member":
                continue
            names = {lang: _running_name(state.name(lang), lang) for lang in ("en", "fr", "es")}
            if all(n and index.lookup(n, lang) == state.iso3 for lang, n in names.items()):
                out.append((state.iso3, names))
    else:
        from hdx.location.country import Country

        Country.set_use_live_default(False)
        for iso3 in sorted(Country.countriesdata()["countries"]):
            info = Country.get_country_info_from_iso3(iso3) or {}
            if info.get("Independent") != "Y" or info.get("Appears in UNTERM list") != "Y":
                continue
            names = {lang: _running_name(info.get(col) or "", lang)
                     for lang, col in (("en", "English Short"), ("fr", "French Short"), ("es", "Spanish Short"))}
            if all(names.values()):
                out.append((iso3, names))
    return tuple(sorted(out))


def _state_index():
    try:
        from .reference.states import StateIndex
    except ImportError:
        return None
    return StateIndex.load()


def _running_name(name: str, lang: str) -> str:
    """'Iran (Islamic Republic of)' → 'Islamic Republic of Iran'; names with a comma are left out."""
    name = name.strip()
    if "," in name:
        return ""
    m = re.fullmatch(r"(?P<base>[^()]+?)\s*\((?P<qual>[^()]+)\)", name)
    if m:
        base, qual = m["base"].strip(), m["qual"].strip()
        if qual.lower() == "the":
            return base
        name = f"{qual}{base}" if qual.endswith(("'", "’")) else f"{qual} {base}"
    return "" if "(" in name else name


# ----------------------------------------------------------------------------- documents

@dataclass
class SampleDocument:
    path: str           # relative to the output folder
    text: str
    kind: str           # "report" or "resolution"
    lang: str
    facts: dict = field(default_factory=dict)   # what the text states, for tests


def _join(items: list[str], lang: str) -> str:
    word = {"fr": "et", "en": "and", "es": "y"}[lang]
    if len(items) == 1:
        return items[0]
    return ", ".join(items[:-1]) + f" {word} " + items[-1]


def _de(action: str) -> str:
    return "d’" if action[:1].lower() in "aeiouéèêh" else "de "


_CONTRACTIONS = {
    "fr": [("en matière de la ", "en matière de "), ("en matière de les ", "en matière de "),
           ("en matière de le ", "en matière de "), ("en matière de l’", "en matière d’"),
           (" à les ", " aux "), (" à le ", " au "), (" de les ", " des "), (" de le ", " du ")],
    "es": [("en materia de la ", "en materia de "), ("en materia de las ", "en materia de "),
           ("en materia de el ", "en materia de "), ("en materia de los ", "en materia de "),
           (" de el ", " del "), (" a el ", " al ")],
    "en": [],
}


def contract(text: str, lang: str) -> str:
    """Apply the contractions a template leaves open: 'relatives à les armes' → 'relatives aux armes'."""
    for a, b in _CONTRACTIONS[lang]:
        text = text.replace(a, b)
    return text


def _cap(s: str) -> str:
    return s[:1].upper() + s[1:]


def _wrap(text: str, rng: random.Random, pdf_like: bool) -> str:
    """Hard-wrap a paragraph as text taken from a PDF (blank lines between lines), or leave it whole."""
    if not pdf_like:
        return text
    words, lines, line = text.split(" "), [], ""
    width = rng.randint(72, 82)
    for w in words:
        if line and len(line) + 1 + len(w) > width:
            lines.append(line + " ")
            line = w
        else:
            line = f"{line} {w}" if line else w
    lines.append(line + " ")
    return "\n\n".join(lines)


class CorpusGenerator:
    """Yields the documents of a synthetic corpus in order; deterministic by seed."""

    def __init__(self, seed: int = 0, report_share: float = 0.35):
        self.rng = random.Random(seed)
        self.seed = seed
        self.report_share = report_share
        self.states = _states()
        if len(self.states) < 20:
            raise UsageError("the State names could not be loaded: reinstall hdx-python-country")
        self.meetings: dict[str, int] = {b.slug: 0 for b in BODIES}
        self.resolutions: list[tuple[int, int, int, date]] = []   # (session, number, topic, adopted) in order
        self.last_by_topic: dict[int, int] = {}                # topic → index into self.resolutions
        self.pending: list[SampleDocument] = []

    def __iter__(self) -> Iterator[SampleDocument]:
        i = 0
        while True:
            if not self.pending:
                if self.rng.random() < self.report_share:
                    self.pending = self._meeting_reports(i)
                else:
                    self.pending = [self._resolution()]
            doc = self.pending.pop(0)
            i += 1
            yield doc

    # ------------------------------------------------------------------ reports
    def _meeting_reports(self, index: int) -> list[SampleDocument]:
        rng = self.rng
        body = rng.choice(BODIES)
        self.meetings[body.slug] += 1
        ordinal = self.meetings[body.slug]
        year = 2003 + ordinal          # one meeting a year: its documents' symbols are its own
        start = date(year, rng.choice([3, 4, 5, 6, 7, 9, 10, 11]), rng.randint(1, 20))
        days = rng.choice([2, 3, 3, 4])
        end = start + timedelta(days=days - 1)
        cop_session = max(1, ordinal // 2 + 1)
        place = rng.choice(PLACES)
        articles = rng.sample(sorted(ARTICLES), rng.randint(2, 3))
        sections = []
        for art in articles:
            recs = []
            for _ in range(rng.randint(3, 6)):
                form = rng.randrange(len(RECOMMENDATION_FORMS["en"]))
                recs.append((form, rng.randrange(len(ACTIONS["en"])), rng.randrange(len(OFFICE_ACTIONS["en"]))))
            sections.append((art, recs, rng.random() < 0.3))
        parties = [s for s in rng.sample(self.states, rng.randint(4, 12))]
        signatories = [s for s in rng.sample(self.states, rng.randint(0, 3)) if s not in parties]
        panels = []
        names_taken: set[str] = set()       # one person per name at a meeting: unkg mints persons by name
        for k, _ in enumerate(articles):
            people = []
            for _ in range(rng.randint(1, 3)):
                given, sex = rng.choice(GIVEN_NAMES)
                name = f"{given} {rng.choice(FAMILY_NAMES)}"
                while name in names_taken:
                    given, sex = rng.choice(GIVEN_NAMES)
                    name = f"{given} {rng.choice(FAMILY_NAMES)}"
                names_taken.add(name)
                people.append((sex, name, rng.choice(self.states)))
            panels.append(people)
        endorsement = (cop_session, rng.randint(1, 9), rng.random() < 0.5)
        cited = sorted({(max(1, cop_session - rng.randint(1, 2)), rng.randint(1, 9)) for _ in range(2)})
        chair = rng.choice(["f", "m"])
        n_langs = rng.choice([1, 1, 2, 2, 3])
        langs = ["fr"] + rng.sample(["en", "es"], 2)
        langs = rng.sample(langs, n_langs)
        pdf_like = rng.random() < 0.5
        wrap_seed = rng.random()
        docs = []
        for lang in langs:
            text, facts = self._report_text(lang, body, ordinal, start, end, cop_session, place, sections,
                                            parties, signatories, panels, endorsement, cited, chair,
                                            random.Random(wrap_seed), pdf_like)
            digest = hashlib.sha256(text.encode()).hexdigest()[:16]
            docs.append(SampleDocument(f"reports/{index + len(docs):05d}_{digest}.txt", text, "report", lang, facts))
        return docs

    def _report_text(self, lang, body, ordinal, start, end, cop_session, place, sections, parties,
                     signatories, panels, endorsement, cited, chair, wrap_rng, pdf_like):
        L = lang
        W = _cap(body.names[L])
        wg = body.short[L]
        place_name = {"fr": place[0], "en": place[1], "es": place[2]}[L]
        sess = ordinal_words(cop_session, L, feminine=(L == "fr"))
        meet = ordinal_words(ordinal, L, feminine=True)
        paras: list[tuple[str, str]] = []       # ("chapter"|"section"|"para"|"raw", text)
        n = 0

        def para(text):
            nonlocal n
            n += 1
            paras.append(("para", f"{n}. {text}"))
            return n

        chapters = {"fr": ["Introduction", "Recommandations", "Organisation de la réunion", "Résumé des délibérations",
                           "Adoption du rapport"],
                    "en": ["Introduction", "Recommendations", "Organization of the meeting", "Summary of deliberations",
                           "Adoption of the report"],
                    "es": ["Introducción", "Recomendaciones", "Organización de la reunión", "Resumen de las deliberaciones",
                           "Aprobación del informe"]}[L]
        romans = ["I", "II", "III", "IV", "V"]
        letters = "ABCDEFGH"
        est, perm = body.established_by, body.permanent_by
        res_cited = [f"{s}/{k}" for s, k in cited]
        topic_title = {"fr": f"Application des dispositions de {CONVENTION['fr']} relatives à {body.topic['fr']}",
                       "en": f"Implementation of the provisions of {CONVENTION['en']} on {body.topic['en']}",
                       "es": f"Aplicación de las disposiciones de {CONVENTION['es']} relativas a {body.topic['es']}"}[L]
        end_words = date_words(end, L)
        span = date_range_words(start, end, L)
        # a working group on a Protocol names the Convention when it discusses one of its articles
        of_conv = "" if body.slug in ("ctoc-cop-wg2", "ctoc-cop-wg3") else \
            {"fr": " de la Convention", "en": " of the Convention", "es": " de la Convención"}[L]

        paras.append(("chapter", f"{romans[0]}. {chapters[0]}"))
        if L == "fr":
            intro = (f"{W} a été créé en application de la décision {est} de la Conférence des Parties à {CONVENTION['fr']}. "
                     + (f"Dans sa décision {perm}, la Conférence a décidé que {wg} constituerait un élément permanent de la Conférence. " if perm else "")
                     + f"{_cap(wg)} a tenu sa {meet} réunion à {place_name}, {span}, pendant la {sess} session de la Conférence.")
            cite = (f"Dans sa résolution {res_cited[0]}, intitulée “{topic_title}”, la Conférence a prié {wg} "
                    f"de poursuivre ses travaux sur {body.topic['fr']}.")
        elif L == "en":
            intro = (f"{W} was established pursuant to decision {est} of the Conference of the Parties to {CONVENTION['en']}. "
                     + (f"In its decision {perm}, the Conference decided that {wg} would be a constant element of the Conference. " if perm else "")
                     + f"{_cap(wg)} held its {meet} meeting in {place_name} {span}, during the {sess} session of the Conference.")
            cite = (f"In its resolution {res_cited[0]}, entitled “{topic_title}”, the Conference requested {wg} "
                    f"to continue its work on {body.topic['en']}.")
        else:
            intro = (f"{W} fue establecido en cumplimiento de la decisión {est} de la Conferencia de las Partes en {CONVENTION['es']}. "
                     + (f"En su decisión {perm}, la Conferencia decidió que {wg} fuera un elemento constante de la Conferencia. " if perm else "")
                     + f"{_cap(wg)} celebró su {meet} reunión en {place_name} {span}, durante el {sess} período de sesiones de la Conferencia.")
            cite = (f"En su resolución {res_cited[0]}, titulada “{topic_title}”, la Conferencia solicitó a {wg} "
                    f"que prosiguiera su labor sobre {body.topic['es']}.")
        para(intro)
        para(cite)

        paras.append(("chapter", f"{romans[1]}. {chapters[1]}"))
        e_sess, e_num, amended = endorsement
        e_res = f"{e_sess}/{e_num}"
        if L == "fr":
            para(f"À sa séance du {end_words}, {wg} a adopté les recommandations suivantes, que la Conférence a faites siennes"
                 + (" telles que modifiées" if amended else "") + f" dans sa résolution {e_res}, intitulée “{topic_title}”.")
        elif L == "en":
            para(f"At its meeting on {end_words}, {wg} adopted the following recommendations, which the Conference endorsed"
                 + (" as amended" if amended else "") + f" in its resolution {e_res}, entitled “{topic_title}”.")
        else:
            para(f"En su sesión del {end_words}, {wg} aprobó las recomendaciones siguientes, que la Conferencia hizo suyas"
                 + (" en su forma enmendada" if amended else "") + f" en su resolución {e_res}, titulada “{topic_title}”.")
        rec_facts = []
        for si, (art, recs, with_para) in enumerate(sections):
            subject = ARTICLES[art][L]
            title = {"fr": f"Recensement des besoins d’assistance technique et des bonnes pratiques en matière de {subject} (article {art}{of_conv})",
                     "en": f"Identification of technical assistance needs and good practices in {subject} (article {art}{of_conv})",
                     "es": f"Determinación de las necesidades de asistencia técnica y de las buenas prácticas en materia de {subject} (artículo {art}{of_conv})"}[L]
            title = title.replace("de l’", "de l’").replace("en matière de la ", "en matière de ").replace("en matière de les ", "en matière de ")
            paras.append(("section", f"{letters[si]}. {title}"))
            for ri, (form, a_i, o_i) in enumerate(recs):
                addressees, modality, template = RECOMMENDATION_FORMS[L][form]
                action = ACTIONS[L][a_i].format(t=subject)
                office = OFFICE_ACTIONS[L][o_i].format(t=subject)
                if with_para and ri == 0 and L != "en":
                    action += {"fr": f", conformément au paragraphe {(a_i % 3) + 1} de l’article {art} de la Convention",
                               "es": f", de conformidad con el párrafo {(a_i % 3) + 1} del artículo {art} de la Convención"}[L]
                elif with_para and ri == 0:
                    action += f", in accordance with paragraph {(a_i % 3) + 1} of article {art} of the Convention"
                first, _, rest = action.partition(" ")
                text = template.format(
                    a=action, o=office, de=_de(action), W=W, wg={"fr": "le Groupe de travail sur la coopération internationale",
                                                              "en": "the Working Group on International Cooperation",
                                                              "es": "el Grupo de Trabajo sobre Cooperación Internacional"}[L],
                    ing=f"{_EN_GERUND_FIX.get(first, first + 'ing')} {rest}",
                    a_subj=f"{_ES_SUBJUNCTIVE.get(first, first)} {rest}")
                number = para(text)
                rec_facts.append({"number": number, "section": letters[si], "articles": [art],
                                  "addressees": list(addressees), "modality": modality})

        paras.append(("chapter", f"{romans[2]}. {chapters[2]}"))
        paras.append(("section", {"fr": "A. Ouverture et durée de la réunion", "en": "A. Opening and duration of the meeting",
                                  "es": "A. Apertura y duración de la reunión"}[L]))
        n_sittings = max(2, len(sections))
        sit_words = {"fr": ["deux", "trois", "quatre"], "en": ["two", "three", "four"], "es": ["dos", "tres", "cuatro"]}[L][min(n_sittings, 4) - 2]
        chair_t = {("fr", "f"): "Sa Présidente", ("fr", "m"): "Son Président", ("en", "f"): "Its Chair",
                   ("en", "m"): "Its Chair", ("es", "f"): "Su Presidenta", ("es", "m"): "Su Presidente"}[(L, chair)]
        para({"fr": f"{_cap(span)}, {wg} a tenu {sit_words} séances. {chair_t} a fait une déclaration d’ouverture.",
              "en": f"{_cap(span)}, {wg} held {sit_words} meetings. {chair_t} made an opening statement.",
              "es": f"{_cap(span)}, {wg} celebró {sit_words} sesiones. {chair_t} formuló una declaración de apertura."}[L])
        names = [s[1][L] for s in parties]
        para({"fr": f"Des déclarations ont été faites par les représentants des États parties à la Convention ci-après: {_join(names, L)}.",
              "en": f"Statements were made by representatives of the following States parties to the Convention: {_join(names, L)}.",
              "es": f"Formularon declaraciones los representantes de los siguientes Estados partes en la Convención: {_join(names, L)}."}[L])
        if signatories:
            names = [s[1][L] for s in signatories]
            para({"fr": f"Des déclarations ont été faites par les observateurs des États signataires ci-après: {_join(names, L)}.",
                  "en": f"Statements were also made by observers for the following signatory States: {_join(names, L)}.",
                  "es": f"También formularon declaraciones los observadores de los siguientes Estados signatarios: {_join(names, L)}."}[L])
        paras.append(("section", {"fr": "B. Documentation", "en": "B. Documentation", "es": "B. Documentación"}[L]))
        para({"fr": f"La liste des documents dont {wg} était saisi est annexée au présent rapport.",
              "en": f"A list of the documents before {wg} is contained in the annex to the present report.",
              "es": f"La lista de documentos que tuvo ante sí {wg} figura en el anexo del presente informe."}[L])

        paras.append(("chapter", f"{romans[3]}. {chapters[3]}"))
        panel_facts = []
        for si, (art, _, _) in enumerate(sections):
            item = si + 2
            sitting = min(si + 1, n_sittings)
            day = start + timedelta(days=min(si, (end - start).days))
            subject = ARTICLES[art][L]
            paras.append(("section", f"{letters[si]}. " + {"fr": f"Recensement des besoins d’assistance technique en matière de {subject} (article {art}{of_conv})",
                                                          "en": f"Technical assistance needs in {subject} (article {art}{of_conv})",
                                                          "es": f"Necesidades de asistencia técnica en materia de {subject} (artículo {art}{of_conv})"}[L]))
            people = []
            for sex, name, state in panels[si]:
                hon = {("fr", "f"): "Mme", ("fr", "m"): "M.", ("en", "f"): "Ms.", ("en", "m"): "Mr.",
                       ("es", "f"): "Sra.", ("es", "m"): "Sr."}[(L, sex)]
                people.append(f"{hon} {name} ({state[1][L]})")
                panel_facts.append({"name": name, "state": state[0], "item": str(item), "sitting": sitting})
            chair_ref = {("fr", "f"): "de la Présidente", ("fr", "m"): "du Président", ("en", "f"): "of the Chair",
                         ("en", "m"): "of the Chair", ("es", "f"): "de la Presidenta", ("es", "m"): "del Presidente"}[(L, chair)]
            so = sitting_ordinal(sitting, L)
            if L == "fr":
                para(f"À sa {so} séance, tenue le {date_words(day, L)}, {wg} a examiné le point {item} de l’ordre du jour sur "
                     f"{subject} (art. {art}{of_conv}). Sous la conduite {chair_ref}, les intervenants ci-après ont animé les débats: "
                     f"{_join(people, L)}.")
                para(f"Plusieurs orateurs ont souligné l’importance de {subject} et ont décrit des exemples d’affaires "
                     f"ayant eu lieu dans leurs pays respectifs, conformément à la résolution {res_cited[-1]} de la Conférence.")
            elif L == "en":
                para(f"At its {so} meeting, on {date_words(day, L)}, {wg} considered item {item} of the agenda, on "
                     f"{subject} (art. {art}{of_conv}). Under the guidance {chair_ref}, the following panellists led the discussion: "
                     f"{_join(people, L)}.")
                para(f"Several speakers stressed the importance of {subject} and described cases from their "
                     f"respective countries, in line with Conference resolution {res_cited[-1]}.")
            else:
                para(f"En su {so} sesión, celebrada el {date_words(day, L)}, {wg} examinó el tema {item} del programa, relativo a "
                     f"{subject} (art. {art}{of_conv}). Bajo la dirección {chair_ref}, los siguientes panelistas moderaron el debate: "
                     f"{_join(people, L)}.")
                para(f"Varios oradores destacaron la importancia de {subject} y describieron casos ocurridos en sus "
                     f"respectivos países, de conformidad con la resolución {res_cited[-1]} de la Conferencia.")

        paras.append(("chapter", f"{romans[4]}. {chapters[4]}"))
        para({"fr": f"Le {end_words}, {wg} a adopté le rapport sur les travaux de sa réunion (chapitres I à III).",
              "en": f"On {end_words}, {wg} adopted the report on its meeting (chapters I to III).",
              "es": f"El {end_words}, {wg} aprobó el informe sobre su reunión (capítulos I a III)."}[L])

        # annex: the documents before the meeting
        year = start.year
        docs = [(f"{body.symbol}/{year}/1", "1 b)" if L == "fr" else "1 (b)",
                 {"fr": "Ordre du jour provisoire annoté", "en": "Annotated provisional agenda",
                  "es": "Programa provisional anotado"}[L])]
        for si, (art, _, _) in enumerate(sections):
            docs.append((f"{body.symbol}/{year}/{si + 2}", str(si + 2),
                         {"fr": f"Document d’information établi par le Secrétariat sur {ARTICLES[art]['fr']} (art. {art}{of_conv})",
                          "en": f"Background paper prepared by the Secretariat on {ARTICLES[art]['en']} (art. {art}{of_conv})",
                          "es": f"Documento de antecedentes preparado por la Secretaría sobre {ARTICLES[art]['es']} (art. {art}{of_conv})"}[L]))
        annex = {"fr": ["Annexe", f"Liste des documents dont {body.names['fr']} était saisi à sa réunion tenue à {place_name} {span}",
                        "Cote\tPoint de l’ordre du jour\tIntitulé ou description"],
                 "en": ["Annex", f"List of documents before {body.names['en']} at its meeting held in {place_name} {span}",
                        "Document symbol\tAgenda item\tTitle or description"],
                 "es": ["Anexo", f"Lista de documentos que tuvo ante sí {body.names['es']} en su reunión celebrada en {place_name} {span}",
                        "Signatura\tTema del programa\tTítulo o descripción"]}[L]

        out = []
        for kind, text in paras:
            if kind == "chapter":
                out.append(f" {text} \n")
            elif kind == "section":
                out.append(f"  {text} \n")
            else:
                out.append(_wrap(text, wrap_rng, pdf_like) + "\n")
        out.append(f" {annex[0]} \n")
        out.append(f"  {annex[1]} \n")
        out.append(annex[2] + "\n")
        out.extend(f"{sym} {item} {title} " for sym, item, title in docs)
        text = contract("\n".join(out) + "\n", L)
        facts = {"body": body.slug, "meeting": ordinal, "start": start.isoformat(), "end": end.isoformat(),
                 "conference_session": cop_session, "recommendations": rec_facts,
                 "states_parties": [s[0] for s in parties], "signatories": [s[0] for s in signatories],
                 "panellists": panel_facts, "endorsed_by": e_res, "resolutions_cited": res_cited,
                 "decisions_cited": [d for d in (est, perm) if d], "annex": [d[0] for d in docs]}
        return text, facts

    # ------------------------------------------------------------------ resolutions
    def _resolution(self) -> SampleDocument:
        rng = self.rng
        k = len(self.resolutions)
        session = 40 + k // 150
        number = k % 150 + 1
        topic = rng.randrange(len(RESOLUTION_TOPICS))
        earlier = []
        if topic in self.last_by_topic:
            earlier.append(self.resolutions[self.last_by_topic[topic]])
        if self.resolutions and rng.random() < 0.6:
            other = self.resolutions[rng.randrange(len(self.resolutions))]
            if other not in earlier:
                earlier.append(other)
        year = 1945 + session
        days = 10 + number * 90 // 150          # later numbers are adopted later in the session
        adopted = date(year, 9, 15) + timedelta(days=days)
        self.resolutions.append((session, number, topic, adopted))
        self.last_by_topic[topic] = k
        lang = rng.choices(["en", "fr", "es"], weights=[7, 2, 1])[0]
        item = RESOLUTION_TOPICS[topic][3]
        plenary = 3 + days // 2
        draft = rng.random() < 0.5
        committee = rng.randrange(len(COMMITTEES["en"]))
        text, facts = self._resolution_text(lang, session, number, topic, earlier, adopted, item, plenary,
                                            draft, committee, rng)
        suffix = "" if lang == "en" else f"-{lang.upper()}"
        return SampleDocument(f"resolutions/A_RES_{session}_{number}{suffix}.md", text, "resolution", lang, facts)

    def _resolution_text(self, L, session, number, topic, earlier, adopted, item, plenary, draft, committee, rng):
        t_en, t_fr, t_es, _ = RESOLUTION_TOPICS[topic]
        title = {"en": t_en, "fr": t_fr, "es": t_es}[L]
        item_title = agenda_item_title(item, L)
        subject = {"en": t_en[0].lower() + t_en[1:], "fr": f"la question « {t_fr} »", "es": f"la cuestión “{t_es}”"}[L]
        sess_words = _cap(ordinal_words(session, L, feminine=(L == "fr")))
        next_words = ordinal_words(session + 1, L, feminine=(L == "fr"))
        adopted_w = date_words(adopted, L)
        symbol = f"A/RES/{session}/{number}"
        ref = f"A/{session}/L.{rng.randint(2, 80)}" if draft else f"A/{session}/{rng.randint(400, 650)}"
        footnotes: list[str] = []

        def note(text):
            footnotes.append(text)
            return f"[^{len(footnotes)}]"

        lines = ["---", f"symbol: {symbol}", f'title: "{title}"', f'date: "{adopted.isoformat()}"',
                 f"language: {L.upper()}", "---", ""]
        if L == "en":
            lines += ["United Nations", "", f"General Assembly Distr.: General {adopted_w}", "",
                      f"{sess_words} session Agenda item {item} {item_title}", "",
                      f"Resolution adopted by the General Assembly on {adopted_w}", "",
                      f"[without reference to a Main Committee ({ref})]" if draft
                      else f"[on the report of the {COMMITTEES['en'][committee]} ({ref})]", "",
                      f"{session}/{number}. {title}", "", "The General Assembly,", ""]
        elif L == "fr":
            lines += ["Nations Unies", "", f"Assemblée générale Distr. générale {adopted_w}", "",
                      f"{sess_words} session Point {item} de l’ordre du jour {item_title}", "",
                      f"Résolution adoptée par l’Assemblée générale le {adopted_w}", "",
                      f"[sans renvoi à une grande commission ({ref})]" if draft
                      else f"[sur la base du rapport de la {COMMITTEES['fr'][committee]} ({ref})]", "",
                      f"{session}/{number}. {title}", "", "L’Assemblée générale,", ""]
        else:
            lines += ["Naciones Unidas", "", f"Asamblea General Distr. general {adopted_w}", "",
                      f"{sess_words} período de sesiones Tema {item} del programa {item_title}", "",
                      f"Resolución aprobada por la Asamblea General el {adopted_w}", "",
                      f"[sin remisión previa a una Comisión Principal ({ref})]" if draft
                      else f"[sobre la base del informe de la {COMMITTEES['es'][committee]} ({ref})]", "",
                      f"{session}/{number}. {title}", "", "La Asamblea General,", ""]
        preamble = []
        for s, k, tp, when in earlier:
            e_title = RESOLUTION_TOPICS[tp][{"en": 0, "fr": 1, "es": 2}[L]]
            when = date_words(when, L)
            preamble.append({"en": f"Recalling its resolution {s}/{k} of {when}, entitled “{e_title}”",
                             "fr": f"Rappelant sa résolution {s}/{k} du {when}, intitulée « {e_title} »",
                             "es": f"Recordando su resolución {s}/{k}, de {when}, titulada “{e_title}”"}[L])
        verbs = rng.sample(PREAMBULAR_VERBS[L], rng.randint(2, 5))
        for v in verbs:
            pick = rng.random()
            if pick < 0.3:
                body = {"en": "the United Nations Convention against Transnational Organized Crime",
                        "fr": "la Convention des Nations Unies contre la criminalité transnationale organisée",
                        "es": "la Convención de las Naciones Unidas contra la Delincuencia Organizada Transnacional"}[L]
                body += note({"en": "United Nations, Treaty Series, vol. 2225, No. 39574.",
                              "fr": "Nations Unies, Recueil des Traités, vol. 2225, no 39574.",
                              "es": "Naciones Unidas, Treaty Series, vol. 2225, núm. 39574."}[L])
            elif pick < 0.5:
                body = {"en": "the 2030 Agenda for Sustainable Development",
                        "fr": "le Programme de développement durable à l’horizon 2030",
                        "es": "la Agenda 2030 para el Desarrollo Sostenible"}[L]
                body += note({"en": "Resolution 70/1.", "fr": "Résolution 70/1.", "es": "Resolución 70/1."}[L])
            else:
                body = {"en": f"the importance of {subject} for all Member States",
                        "fr": f"l’importance de la question intitulée « {title} » pour tous les États Membres",
                        "es": f"la importancia de la cuestión titulada “{title}” para todos los Estados Miembros"}[L]
            preamble.append(f"{v} {body}")
        for p in preamble:
            lines += [p + ",", ""]
        clauses = rng.sample(OPERATIVE_CLAUSES[L], rng.randint(3, 7))
        with_list = rng.random() < 0.25
        for i, (verb, obj) in enumerate(clauses, start=1):
            lines += [f"{i}. {verb} {obj.format(t=subject, next=next_words)}{'.' if i == len(clauses) and not with_list else ';'}", ""]
        if with_list:
            lead, subs = OPERATIVE_LISTS[L]
            lines += [f"{len(clauses) + 1}. {lead}", ""]
            for j, (letter, sub) in enumerate(zip("abc", subs)):
                lines += [f"({letter}) {sub.format(t=subject)}{'.' if j == len(subs) - 1 else ';'}", ""]
        n_ops = len(clauses) + with_list
        plenary_w = {"en": f"{sitting_ordinal(plenary, 'en')} plenary meeting", "fr": f"{plenary}e séance plénière",
                     "es": f"{plenary}ª sesión plenaria"}[L]
        lines += [plenary_w, adopted_w, ""]
        if footnotes:
            lines += ["---", ""] + [f"[^{i}]: {f}" for i, f in enumerate(footnotes, start=1)] + [""]
        text = contract("\n".join(lines), L)
        facts = {"symbol": symbol, "session": session, "number": f"{session}/{number}", "adopted": adopted.isoformat(),
                 "agenda_items": [str(item)], "plenary_meeting": plenary, "title": title,
                 "preambular_count": len(preamble), "operative_count": n_ops,
                 "resolutions_cited": [f"{s}/{k}" for s, k, _, _ in earlier]}
        return text, facts


def generate(count: int, seed: int = 0) -> list[SampleDocument]:
    """The first `count` documents of the corpus of `seed`."""
    if count < 0:
        raise UsageError("the number of documents must be positive")
    out = []
    for doc in CorpusGenerator(seed):
        if len(out) >= count:
            break
        out.append(doc)
    return out


def write_corpus(folder: str | Path, count: int = 60, seed: int = 0) -> list[Path]:
    """Write the corpus under `folder` (created); returns the paths written."""
    folder = Path(folder)
    if folder.exists() and not folder.is_dir():
        raise UsageError(f"{folder} is a file: give a folder for the sample corpus")
    paths = []
    for doc in generate(count, seed):
        path = folder / doc.path
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_text(doc.text, encoding="utf-8")
        paths.append(path)
    return paths


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="python -m unkg.sample", description=__doc__.split("\n\n")[0])
    parser.add_argument("folder", help="where to write the documents (created)")
    parser.add_argument("--count", type=int, default=60, help="number of documents (default 60)")
    parser.add_argument("--seed", type=int, default=0, help="random seed (default 0)")
    args = parser.parse_args(argv)
    try:
        paths = write_corpus(args.folder, args.count, args.seed)
    except UsageError as e:
        print(f"unkg.sample: {e.message}", file=sys.stderr)
        return 2
    reports = sum(1 for p in paths if p.parent.name == "reports")
    print(f"wrote {len(paths)} documents ({reports} meeting reports, {len(paths) - reports} resolutions) to {args.folder}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
