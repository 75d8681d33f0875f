"""The web explorer in a real browser: Debian's Chromium (headless) against `unkg serve`.

One server runs over a store built from the UN corpus (the reference report and the
General Assembly resolutions); the tests use the explorer like a researcher (example query,
graph of resolution 8/4, a recommendation's page, search) and save a screenshot of each in
tests/artifacts/ (docs/explorer.png is the query page).
The asset tests at the end need no browser: they check what the server sends.
"""
from __future__ import annotations

import csv
import io
import json
import os
import re
import subprocess
import time
from pathlib import Path
from urllib.parse import quote

import httpx
import pytest

from tests.conftest import REFERENCE_REPORT, ROOT, UNKG_BIN, free_port
from unkg.config import Settings
from unkg.store import open_store

CHROMIUM = Path("/usr/bin/chromium")
CHROMIUM_ARGS = ["--headless", "--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run",
                 "--disable-background-networking", "--disable-component-update", "--disable-sync"]
ARTIFACTS = ROOT / "tests" / "artifacts"
DOCS_SCREENSHOT = ROOT / "docs" / "explorer.png"
BASE = "https://w3id.org/unkg/"
RESOLUTION_8_4 = BASE + "id/resolution/ctoc-cop/8/4"
RECOMMENDATION_11 = "/id/report/ctoc-cop-wg2/9/rec/11"
UI_TIMEOUT = 30_000   # ms the browser waits for an element before the test fails


# ─────────────────────────── the server ───────────────────────────

class Server:
    def __init__(self, store: Path, env: dict[str, str] | None = None):
        self.port = free_port()
        self.url = f"http://127.0.0.1:{self.port}"
        full_env = {k: v for k, v in os.environ.items() if not k.startswith("UNKG_")}
        full_env.update(env or {})
        self.process = subprocess.Popen(
            [str(UNKG_BIN), "--store", str(store), "serve", "--host", "127.0.0.1", "--port", str(self.port)],
            stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True, env=full_env)
        self._wait_until_up()

    def _wait_until_up(self, patience: float = 90) -> None:
        deadline = time.monotonic() + patience
        while time.monotonic() < deadline:
            if self.process.poll() is not None:
                out, err = self.process.communicate()
                pytest.fail(f"`unkg serve` exited with {self.process.returncode}: {err.strip()[-2000:]}")
            try:
                if httpx.get(self.url + "/health", timeout=2).status_code == 200:
                    return
            except httpx.HTTPError:
                pass
            time.sleep(0.3)
        self.stop()
        pytest.fail(f"`unkg serve` did not answer on {self.url} within {patience} s")

    def stop(self) -> None:
        if self.process.poll() is None:
            self.process.terminate()
            try:
                self.process.wait(timeout=15)
            except subprocess.TimeoutExpired:
                self.process.kill()
                self.process.wait()

    def sparql(self, query: str) -> httpx.Response:
        return httpx.post(self.url + "/sparql", data={"query": query},
                          headers={"Accept": "application/sparql-results+json"}, timeout=60)


@pytest.fixture(scope="module")
def corpus_store(corpus, tmp_path_factory) -> Path:
    from unkg.ingest.pipeline import ingest_paths

    path = tmp_path_factory.mktemp("explorer") / "store"
    settings = Settings.from_env({}, store=str(path))
    # the reference report and the General Assembly resolutions: what the tests look at
    with open_store(settings) as store:
        summary = ingest_paths(store, [corpus / "reports", corpus / "resolutions"], settings, keep_going=True)
    report = next(r for r in summary.results if r.path.name == REFERENCE_REPORT.name)
    assert report.status == "ingested", f"the reference report was not ingested: {report.message}"
    return path


@pytest.fixture(scope="module")
def server(corpus_store):
    # a short query timeout, so that the timeout message can be seen without a long wait
    srv = Server(corpus_store, env={"UNKG_QUERY_TIMEOUT": "4"})
    yield srv
    srv.stop()


# ─────────────────────────── the browser ───────────────────────────

@pytest.fixture(scope="module")
def browser():
    if not CHROMIUM.exists():
        pytest.skip(f"{CHROMIUM} is missing: `make system-deps` installs Debian's chromium")
    sync_api = pytest.importorskip("playwright.sync_api", reason="python playwright is missing: pip install -e '.[dev]'")
    with sync_api.sync_playwright() as pw:
        b = pw.chromium.launch(executable_path=str(CHROMIUM), args=CHROMIUM_ARGS)
        yield b
        b.close()


