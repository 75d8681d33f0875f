// The query view: a SPARQL editor, the research questions of the query library as
// examples, results as a table with links, CSV/JSON downloads and shareable links.
import { EditorView, basicSetup } from "codemirror";
import { keymap } from "@codemirror/view";
import { EditorState, Prec } from "@codemirror/state";
import { StreamLanguage } from "@codemirror/language";
import { sparql as sparqlMode } from "@codemirror/legacy-modes/mode/sparql";
import {
  ApiError, BASE_IRI, PREFIXES, ONTOLOGY, download, getJSON, h, literal, namedQuery, showError, sparql, termNode, termText,
} from "./common.js";

const MAX_TABLE_ROWS = 2000;
const DEFAULT_QUERY = `PREFIX unkg: <${ONTOLOGY}>
PREFIX rdfs: <http://www.w3.org/2000/01/rdf-schema#>

# Which kinds of things does the graph hold, and how many of each?
SELECT ?class (COUNT(?thing) AS ?things) WHERE {
  ?thing a ?class .
}
GROUP BY ?class
ORDER BY DESC(?things)
LIMIT 50`;

// Terms offered after a prefix other than unkg: (unkg: terms come from the ontology in the store).
const COMMON_TERMS = {
  rdf: ["type"], rdfs: ["label", "comment", "subClassOf", "subPropertyOf", "domain", "range", "seeAlso", "isDefinedBy"],
  skos: ["prefLabel", "altLabel", "notation", "inScheme", "broader", "narrower", "Concept", "ConceptScheme"],
  xsd: ["date", "dateTime", "integer", "string", "boolean", "decimal"],
  dcterms: ["title", "identifier", "date", "language", "source", "isPartOf"],
  foaf: ["name", "Person"], prov: ["wasDerivedFrom", "wasGeneratedBy", "Activity"],
  oa: ["start", "end", "exact", "Annotation"], owl: ["Class", "ObjectProperty", "DatatypeProperty", "sameAs"],
};

let ontologyTerms = null;
async function unkgTerms() {
  if (!ontologyTerms) {
    // the ontology's own graph (small), not the whole store
    ontologyTerms = sparql(`PREFIX rdfs: <${PREFIXES.rdfs}>
SELECT ?term (SAMPLE(?l) AS ?label) (SAMPLE(?c) AS ?comment) WHERE {
  GRAPH <${BASE_IRI}graph/ontology> {
    ?term a ?kind . FILTER(STRSTARTS(STR(?term), ${literal(ONTOLOGY)}))
    OPTIONAL { ?term rdfs:label ?l FILTER(LANGMATCHES(LANG(?l), "en") || LANG(?l) = "") }
    OPTIONAL { ?term rdfs:comment ?c FILTER(LANGMATCHES(LANG(?c), "en") || LANG(?c) = "") }
  }
} GROUP BY ?term`).then(({ data }) => data.results.bindings.map((b) => ({
      name: b.term.value.slice(ONTOLOGY.length), label: b.label?.value, comment: b.comment?.value,
    })).filter((t) => /^[\w-]+$/.test(t.name)))
      .catch(() => []);
  }
  return ontologyTerms;
}

const declaredPrefixes = (text) => new Set([...text.matchAll(/^\s*PREFIX\s+([\w-]*):/gim)].map((m) => m[1]));

/** Completes `PREFIX p` declarations and `p:term` names; declares a missing prefix on the fly. */
async function completeSparql(context) {
  const decl = context.matchBefore(/PREFIX\s+[\w-]*:?/i);
  if (decl) {
    const start = decl.from + decl.text.search(/\s[\w-]*:?$/) + 1;
    return {
      from: start,
      options: Object.entries(PREFIXES).map(([p, ns]) => ({ label: `${p}:`, detail: ns, apply: `${p}: <${ns}>`, type: "namespace" })),
      validFor: /^[\w-]*:?$/,
    };
  }
  const name = context.matchBefore(/[A-Za-z][\w-]*:[\w-]*/);
  if (name) {
    const prefix = name.text.slice(0, name.text.indexOf(":"));
    const ns = PREFIXES[prefix];
    if (!ns) return null;
    const terms = prefix === "unkg"
      ? (await unkgTerms()).map((t) => ({ name: t.name, info: t.comment || t.label }))
      : (COMMON_TERMS[prefix] || []).map((n) => ({ name: n }));
    const from = name.from + prefix.length + 1;
    return {
      from,
      options: terms.map((t) => ({
        label: t.name, info: t.info, type: /^[A-Z]/.test(t.name) ? "class" : "property",
        apply: withPrefixDeclared(prefix, ns, t.name),
      })),
      validFor: /^[\w-]*$/,
    };
  }
  const word = context.matchBefore(/[A-Za-z][\w-]*/);
  if (!word || (word.from === word.to && !context.explicit)) return null;
  if (/^(SELECT|WHERE|PREFIX|FILTER|OPTIONAL|GROUP|ORDER|LIMIT|DISTINCT|UNION|VALUES)$/i.test(word.text)) return null;
  return {
    from: word.from,
    options: Object.entries(PREFIXES).map(([p, ns]) => ({ label: `${p}:`, detail: ns, type: "namespace", apply: withPrefixDeclared(p, ns, "") })),
    validFor: /^[\w-]*$/,
  };
}

