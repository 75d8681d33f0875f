"""One meeting report in French, English and Spanish: the same facts from each language
table, and the three language versions as expressions of one work whose paragraphs and
recommendations align by number.

The three texts are short reports written for these tests in the shape the UN PDF text
layer gives (double line breaks, superscripts on a line of their own, a footnote block in
mid-text, a page header, a hyphenated word); they are not UN documents.
"""
from __future__ import annotations

import pytest
from rdflib import URIRef

from unkg.identifiers import Minter
from unkg.ingest.extract import extract
from unkg.ingest.reader import read_source
from unkg.vocab import PREFIXES

B = "https://w3id.org/unkg/"
WORK = B + "id/doc/CTOC/COP/WG.2/2099/9"
MEETING = B + "id/meeting/ctoc-cop-wg2/10"
PREFIX = "\n".join(f"PREFIX {k}: <{v}>" for k, v in PREFIXES.items())


def pdf_shape(text: str) -> str:
    """Every line followed by an empty line, as the text layer of a UN PDF comes out."""
    return "\n\n".join(text.strip("\n").split("\n")) + "\n"


SAMPLES = {
    "en": """CTOC/COP/WG.2/2099/9
Distr.: General
12 October 2099
Original: English
Report on the meeting of the Working Group of Government Experts on Technical
Assistance held in Vienna from 2 to 4 October 2099
 I. Introduction
1. The Working Group of Government Experts on Technical Assistance was established
pursuant to decision 2/6 of the Conference of the Parties to the United Nations
Convention against Transnational Organized Crime. In its decision 4/3, the Conference
decided that the Working Group would be a constant element of the Conference. The
Working Group held its tenth meeting in Vienna from 2 to 4 October 2099, during the
ninth session of the Conference.
 II. Recommendations
2. At its meeting on 4 October 2099, the Working Group adopted the following
recommendations, which the Conference endorsed, as amended, in its resolution 9/2,
entitled “Implementation of the provisions on technical assistance”.
 A. Reporting on implementation (article 32)
3. States parties should designate a focal point, in accordance with paragraphs 4
and 5 of article 32 of the Convention, and provide contact details to UNODC. The
latter should compile them.
4. States should consider contributing to the know-
ledge management portal.
V.99-01234
5. The Working Group of Government Experts on Technical Assistance recommends that
the Working Group on International Cooperation consider requesting information from
States parties. States should also report examples. UNODC should collect that information.
 III. Organization of the meeting
6. From 2 to 4 October, the Working Group held three meetings. The Chair opened the
meeting.
7. Statements were made by representatives of the following States parties to the
Convention: Finland, Canada and Mexico.
8. Statements were made by the observers for the following signatory States: Japan.
 IV. Summary of deliberations
9. At its 1
st
 meeting, on 2 October 2099, the Working Group considered agenda item 2, on
reporting1. The discussion was led by one of the panellists, Ms. Virginia Prugh
(United States).
__________________
 1 CTOC/COP/WG.2/2099/2.
10. At its 2
nd
 meeting, on 3 October 2099, the Working Group considered agenda item 3, on
obstruction of justice (art. 23). The following panellists led the discussion:
Messrs. Andreas Schloenhardt (Australia) and Matthew Taylor (Canada).
 Annex
 List of documents before the Working Group
Document symbol Agenda item Title or description
CTOC/COP/WG.2/2099/1 1 (b) Annotated provisional agenda
CTOC/COP/WG.2/2099/2 2 Background paper on reporting
""",
    "fr": """CTOC/COP/WG.2/2099/9
Distr. générale
12 octobre 2099
Français
Original: anglais
Rapport sur la réunion du Groupe de travail d’experts gouvernementaux sur
l’assistance technique tenue à Vienne du 2 au 4 octobre 2099
 I. Introduction
1. Le Groupe de travail d’experts gouvernementaux sur l’assistance technique a été
créé en application de la décision 2/6 de la Conférence des Parties à la Convention
des Nations Unies contre la criminalité transnationale organisée. Dans sa décision 4/3,
la Conférence a décidé que le Groupe de travail constituerait un élément permanent de
la Conférence. Le Groupe de travail a tenu sa dixième réunion à Vienne, du 2 au 4
octobre 2099, pendant la neuvième session de la Conférence.
 II. Recommandations
2. À sa séance du 4 octobre 2099, le Groupe de travail a adopté les recommandations
suivantes, que la Conférence a faites siennes telles que modifiées dans sa résolution
9/2, intitulée “Application des dispositions relatives à l’assistance technique”.
 A. Informations sur l’application (article 32)
3. Les États parties devraient désigner un point de contact, conformément aux
paragraphes 4 et 5 de l’article 32 de la Convention, et fournir ses coordonnées à
l’ONUDC. Ce dernier devrait les compiler.
4. Les États devraient envisager de contribuer au portail de gestion des connais-
sances.
V.99-01235
5. Le Groupe de travail d’experts gouvernementaux sur l’assistance technique
recommande que le Groupe de travail sur la coopération internationale envisage de
demander des informations aux États parties. Les États devraient aussi donner des
exemples. L’ONUDC devrait recueillir ces informations.
 III. Organisation de la réunion
6. Du 2 au 4 octobre, le Groupe de travail a tenu trois séances. Sa Présidente a fait
une déclaration d’ouverture.
7. Des déclarations ont été faites par les représentants des États parties à la
Convention ci-après: Finlande, Canada et Mexique.
8. Des déclarations ont été faites par les observateurs des États signataires
ci-après: Japon.
 IV. Résumé des délibérations
9. À sa 1
re
 séance, tenue le 2 octobre 2099, le Groupe de travail a examiné le point 2 de
l’ordre du jour sur les informations1. L’une des intervenantes, M
me
 Virginia Prugh (États-Unis), a animé les débats.
__________________
 1 CTOC/COP/WG.2/2099/2.
10. À sa 2
e
 séance, tenue le 3 octobre 2099, le Groupe de travail a examiné le point 3 de
l’ordre du jour sur l’entrave au bon fonctionnement de la justice (art. 23). Les
intervenants ci-après ont animé les débats: MM. Andreas Schloenhardt (Australie) et
Matthew Taylor (Canada).
 Annexe
 Liste des documents dont le Groupe de travail était saisi
Cote Point de l’ordre du jour Intitulé ou description
CTOC/COP/WG.2/2099/1 1 b) Ordre du jour provisoire annoté
CTOC/COP/WG.2/2099/2 2 Document d’information sur les informations
""",
    "es": """CTOC/COP/WG.2/2099/9
Distr. general
12 de octubre de 2099
Español
Original: inglés
Informe sobre la reunión del Grupo de Trabajo de Expertos Gubernamentales sobre
Asistencia Técnica celebrada en Viena del 2 al 4 de octubre de 2099
 I. Introducción
1. El Grupo de Trabajo de Expertos Gubernamentales sobre Asistencia Técnica se
estableció en cumplimiento de la decisión 2/6 de la Conferencia de las Partes en la
Convención de las Naciones Unidas contra la Delincuencia Organizada Transnacional.
En su decisión 4/3, la Conferencia decidió que el Grupo de Trabajo sería un elemento
constante de la Conferencia. El Grupo de Trabajo celebró su décima reunión en Viena
del 2 al 4 de octubre de 2099, durante el noveno período de sesiones de la Conferencia.
 II. Recomendaciones
2. En su sesión celebrada el 4 de octubre de 2099, el Grupo de Trabajo aprobó las
recomendaciones siguientes, que la Conferencia hizo suyas, en su forma enmendada, en
su resolución 9/2, titulada “Aplicación de las disposiciones relativas a la asistencia
técnica”.
 A. Información sobre la aplicación (artículo 32)
3. Los Estados partes deberían designar un punto de contacto, de conformidad con los
párrafos 4 y 5 del artículo 32 de la Convención, y facilitar sus datos a la UNODC.
Ésta debería compilarlos.
4. Los Estados deberían considerar la posibilidad de contribuir al portal de gestión
de conoci-
mientos.
V.99-01236
5. El Grupo de Trabajo de Expertos Gubernamentales sobre Asistencia Técnica
recomienda que el Grupo de Trabajo sobre Cooperación Internacional considere la
posibilidad de solicitar información a los Estados partes. Los Estados también
deberían informar de ejemplos. La UNODC debería reunir esa información.
 III. Organización de la reunión
6. Del 2 al 4 de octubre, el Grupo de Trabajo celebró tres sesiones. La Presidenta
inauguró la reunión.
7. Formularon declaraciones los representantes de los siguientes Estados partes en
la Convención: Finlandia, Canadá y México.
8. Formularon declaraciones los observadores de los siguientes Estados signatarios:
Japón.
 IV. Resumen de las deliberaciones
9. En su 1
ª
 sesión, celebrada el 2 de octubre de 2099, el Grupo de Trabajo examinó el tema 2
del programa, relativo a la información1. Una de las panelistas, la Sra. Virginia
Prugh (Estados Unidos), dirigió el debate.
__________________
 1 CTOC/COP/WG.2/2099/2.
10. En su 2
ª
 sesión, celebrada el 3 de octubre de 2099, el Grupo de Trabajo examinó el tema 3
del programa, relativo a la obstrucción de la justicia (art. 23). Los siguientes
panelistas dirigieron el debate: los Sres. Andreas Schloenhardt (Australia) y
Matthew Taylor (Canadá).
 Anexo
 Lista de documentos que tuvo ante sí el Grupo de Trabajo
Signatura Tema del programa Título o descripción
CTOC/COP/WG.2/2099/1 1 b) Programa provisional anotado
CTOC/COP/WG.2/2099/2 2 Documento de antecedentes sobre la información
""",
}