@pytest.fixture
def page(browser, server):
    """A laptop-sized page that may talk to the server only: any other request is refused and recorded."""
    context = browser.new_context(viewport={"width": 1366, "height": 768}, accept_downloads=True)
    pg = context.new_page()
    pg.set_default_timeout(UI_TIMEOUT)
    pg.outside_requests = []
    pg.script_errors = []

    def guard(route):
        if route.request.url.startswith(server.url + "/"):
            route.continue_()
        else:
            pg.outside_requests.append(route.request.url)
            route.abort()

    pg.route("**/*", guard)
    pg.on("pageerror", lambda e: pg.script_errors.append(str(e)))
    yield pg
    context.close()


def screenshot(pg, name: str, *also: Path) -> None:
    ARTIFACTS.mkdir(parents=True, exist_ok=True)
    pg.screenshot(path=str(ARTIFACTS / name))
    for path in also:
        path.parent.mkdir(parents=True, exist_ok=True)
        pg.screenshot(path=str(path))


def library(server) -> list[dict]:
    return httpx.get(server.url + "/queries", timeout=30).json()["queries"]


# ─────────────────────────── query page ───────────────────────────

@pytest.mark.browser
def test_example_query_shows_its_rows(page, server):
    questions = library(server)
    assert questions, "the service lists no named query at /queries"
    page.goto(server.url + "/")
    page.wait_for_selector("#example-list button.example")
    assert page.locator("#example-list button.example").count() == len(questions)

    # the first question that needs no parameter and has rows on this corpus
    chosen = None
    for q in questions:
        if any(p.get("required") for p in q.get("params", [])):
            continue
        answer = httpx.get(f"{server.url}/queries/{q['name']}", timeout=60).json()
        if answer["results"]["bindings"]:
            chosen, expected = q, answer
            break
    assert chosen, "no named query returns a row on the corpus"
    button = page.locator(f'#example-list button.example[data-name="{chosen["name"]}"]')
    assert chosen["question"] in button.inner_text()
    button.click()
    assert button.get_attribute("aria-pressed") == "true"
    page.click("#run-query")
    page.wait_for_selector("#result-table tbody tr")
    assert page.locator("#query-error").is_hidden()
    shown = page.locator("#result-table tbody tr").count()
    assert shown == min(len(expected["results"]["bindings"]), 2000)
    assert page.locator("#result-table thead th").all_inner_texts() == expected["head"]["vars"]
    assert re.match(rf"{shown} rows? in ", page.locator("#query-status").inner_text())
    assert f"example={chosen['name']}" in page.url
    assert page.outside_requests == [] and page.script_errors == []
    screenshot(page, "explorer-query.png")


SHARED_QUERY = f"""PREFIX unkg: <https://w3id.org/unkg/ontology#>
# Which recommendations did resolution 8/4 endorse, and which articles do they concern?
SELECT ?recommendation ?number ?article ?adopted WHERE {{
  ?recommendation unkg:endorsedBy <{RESOLUTION_8_4}> ;
                  unkg:paragraphNumber ?number .
  OPTIONAL {{ ?recommendation unkg:concernsArticle ?article }}
  OPTIONAL {{ ?recommendation unkg:adoptedOn ?adopted }}
}}
ORDER BY ?number ?article"""


@pytest.mark.browser
def test_shared_link_runs_its_query_and_downloads_csv_and_json(page, server):
    expected = server.sparql(SHARED_QUERY).json()
    rows = expected["results"]["bindings"]
    columns = expected["head"]["vars"]
    assert rows, "resolution 8/4 endorses no recommendation in the graph"
    page.goto(server.url + "/?view=query&query=" + quote(SHARED_QUERY))
    page.wait_for_selector("#result-table tbody tr")
    assert page.locator("#result-table tbody tr").count() == len(rows)
    assert page.locator("#result-table thead th").all_inner_texts() == columns
    first_link = page.locator("#result-table tbody tr").first.locator("td").first.locator("a").first
    assert first_link.get_attribute("href") == "/" + rows[0]["recommendation"]["value"].removeprefix(BASE)
    assert page.outside_requests == [] and page.script_errors == []
    screenshot(page, "explorer-shared-query.png", DOCS_SCREENSHOT)

    with page.expect_download() as dl:
        page.click("#download-csv")
    table = list(csv.reader(io.StringIO(Path(dl.value.path()).read_text(encoding="utf-8"))))
    assert table[0] == columns
    assert table[1:] == [[r[c]["value"] if c in r else "" for c in columns] for r in rows]

    with page.expect_download() as dl:
        page.click("#download-json")
    data = json.loads(Path(dl.value.path()).read_text(encoding="utf-8"))
    assert data["head"]["vars"] == columns
    assert data["results"]["bindings"] == rows