function withPrefixDeclared(prefix, ns, local) {
  return (view, completion, from, to) => {
    const text = view.state.doc.toString();
    const insert = local === "" ? `${prefix}:` : local;
    const changes = [{ from, to, insert }];
    let shift = 0;
    if (!declaredPrefixes(text).has(prefix)) {
      const line = `PREFIX ${prefix}: <${ns}>\n`;
      changes.push({ from: 0, insert: line });
      shift = line.length;
    }
    view.dispatch({ changes, selection: { anchor: from + insert.length + shift }, userEvent: "input.complete" });
  };
}

function normaliseQuery(q) {
  return { name: q.name, title: q.title || q.name, question: q.question || q.title || q.name, params: q.params || [], text: q.text || "" };
}

export async function initQuery(params) {
  const host = document.getElementById("query-editor-host");
  const form = document.getElementById("query-form");
  const status = document.getElementById("query-status");
  const errorBox = document.getElementById("query-error");
  const resultsBox = document.getElementById("query-results");
  const csvButton = document.getElementById("download-csv");
  const jsonButton = document.getElementById("download-json");
  const paramSet = document.getElementById("param-fieldset");
  const paramFields = document.getElementById("param-fields");
  let examples = [];
  let current = null;      // the example loaded, when one is
  let lastResult = null;

  const view = new EditorView({
    parent: host,
    state: EditorState.create({
      doc: DEFAULT_QUERY,
      extensions: [
        Prec.highest(keymap.of([{ key: "Mod-Enter", run: () => { run(); return true; } }])),
        basicSetup,
        StreamLanguage.define(sparqlMode),
        EditorState.languageData.of(() => [{ autocomplete: completeSparql }]),
        EditorView.lineWrapping,
        EditorView.contentAttributes.of({ "aria-labelledby": "editor-label", "aria-describedby": "editor-hint" }),
      ],
    }),
  });
  const getText = () => view.state.doc.toString();
  const setText = (text) => view.dispatch({ changes: { from: 0, to: view.state.doc.length, insert: text } });

  function showParams(example, values = {}) {
    paramFields.replaceChildren();
    paramSet.hidden = !example || example.params.length === 0;
    if (paramSet.hidden) return;
    for (const p of example.params) {
      const id = `param-${p.name}`;
      paramFields.append(h("div", { class: "param" },
        h("label", { for: id }, p.name, p.type ? h("span", { class: "hint" }, ` (${p.type})`) : null),
        h("input", { id, name: p.name, type: p.type === "date" ? "date" : "text", value: values[p.name] ?? p.default ?? "",
          "aria-describedby": p.description ? `${id}-hint` : null }),
        p.description ? h("span", { class: "hint", id: `${id}-hint` }, p.description) : null));
    }
  }

  function paramValues() {
    const values = {};
    for (const input of paramFields.querySelectorAll("input")) if (input.value.trim()) values[input.name] = input.value.trim();
    return values;
  }

  /** Runs the editor text at /sparql, or a question of the library with its parameters
   *  at /queries/{name} (the service binds them as the question defines). */
  async function execute() {
    const text = getText();
    if (current && text.trim() === exampleText(current).trim()) {
      return namedQuery(current.name, paramSet.hidden ? {} : paramValues());
    }
    const result = await sparql(text);
    if (current && !paramSet.hidden && Object.keys(paramValues()).length) {
      result.note = "The query was edited, so the parameters of the question were not applied.";
    }
    return result;
  }

  function shareUrl() {
    const url = new URL("/", location.href);
    url.searchParams.set("view", "query");
    url.searchParams.set("query", getText());
    if (current) {
      url.searchParams.set("example", current.name);
      for (const [k, v] of Object.entries(paramValues())) url.searchParams.set(`param.${k}`, v);
    }
    return url;
  }

  /** What the editor shows for a question: its SPARQL, when the service publishes it. */
  const exampleText = (q) => q.text || `# ${q.question}\n# The named query "${q.name}" runs at /queries/${q.name}; edit this text to run your own query instead.\n`;

  function selectExample(example, { values = {}, keepText = false } = {}) {
    current = example;
    if (!keepText) setText(exampleText(example));
    showParams(example, values);
    for (const b of document.querySelectorAll("#example-list button")) b.setAttribute("aria-pressed", String(b.dataset.name === example.name));
  }

  function renderTable({ data, truncated }) {
    resultsBox.replaceChildren();
    if (typeof data.boolean === "boolean") {
      resultsBox.append(h("p", { class: "ask-result" }, data.boolean ? "Yes — the pattern matches." : "No — the pattern does not match."));
      return 1;
    }
    const vars = data.head?.vars || [];
    const rows = data.results?.bindings || [];
    const table = h("table", { class: "result-table", id: "result-table" },
      h("caption", { class: "visually-hidden" }, "Query results"),
      h("thead", {}, h("tr", {}, vars.map((v) => h("th", { scope: "col" }, v)))),
      h("tbody", {}, rows.slice(0, MAX_TABLE_ROWS).map((row) => h("tr", {}, vars.map((v) => h("td", {}, termNode(row[v])))))));
    resultsBox.append(h("div", { class: "table-wrap", tabindex: "0", role: "region", "aria-label": "Results table (scrolls)" }, table));
    if (rows.length > MAX_TABLE_ROWS) resultsBox.append(h("p", { class: "muted" }, `The table shows the first ${MAX_TABLE_ROWS} rows; the downloads hold all ${rows.length}.`));
    if (truncated) resultsBox.append(h("p", { class: "warning" }, "The service cut the result at its row limit: add a LIMIT or narrow the query."));
    return rows.length;
  }

  async function run() {
    history.replaceState(null, "", shareUrl());
    showError(errorBox, null);
    status.textContent = "Running…";
    form.setAttribute("aria-busy", "true");
    csvButton.disabled = jsonButton.disabled = true;
    const started = performance.now();
    try {
      lastResult = await execute();
      const n = renderTable(lastResult);
      const seconds = ((performance.now() - started) / 1000).toFixed(2);
      status.textContent = (typeof lastResult.data.boolean === "boolean" ? `Answered in ${seconds} s.` : `${n} row${n === 1 ? "" : "s"} in ${seconds} s.`)
        + (lastResult.note ? ` ${lastResult.note}` : "");
      csvButton.disabled = jsonButton.disabled = false;
    } catch (err) {
      lastResult = null;
      resultsBox.replaceChildren();
      status.textContent = err.code === "timeout" ? "The query timed out." : "The query failed.";
      showError(errorBox, err instanceof ApiError ? err : new ApiError(String(err.message || err)));
    } finally {
      form.removeAttribute("aria-busy");
    }
  }

  form.addEventListener("submit", (e) => { e.preventDefault(); run(); });
  document.getElementById("share-query").addEventListener("click", async () => {
    const url = shareUrl();
    history.replaceState(null, "", url);
    try {
      await navigator.clipboard.writeText(url.href);
      status.textContent = "The link to this query is copied; it is also in the address bar.";
    } catch {
      status.textContent = "The link to this query is in the address bar.";
    }
  });
  csvButton.addEventListener("click", () => {
    if (!lastResult) return;
    const { data } = lastResult;
    const cell = (s) => (/[",\r\n]/.test(s) ? `"${s.replace(/"/g, '""')}"` : s);
    const lines = typeof data.boolean === "boolean"
      ? ["boolean", String(data.boolean)]
      : [data.head.vars.map(cell).join(","), ...data.results.bindings.map((r) => data.head.vars.map((v) => cell(termText(r[v]))).join(","))];
    download(`${current?.name || "query"}.csv`, "text/csv", lines.join("\r\n") + "\r\n");
  });
  jsonButton.addEventListener("click", () => {
    if (lastResult) download(`${current?.name || "query"}.json`, "application/sparql-results+json", JSON.stringify(lastResult.data, null, 2));
  });

  // The query library: each named query is an example, listed by its research question.
  const list = document.getElementById("example-list");
  try {
    const body = await getJSON("/queries");
    examples = (body.queries || []).map(normaliseQuery);
    list.replaceChildren(...examples.map((q) => h("li", {},
      h("button", { type: "button", class: "example", dataset: { name: q.name }, "aria-pressed": "false", onclick: () => selectExample(q) },
        h("span", { class: "question" }, q.question),
        q.title && q.title !== q.question ? h("span", { class: "example-title" }, q.title) : null,
        h("code", { class: "example-name" }, q.name)))));
    if (examples.length === 0) list.replaceChildren(h("li", { class: "muted" }, "The query library is empty."));
  } catch (err) {
    list.replaceChildren(h("li", { class: "error-inline" }, `The query library could not be loaded: ${err.message}`));
  }

  async function onShow(p) {
    const example = examples.find((q) => q.name === p.get("example"));
    const values = {};
    for (const [k, v] of p.entries()) if (k.startsWith("param.")) values[k.slice(6)] = v;
    if (example) selectExample(example, { values, keepText: p.has("query") });
    if (p.has("query")) setText(p.get("query"));
    if (p.has("query") || example) await run();
  }
  await onShow(params);
  return { onShow };
}