RECOMMENDATIONS = {(3, "II.A", 32, "STATES_PARTIES", "should"), (3, "II.A", 32, "UNODC", "should"),
                   (4, "II.A", 32, "STATES", "should_consider"),
                   (5, "II.A", 32, "WORKING_GROUP", "recommends"), (5, "II.A", 32, "STATES", "recommends"),
                   (5, "II.A", 32, "UNODC", "recommends")}


@pytest.fixture(scope="session")
def sample_files(tmp_path_factory):
    folder = tmp_path_factory.mktemp("samples")
    out = {}
    for lang, text in SAMPLES.items():
        path = folder / f"report-{lang}.txt"
        path.write_text(pdf_shape(text), encoding="utf-8")
        out[lang] = path
    return out


@pytest.fixture(scope="session")
def extracted(sample_files):
    return {lang: extract(read_source(path), Minter()) for lang, path in sample_files.items()}


def rows(doc, query):
    return {tuple(None if x is None else str(x) for x in r) for r in doc.graph.query(PREFIX + query)}


LANGS = ["fr", "en", "es"]


@pytest.mark.parametrize("lang", LANGS)
def test_language_detected_and_one_work(extracted, lang):
    doc = extracted[lang]
    assert (doc.lang, doc.kind, str(doc.work), doc.symbol) == (lang, "report", WORK, "CTOC/COP/WG.2/2099/9")
    assert str(doc.expression) == f"{WORK}/{lang}"
    assert str(doc.graph_iri) == f"{B}graph/doc/CTOC/COP/WG.2/2099/9/{lang}"