@pytest.mark.browser
def test_a_bad_query_shows_the_services_error(page, server):
    bad = "SELECT ?x WHERE { ?x ?y }"
    answer = server.sparql(bad)
    assert answer.status_code == 400
    message = answer.json()["error"]["message"]
    page.goto(server.url + "/?view=query&query=" + quote(bad))
    alert = page.locator("#query-error")
    alert.wait_for(state="visible")
    assert alert.get_attribute("role") == "alert"
    assert message in alert.inner_text()
    assert page.locator("#result-table").count() == 0


@pytest.mark.browser
def test_a_query_that_runs_out_of_time_says_so(page, server):
    slow = "SELECT (COUNT(*) AS ?n) WHERE { ?a ?b ?c . ?d ?e ?f . ?g ?h ?i . ?j ?k ?l }"
    page.goto(server.url + "/?view=query&query=" + quote(slow))
    alert = page.locator("#query-error")
    alert.wait_for(state="visible", timeout=60_000)
    assert alert.get_attribute("data-code") == "timeout"
    assert alert.inner_text().startswith("Timeout.")
    assert page.locator("#query-status").inner_text() == "The query timed out."


@pytest.mark.browser
def test_query_page_works_from_the_keyboard_and_labels_every_control(page, server):
    page.goto(server.url + "/")
    page.wait_for_selector("#example-list button.example")
    unlabelled = page.evaluate("""() => [...document.querySelectorAll('input, select, button, [contenteditable=true]')]
        .filter(e => e.offsetParent !== null)
        .filter(e => !(e.labels && e.labels.length) && !e.getAttribute('aria-label') && !e.getAttribute('aria-labelledby')
                     && !(e.tagName === 'BUTTON' && e.textContent.trim()))
        .map(e => e.outerHTML.slice(0, 80))""")
    assert unlabelled == []
    for _ in range(40):
        page.keyboard.press("Tab")
        if page.evaluate("document.activeElement.classList.contains('example')"):
            break
    else:
        pytest.fail("Tab never reaches the research questions")
    name = page.evaluate("document.activeElement.dataset.name")
    page.keyboard.press("Enter")
    assert page.locator(f'button.example[data-name="{name}"]').get_attribute("aria-pressed") == "true"


@pytest.mark.browser
def test_editor_completes_prefixes_and_declares_them(page, server):
    page.goto(server.url + "/")
    editor = page.locator(".cm-content")
    editor.click()
    page.keyboard.press("Control+a")
    page.keyboard.press("Delete")
    page.keyboard.type("SELECT * WHERE { ?s skos:pref")
    page.keyboard.press("Control+Space")
    option = page.locator(".cm-tooltip-autocomplete li", has_text="prefLabel")
    option.first.wait_for()
    page.wait_for_timeout(300)   # CodeMirror ignores Enter for a moment after the list opens
    page.keyboard.press("Enter")
    text = editor.inner_text()
    assert text.startswith("PREFIX skos: <http://www.w3.org/2004/02/skos/core#>")
    assert "?s skos:prefLabel" in text
    # the terms of unkg: come from the ontology in the store
    page.keyboard.type(" ?l . ?s a unkg:Recommen")
    page.keyboard.press("Control+Space")
    page.locator(".cm-tooltip-autocomplete li", has_text="Recommendation").first.wait_for()
    page.wait_for_timeout(300)
    page.keyboard.press("Enter")
    text = editor.inner_text()
    assert "PREFIX unkg: <https://w3id.org/unkg/ontology#>" in text and "?s a unkg:Recommendation" in text
    # syntax highlighting: the keyword and the variable are styled tokens
    assert page.locator(".cm-content span", has_text="SELECT").count() >= 1


