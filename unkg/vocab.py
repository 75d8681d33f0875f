"""The terms of the unkg ontology, as Python constants.

Every name here is declared in ontology/unkg.ttl (a test checks both directions), and
`_fail = True` makes a typo an AttributeError instead of a silently new IRI.
"""
from __future__ import annotations

from rdflib import Namespace
from rdflib.namespace import DefinedNamespace, URIRef

ONTOLOGY_IRI = "https://w3id.org/unkg/ontology"


class UNKG(DefinedNamespace):
    _NS = Namespace(ONTOLOGY_IRI + "#")
    _fail = True

    # --- instruments and their parts
    Convention: URIRef
    Protocol: URIRef
    Article: URIRef
    ArticleParagraph: URIRef
    # --- bodies, sessions, meetings
    Body: URIRef                 # any UN organ or treaty body
    ConferenceOfParties: URIRef
    SubsidiaryBody: URIRef
    WorkingGroup: URIRef
    Session: URIRef              # a numbered session of a body (eighth session of the Conference)
    Meeting: URIRef              # a (multi-day) numbered meeting of a body (ninth meeting of WG.2)
    Sitting: URIRef              # one séance / plenary meeting
    AgendaItem: URIRef
    Place: URIRef
    # --- documents
    Document: URIRef             # the work, identified by its UN symbol
    Expression: URIRef           # one language version of a Document
    Report: URIRef
    Resolution: URIRef
    Decision: URIRef
    Section: URIRef              # a chapter (I, II) or section (II.A) of a document
    Paragraph: URIRef            # the source-text unit, language independent; text per language
    Footnote: URIRef
    Recommendation: URIRef
    Endorsement: URIRef          # qualified endorsement of a recommendation by a resolution
    Citation: URIRef             # a qualified "cites", with the paragraph it occurs in
    # --- agents and participation
    Agent: URIRef
    Person: URIRef
    State: URIRef
    Organization: URIRef
    StateGroup: URIRef           # Group of 77 and China, European Union as speaker, …
    Participation: URIRef        # who spoke, in whose name, in what role, on which item
    # --- concept schemes (SKOS)
    Role: URIRef
    Modality: URIRef
    ParticipationStatus: URIRef
    AddresseeCategory: URIRef
    ParagraphKind: URIRef
    Topic: URIRef
    # --- provenance
    Mention: URIRef              # an extraction: what (body) was read where (paragraph, span)
    IngestRun: URIRef

    # object properties
    establishedBy: URIRef
    madePermanentBy: URIRef
    mandatedBy: URIRef
    subsidiaryOf: URIRef
    hasArticle: URIRef
    hasParagraph: URIRef         # article → article paragraph; document → paragraph
    supplements: URIRef          # protocol → convention
    convention: URIRef           # article → convention; body → convention it serves
    article: URIRef              # article paragraph → article
    adoptedAt: URIRef            # → Meeting, Sitting or Session
    adoptedBy: URIRef            # → Body
    endorsedBy: URIRef           # recommendation → resolution
    qualifiedEndorsement: URIRef
    endorsingResolution: URIRef
    addressedTo: URIRef
    addresseeCategory: URIRef
    concernsArticle: URIRef
    concernsArticleParagraph: URIRef
    aboutTopic: URIRef
    modality: URIRef
    heldIn: URIRef
    duringSession: URIRef
    partOfMeeting: URIRef
    meetingOf: URIRef            # meeting / session → body
    considersAgendaItem: URIRef
    agendaItemOf: URIRef         # agenda item → meeting or session
    participant: URIRef          # participation → person / state / organization
    inTheNameOf: URIRef
    role: URIRef
    onAgendaItem: URIRef
    atMeeting: URIRef            # participation → meeting
    atSitting: URIRef
    participationStatus: URIRef
    representsState: URIRef      # person → State in parentheses
    cites: URIRef
    citation: URIRef             # document → Citation
    citedResource: URIRef
    listedInAnnexOf: URIRef      # document → report whose annex lists it
    realizes: URIRef             # expression → document
    expression: URIRef           # document → expression
    inDocument: URIRef           # paragraph / section / footnote → document
    inSection: URIRef
    subSectionOf: URIRef
    subParagraphOf: URIRef
    footnote: URIRef             # paragraph → footnote it calls
    derivedFrom: URIRef          # any extracted node → paragraph it was read from
    mentionOf: URIRef            # mention → the node it found
    inParagraph: URIRef          # mention → paragraph
    inExpression: URIRef         # mention → expression (language version)
    publishedBy: URIRef
    body: URIRef                 # document / resolution / decision → body
    session: URIRef              # resolution → session
    sourceFile: URIRef

    # datatype properties
    symbol: URIRef
    number: URIRef               # resolution / decision number "8/4"; article number
    paragraphNumber: URIRef
    subParagraphLetter: URIRef
    paragraphKind: URIRef
    verb: URIRef                 # lower-case lemma of the opening verb or participle
    text: URIRef
    title: URIRef
    ordinal: URIRef
    sectionNumber: URIRef        # "II", "II.A"
    itemNumber: URIRef           # agenda item label "99 (bb)"
    date: URIRef
    startDate: URIRef
    endDate: URIRef
    adoptedOn: URIRef
    distributionDate: URIRef
    originalLanguage: URIRef
    language: URIRef
    plenaryMeeting: URIRef
    draftSymbol: URIRef
    committeeReport: URIRef
    asAmended: URIRef
    honorific: URIRef
    name: URIRef
    iso2: URIRef
    iso3: URIRef
    m49: URIRef
    code: URIRef                 # notation of a concept: STATES, UNODC, party, should…
    spanStart: URIRef
    spanEnd: URIRef
    exact: URIRef
    contentHash: URIRef
    extractorVersion: URIRef
    charCount: URIRef


OA = Namespace("http://www.w3.org/ns/oa#")
ELI = Namespace("http://data.europa.eu/eli/ontology#")
ELI_DL = Namespace("http://data.europa.eu/eli/eli-draft-legislation-ontology#")
UNDO = Namespace("https://w3id.org/un/ontology/undo/")
ALLOT = Namespace("https://w3id.org/akn/ontology/allot/")
ORG = Namespace("http://www.w3.org/ns/org#")
TIME = Namespace("http://www.w3.org/2006/time#")
SD = Namespace("http://www.w3.org/ns/sparql-service-description#")
SCHEMA = Namespace("https://schema.org/")

#: prefixes offered to queries, the explorer and serialisers
PREFIXES = {
    "unkg": str(UNKG._NS),
    "rdf": "http://www.w3.org/1999/02/22-rdf-syntax-ns#",
    "rdfs": "http://www.w3.org/2000/01/rdf-schema#",
    "owl": "http://www.w3.org/2002/07/owl#",
    "xsd": "http://www.w3.org/2001/XMLSchema#",
    "skos": "http://www.w3.org/2004/02/skos/core#",
    "dcterms": "http://purl.org/dc/terms/",
    "foaf": "http://xmlns.com/foaf/0.1/",
    "prov": "http://www.w3.org/ns/prov#",
    "oa": str(OA),
    "org": str(ORG),
    "eli": str(ELI),
    "eli-dl": str(ELI_DL),
    "undo": str(UNDO),
    "allot": str(ALLOT),
    "time": str(TIME),
    "sh": "http://www.w3.org/ns/shacl#",
    "void": "http://rdfs.org/ns/void#",
    "dcat": "http://www.w3.org/ns/dcat#",
    "schema": str(SCHEMA),
}