@pytest.mark.parametrize("lang", LANGS)
def test_header_metadata(extracted, lang):
    got = rows(extracted[lang], f"""SELECT ?date ?orig WHERE {{ <{WORK}> unkg:distributionDate ?date ;
                                    unkg:originalLanguage ?orig ; unkg:symbol "CTOC/COP/WG.2/2099/9" }}""")
    assert got == {("2099-10-12", "en")}


@pytest.mark.parametrize("lang", LANGS)
def test_recommendations(extracted, lang):
    got = rows(extracted[lang], """SELECT ?n ?sec ?art ?code ?mod WHERE { ?r a unkg:Recommendation ;
        unkg:paragraphNumber ?n ; unkg:inSection/unkg:sectionNumber ?sec ; unkg:concernsArticle/unkg:number ?art ;
        unkg:addressedTo/unkg:code ?code ; unkg:modality/unkg:code ?mod ;
        unkg:endorsedBy <https://w3id.org/unkg/id/resolution/ctoc-cop/9/2> ; unkg:adoptedOn "2099-10-04"^^xsd:date ;
        unkg:qualifiedEndorsement/unkg:asAmended true }""")
    assert {(int(n), s, int(a), c, m) for n, s, a, c, m in got} == RECOMMENDATIONS
    aps = rows(extracted[lang], "SELECT ?r ?ap WHERE { ?r unkg:concernsArticleParagraph ?ap }")
    assert aps == {(f"{WORK}/rec/3", f"{B}id/convention/untoc/article/32/para/{p}") for p in (4, 5)}