# ─────────────────────────── graph view ───────────────────────────

@pytest.mark.browser
def test_graph_of_resolution_8_4_expands_a_node_on_click(page, server):
    page.goto(server.url + "/?view=graph&iri=" + quote(RESOLUTION_8_4, safe=""))
    page.wait_for_function("() => window.unkgGraph && window.unkgGraph.nodes().length > 1", timeout=UI_TIMEOUT)
    assert page.locator("#graph-error").is_hidden(), page.locator("#graph-error").inner_text()
    root = page.evaluate("(id) => { const n = unkgGraph.getElementById(id); "
                         "return { exists: n.nonempty(), expanded: n.hasClass('expanded'), degree: n.degree() }; }",
                         RESOLUTION_8_4)
    assert root["exists"] and root["expanded"] and root["degree"] >= 1

    # click (on the canvas) a neighbour that has not been expanded, preferring a recommendation
    target = page.evaluate("""() => {
        const cands = unkgGraph.nodes().filter(n => !n.hasClass('expanded'));
        const n = cands.filter(n => n.data('type') === 'Recommendation').first().nonempty()
                  ? cands.filter(n => n.data('type') === 'Recommendation').first() : cands.first();
        unkgGraph.center(n);
        const p = n.renderedPosition();
        return { id: n.id(), x: p.x, y: p.y, nodes: unkgGraph.nodes().length, degree: n.degree() };
    }""")
    box = page.locator("#cy").bounding_box()
    page.mouse.click(box["x"] + target["x"], box["y"] + target["y"])
    page.wait_for_function("(id) => unkgGraph.getElementById(id).hasClass('expanded')", arg=target["id"])
    page.wait_for_function("() => document.querySelector('#graph-form').getAttribute('aria-busy') === 'false'")
    after = page.evaluate("(id) => { const n = unkgGraph.getElementById(id); "
                          "return { nodes: unkgGraph.nodes().length, degree: n.degree() }; }", target["id"])
    assert after["nodes"] > target["nodes"] or after["degree"] > target["degree"], (target, after)
    assert page.locator("#graph-selected").inner_text().count("IRI") == 1
    assert target["id"] in page.locator("#graph-selected").inner_text()
    screenshot(page, "explorer-graph.png")

    # colour by type (a legend entry per type) and filter by relation
    assert page.locator("#graph-legend li").count() >= 2
    relations = page.locator("#graph-relations input[type=checkbox]")
    assert relations.count() >= 1
    visible = page.evaluate("() => unkgGraph.edges().filter(e => !e.hasClass('filtered')).length")
    relations.first.uncheck()
    hidden_after = page.evaluate("() => unkgGraph.edges().filter(e => !e.hasClass('filtered')).length")
    assert hidden_after < visible
    relations.first.check()
    assert page.outside_requests == [] and page.script_errors == []


@pytest.mark.browser
def test_graph_timeline_hides_what_is_dated_later(page, server):
    meeting = BASE + "id/meeting/ctoc-cop-wg2/9"
    page.goto(server.url + "/?view=graph&iri=" + quote(meeting, safe=""))
    page.wait_for_function("() => window.unkgGraph && unkgGraph.nodes().length > 1")
    dates = page.evaluate("() => [...new Set(unkgGraph.nodes().map(n => n.data('date')).filter(Boolean))].sort()")
    assert len(dates) >= 2, "the meeting's neighbourhood has fewer than two dates"
    slider = page.locator("#graph-timeline")
    assert slider.is_enabled()
    slider.focus()
    page.keyboard.press("Home")                     # the earliest date
    assert page.locator("#graph-timeline-value").inner_text() == f"up to {dates[0]}"
    hidden = page.evaluate("() => unkgGraph.nodes('.filtered').map(n => n.data('date'))")
    later = page.evaluate("(d) => unkgGraph.nodes().filter(n => n.data('date') && n.data('date') > d).length", dates[0])
    assert later > 0 and len([d for d in hidden if d and d > dates[0]]) == later
    page.keyboard.press("End")
    assert page.evaluate("() => unkgGraph.nodes('.filtered').length") == 0


@pytest.mark.browser
def test_graph_labels_follow_the_chosen_language(page, server):
    finland = BASE + "id/state/FIN"
    page.goto(server.url + "/?view=graph&lang=en")
    page.fill("#graph-start", "Finland")           # found by name, as a reader would type it
    page.keyboard.press("Enter")
    page.wait_for_function("(id) => window.unkgGraph && unkgGraph.getElementById(id).nonempty()", arg=finland)
    assert page.evaluate("(id) => unkgGraph.getElementById(id).hasClass('root')", finland)
    assert page.evaluate("(id) => unkgGraph.getElementById(id).data('label')", finland) == "Finland"
    page.select_option("#graph-lang", "fr")
    page.wait_for_function("(id) => unkgGraph.getElementById(id).data('label') === 'Finlande'", arg=finland)
    assert "lang=fr" in page.url


@pytest.mark.browser
def test_graph_of_an_unknown_resource_says_so(page, server):
    unknown = BASE + "id/state/XXX"
    message = httpx.get(server.url + "/graph/neighbourhood", params={"iri": unknown}).json()["error"]["message"]
    page.goto(server.url + "/?view=graph&iri=" + quote(unknown, safe=""))
    alert = page.locator("#graph-error")
    alert.wait_for(state="visible")
    assert message in alert.inner_text()
    assert page.evaluate("() => unkgGraph.nodes().length") == 0


# ─────────────────────────── resource page and search ───────────────────────────

def _squash(text: str) -> str:
    return re.sub(r"\s+", " ", text)


@pytest.mark.browser
def test_recommendation_page_shows_its_paragraph_text(page, server):
    response = page.goto(server.url + RECOMMENDATION_11)
    assert response.status == 200
    source = page.locator("blockquote.source").first
    source.wait_for()
    text = _squash(source.inner_text())
    assert "Les États devraient prendre des mesures" in text and "stade préparatoire aux procès" in text
    # resource.js ran: links to the graph view and to the language versions
    nav = page.locator("nav.unkg-versions")
    nav.wait_for()
    assert nav.locator("a", has_text="Show in the graph view").count() == 1
    marks = page.locator("mark[data-start]")
    assert marks.count() >= 1, "the page marks no extracted span in the paragraph (addressee, article…)"
    page.wait_for_selector("mark.unkg-span")
    assert page.locator("mark.unkg-span").count() == marks.count()
    assert page.locator("#unkg-toggle-spans").is_checked()
    symbols = server.sparql(
        "PREFIX unkg: <https://w3id.org/unkg/ontology#> SELECT ?s WHERE { "
        f"<{BASE}id/report/ctoc-cop-wg2/9/rec/11> unkg:inDocument/unkg:symbol ?s }}").json()["results"]["bindings"]
    if symbols:
        symbol = symbols[0]["s"]["value"]
        page.wait_for_selector("nav.unkg-versions .unkg-undocs")
        assert page.locator(f'a[href="https://undocs.org/fr/{symbol}"]').count() >= 1
    assert page.outside_requests == [] and page.script_errors == []
    screenshot(page, "explorer-recommendation.png")
    # a span that names what was extracted is a link, also from the keyboard
    linked = page.locator("mark.unkg-span[data-iri]").first
    target = linked.get_attribute("data-iri")
    linked.focus()
    page.keyboard.press("Enter")
    page.wait_for_url(server.url + "/" + target.removeprefix(BASE))


@pytest.mark.browser
def test_resource_page_links_to_the_official_texts(page, server):
    page.goto(server.url + "/id/resolution/ga/80/9")
    page.wait_for_selector("nav.unkg-versions .unkg-undocs")
    links = page.locator("nav.unkg-versions .unkg-undocs a")
    assert sorted(links.evaluate_all("els => els.map(a => a.href)")) == sorted(
        f"https://undocs.org/{lang}/A/RES/80/9" for lang in ("ar", "zh", "en", "fr", "ru", "es"))
    versions = page.locator("nav.unkg-versions .unkg-here a")
    assert versions.all_inner_texts() == ["en"]
    assert page.outside_requests == []   # the links are there; nothing was fetched from undocs.org