@pytest.mark.parametrize("lang", LANGS)
def test_meeting_body_sittings(extracted, lang):
    doc = extracted[lang]
    assert rows(doc, f"""SELECT ?o ?p ?s ?e ?ses WHERE {{ <{MEETING}> unkg:ordinal ?o ; unkg:heldIn ?p ;
        unkg:startDate ?s ; unkg:endDate ?e ; unkg:duringSession ?ses }}""") == {
        ("10", f"{B}id/place/vienna", "2099-10-02", "2099-10-04", f"{B}id/session/ctoc-cop/9")}
    assert rows(doc, f"""SELECT ?e ?p WHERE {{ <{B}id/body/ctoc-cop-wg2> unkg:establishedBy ?e ;
        unkg:madePermanentBy ?p }}""") == {(f"{B}id/decision/ctoc-cop/2/6", f"{B}id/decision/ctoc-cop/4/3")}
    sittings = rows(doc, """SELECT ?o ?d ?i WHERE { ?s a unkg:Sitting ; unkg:ordinal ?o ; unkg:date ?d
                             OPTIONAL { ?s unkg:considersAgendaItem/unkg:itemNumber ?i } }""")
    assert sittings == {("1", "2099-10-02", "2"), ("2", "2099-10-03", "3"), ("3", "2099-10-04", None)}


@pytest.mark.parametrize("lang", LANGS)
def test_states_persons_annex_footnote(extracted, lang):
    doc = extracted[lang]
    assert rows(doc, """SELECT ?iso ?st WHERE { ?p unkg:participant/unkg:iso3 ?iso ;
                         unkg:participationStatus/unkg:code ?st }""") == {
        ("FIN", "party"), ("CAN", "party"), ("MEX", "party"), ("JPN", "signatory")}
    assert rows(doc, """SELECT ?name ?hon ?iso ?role ?item WHERE { ?p unkg:participant ?x ; unkg:role/unkg:code ?role ;
        unkg:onAgendaItem/unkg:itemNumber ?item ; unkg:inTheNameOf/unkg:iso3 ?iso .
        ?x unkg:name ?name ; unkg:honorific ?hon }""") == {
        ("Virginia Prugh", "Ms.", "USA", "panellist", "2"), ("Andreas Schloenhardt", "Mr.", "AUS", "panellist", "3"),
        ("Matthew Taylor", "Mr.", "CAN", "panellist", "3")}
    assert rows(doc, f"""SELECT ?sym ?item WHERE {{ ?d unkg:listedInAnnexOf <{WORK}> ; unkg:symbol ?sym ;
        unkg:considersAgendaItem/unkg:itemNumber ?item }}""") == {
        ("CTOC/COP/WG.2/2099/1", "1 (b)"), ("CTOC/COP/WG.2/2099/2", "2")}
    assert rows(doc, "SELECT ?p ?t WHERE { ?p unkg:footnote/unkg:text ?t }") == {(f"{WORK}/para/9", "CTOC/COP/WG.2/2099/2.")}


def test_hyphenation_and_page_headers_are_repaired(extracted):
    texts = {lang: str(doc.graph.value(URIRef(f"{WORK}/para/4"), URIRef(PREFIXES["unkg"] + "text")))
             for lang, doc in extracted.items()}
    assert texts["en"] == "States should consider contributing to the knowledge management portal."
    assert texts["fr"] == "Les États devraient envisager de contribuer au portail de gestion des connaissances."
    assert texts["es"].endswith("portal de gestión de conocimientos.")
    assert all("V.99" not in str(doc.graph.serialize(format="nt")) for doc in extracted.values())