@pytest.mark.browser
@pytest.mark.parametrize("q, kind, path", [
    ("Finland", "state", "/id/state/FIN"),
    ("8/4", "resolution", "/id/resolution/ctoc-cop/8/4"),
    ("Prugh", "person", "/id/person/virginia-prugh"),
    ("A/RES/80/9", "symbol", None),
])
def test_search_finds_states_resolutions_and_documents(page, server, q, kind, path):
    if path is None:   # the document's IRI, as the graph has it
        rows = server.sparql('PREFIX unkg: <https://w3id.org/unkg/ontology#> SELECT ?d WHERE { ?d unkg:symbol "A/RES/80/9" }')
        found = rows.json()["results"]["bindings"]
        assert found, "A/RES/80/9 is not in the graph"
        path = "/" + found[0]["d"]["value"].removeprefix(BASE)
    page.goto(server.url + f"/?view=search&q={quote(q, safe='')}&kind={kind}")
    page.wait_for_selector("#search-results a.found-label")
    assert page.locator(f'#search-results a.found-label[href="{path}"]').count() == 1
    if kind == "state":
        screenshot(page, "explorer-search.png")


@pytest.mark.browser
def test_recommendation_text_search_finds_words(page, server):
    page.goto(server.url + "/?view=search&q=" + quote("stade préparatoire") + "&kind=text")
    page.wait_for_selector("#search-results a.found-label")
    assert page.locator('#search-results a.found-label[href$="/rec/11"]').count() >= 1
    assert page.locator("#search-results mark").first.inner_text().lower() == "stade préparatoire"


# ─────────────────────────── what the server sends (no browser) ───────────────────────────

@pytest.fixture(scope="module")
def bare_server(tmp_path_factory):
    """`unkg serve` over an empty store: the explorer's files do not depend on the data."""
    path = tmp_path_factory.mktemp("bare") / "store"
    with open_store(Settings.from_env({}, store=str(path))):
        pass
    srv = Server(path)
    yield srv
    srv.stop()


def test_explorer_page_loads_only_vendored_files(bare_server):
    page = httpx.get(bare_server.url + "/")
    assert page.status_code == 200 and page.headers["content-type"].startswith("text/html")
    html = page.text
    assert f'<meta name="unkg-base-iri" content="{BASE}">' in html
    imports = json.loads(re.search(r'<script type="importmap">(.*?)</script>', html, re.S).group(1))["imports"]
    assert "codemirror" in imports and "cytoscape" in imports
    urls = list(imports.values()) + re.findall(r'(?:src|href)="(/static/[^"]+)"', html)
    for url in urls:
        assert url.startswith("/static/explorer/"), url
        r = httpx.get(bare_server.url + url)
        assert r.status_code == 200, url
        assert r.headers["content-type"].split(";")[0] in ("text/javascript", "text/css"), url
    # every bare import of a vendored module is in the import map
    vendored = ROOT / "api" / "explorer" / "vendor"
    specs = set()
    for js in list(vendored.rglob("*.js")) + list(vendored.rglob("*.mjs")):
        text = js.read_text(encoding="utf-8")
        for spec in re.findall(r"""^(?:import|export)\s[^'";]*?\bfrom\s*['"]([^'"]+)['"]""", text, re.M):
            specs.add(spec)
            assert spec.startswith(".") or spec in imports, f"{js.relative_to(ROOT)} imports {spec!r}, which the import map lacks"
    assert {"@codemirror/state", "@codemirror/view", "@lezer/common"} <= specs
    assert not re.search(r"https?://(?!w3id\.org|undocs\.org|www\.w3\.org)[\w.-]+/", html.replace("{{", ""))


def test_explorer_files_have_licences():
    vendored = ROOT / "api" / "explorer" / "vendor"
    manifest = (vendored / "MANIFEST.txt").read_text(encoding="utf-8").splitlines()
    packages = [line.split()[0] for line in manifest if line and not line.startswith("#")]
    assert len(packages) >= 10
    for pkg in packages:
        assert (vendored / pkg / "LICENSE").is_file(), pkg


@pytest.mark.parametrize("path", ["..%2Fexplorer.py", "vendor%2F..%2F..%2Fapp.py", "%2Fetc%2Fpasswd", "nope.js", "vendor",
                                  "vendor/cytoscape/LICENSE"])
def test_asset_route_refuses_what_is_not_an_explorer_file(bare_server, path):
    r = httpx.get(f"{bare_server.url}/static/explorer/{path}")
    assert r.status_code == 404
    assert r.json()["error"]["code"] == "not_found"