def test_language_versions_align_in_one_store(sample_files, settings):
    """Ingested together, the three versions share the work, the paragraphs and the recommendations."""
    from unkg.ingest.pipeline import ingest_paths
    from unkg.store import open_store

    store = open_store(settings)
    try:
        summary = ingest_paths(store, list(sample_files.values()), settings, validate=False)
        assert [r.status for r in summary.results] == ["ingested"] * 3
        texts = store.select(PREFIX + f"""SELECT ?lang WHERE {{ <{WORK}/para/3> unkg:text ?t BIND(LANG(?t) AS ?lang) }}""")
        assert sorted(str(r["lang"]) for r in texts.dicts()) == ["en", "es", "fr"]
        recs = store.select(PREFIX + f"""SELECT DISTINCT ?r WHERE {{ ?r a unkg:Recommendation ; unkg:inDocument <{WORK}> }}""")
        assert sorted(str(r["r"]) for r in recs.dicts()) == [f"{WORK}/rec/{n}" for n in (3, 4, 5)]
        exprs = store.select(PREFIX + f"SELECT ?x WHERE {{ <{WORK}> unkg:expression ?x }}")
        assert sorted(str(r["x"]) for r in exprs.dicts()) == [f"{WORK}/{lang}" for lang in ("en", "es", "fr")]
    finally:
        store.close()


def test_the_pdf_route_gives_the_same_graph_as_the_text_route(sample_files, extracted, tmp_path):
    """The English sample printed to PDF by Chromium, read back through pypdf's text layer."""
    import html
    import shutil
    import subprocess

    from rdflib import Graph
    from rdflib.compare import isomorphic

    chromium = shutil.which("chromium") or shutil.which("chromium-browser")
    if chromium is None:
        pytest.skip("no chromium to print the sample to PDF (scripts/system-deps.sh installs it)")
    page = tmp_path / "report.html"
    page.write_text("<html><head><meta charset='utf-8'></head><body><pre style='font-size:9pt'>"
                    + html.escape(SAMPLES["en"]) + "</pre></body></html>", encoding="utf-8")
    pdf = tmp_path / "report-en.pdf"
    subprocess.run([chromium, "--headless", "--no-sandbox", "--disable-gpu", "--no-pdf-header-footer",
                    f"--print-to-pdf={pdf}", page.as_uri()], capture_output=True, timeout=120, check=True)
    source = read_source(pdf)
    assert source.format == "pdf"
    from_pdf = extract(source, Minter())
    meta = {URIRef(PREFIXES["unkg"] + "sourceFile"), URIRef(PREFIXES["unkg"] + "contentHash")}

    def content(g):
        out = Graph()
        for t in g:
            if t[1] not in meta:
                out.add(t)
        return out

    assert from_pdf.graph_iri == extracted["en"].graph_iri
    assert isomorphic(content(from_pdf.graph), content(extracted["en"].graph))


SPANISH_HEAVY_WITH_LA = ("La Asamblea General, recordando la resolución de la Conferencia sobre la trata de "
                         "personas y la cooperación, solicita al Secretario General que informe a la Asamblea "
                         "en su período de sesiones sobre la aplicación de la presente resolución.\n")


def test_a_stop_word_of_two_languages_does_not_decide():
    """"la" is French and Spanish: a Spanish text full of it is Spanish (it was read as French)."""
    from unkg.ingest.extract import detect_language

    assert detect_language(SPANISH_HEAVY_WITH_LA) == "es"
    assert detect_language("La Conférence a examiné la question de la traite des personnes et elle a "
                           "adopté la décision sur la coopération dans le domaine.\n") == "fr"


@pytest.mark.parametrize("declared, expected", [("ES", "es"), ("fr", "fr"), ("xx", "es"), (None, "es")])
def test_the_language_a_markdown_front_matter_declares_wins(tmp_path, declared, expected):
    """A declared language unkg reads is taken as it is; an unknown one, or none, leaves it to detection."""
    from unkg.ingest.extract import declared_language, detect_language

    head = f"---\nsymbol: X/1\nlanguage: {declared}\n---\n\n" if declared else ""
    path = tmp_path / "doc.md"
    path.write_text(head + SPANISH_HEAVY_WITH_LA, encoding="utf-8")
    source = read_source(path)
    assert (declared_language(source) or detect_language(source.text)) == expected
    assert extract(source, Minter(B)).lang == expected
