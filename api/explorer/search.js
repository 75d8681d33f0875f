// Search: a document by symbol, a resolution by number, a State, a person, or words in
// the text of recommendations — through /resolve and SPARQL, like any front end.
import { ApiError, BASE_IRI, ONTOLOGY, PREFIXES, graphLink, h, literal, pageOf, shortName, showError, sparql } from "./common.js";

const HEAD = `PREFIX unkg: <${ONTOLOGY}>
PREFIX skos: <${PREFIXES.skos}>
PREFIX rdfs: <${PREFIXES.rdfs}>
PREFIX foaf: <${PREFIXES.foaf}>
`;
const LIMIT = 50;

export const KINDS = {
  symbol: "Documents by symbol",
  resolution: "Resolutions and decisions by number",
  state: "States",
  person: "Persons",
  text: "Recommendations whose text has these words",
};

// Each search is one SELECT of ?s ?label ?detail, most exact matches first. `q` is the
// search text as a SPARQL string literal; `lq` the same in lower case.
const QUERIES = {
  symbol: (q, lq) => `${HEAD}SELECT ?s (SAMPLE(?sym) AS ?label) (SAMPLE(?t) AS ?detail) WHERE {
  ?s unkg:symbol ?sym .
  FILTER(CONTAINS(LCASE(STR(?sym)), ${lq}))
  OPTIONAL { ?s unkg:title ?t }
} GROUP BY ?s ORDER BY (LCASE(STR(?label)) != ${lq}) STRLEN(STR(?label)) LIMIT ${LIMIT}`,
  resolution: (q) => `${HEAD}SELECT ?s (SAMPLE(?n) AS ?number) (SAMPLE(?k) AS ?kind) (SAMPLE(?b) AS ?body) (SAMPLE(?t) AS ?detail) WHERE {
  VALUES ?k { unkg:Resolution unkg:Decision }
  ?s a ?k ; unkg:number ?n .
  FILTER(STR(?n) = ${q} || STRSTARTS(STR(?n), ${q}) || STRENDS(STR(?n), ${q}))
  OPTIONAL { ?s unkg:body ?b }
  OPTIONAL { ?s unkg:title ?t }
} GROUP BY ?s ORDER BY (STR(?number) != ${q}) ?s LIMIT ${LIMIT}`,
  state: (q, lq) => `${HEAD}SELECT ?s (SAMPLE(?en) AS ?label) (SAMPLE(?iso) AS ?detail) WHERE {
  ?s a unkg:State ; skos:prefLabel|skos:altLabel|rdfs:label ?l .
  FILTER(CONTAINS(LCASE(STR(?l)), ${lq}))
  OPTIONAL { ?s skos:prefLabel ?en FILTER(LANGMATCHES(LANG(?en), "en")) }
  OPTIONAL { ?s unkg:iso3 ?iso }
} GROUP BY ?s ORDER BY ?label LIMIT ${LIMIT}`,
  person: (q, lq) => `${HEAD}SELECT ?s (SAMPLE(?n) AS ?label) (SAMPLE(?stateName) AS ?detail) WHERE {
  ?s a unkg:Person ; unkg:name|foaf:name ?n .
  FILTER(CONTAINS(LCASE(STR(?n)), ${lq}))
  OPTIONAL { ?s unkg:representsState/skos:prefLabel ?stateName FILTER(LANGMATCHES(LANG(?stateName), "en")) }
} GROUP BY ?s ORDER BY ?label LIMIT ${LIMIT}`,
  text: (q, lq) => `${HEAD}SELECT ?s (SAMPLE(?num) AS ?number) (SAMPLE(?sym) AS ?symbol) (SAMPLE(?text) AS ?detail) WHERE {
  ?s a unkg:Recommendation ; unkg:derivedFrom ?para .
  ?para unkg:text ?text .
  FILTER(CONTAINS(LCASE(STR(?text)), ${lq}))
  OPTIONAL { ?s unkg:paragraphNumber ?num }
  OPTIONAL { ?s unkg:inDocument/unkg:symbol ?sym }
} GROUP BY ?s ORDER BY ?s LIMIT ${LIMIT}`,
};

function labelOf(kind, b) {
  const v = (k) => b[k]?.value;
  if (kind === "resolution") {
    const what = v("kind") ? shortName(v("kind")).replace("unkg:", "") : "Resolution";
    return `${what} ${v("number")}${v("body") ? ` (${shortName(v("body")).replace(/^(id\/)?body\//, "")})` : ""}`;
  }
  if (kind === "text") return `Recommendation ${v("number") || ""}${v("symbol") ? ` of ${v("symbol")}` : ""}`.trim();
  return v("label") || shortName(v("s"));
}

/** The document /resolve finds for a symbol: it redirects to the document's page, whose
 *  path under this server is the IRI's path under the base. */
async function resolveSymbol(q) {
  if (!/[A-Za-z].*\/|\/.*[A-Za-z]/.test(q)) return [];
  let response;
  try {
    response = await fetch(`/resolve?${new URLSearchParams({ symbol: q })}`, { headers: { Accept: "application/ld+json" } });
  } catch (e) {
    throw new ApiError(`cannot reach the unkg service (${e.message})`, { code: "network" });
  }
  const path = new URL(response.url).pathname;
  if (!response.ok || !path.startsWith("/id/")) return [];   // not a symbol, or not in the graph
  return [{ iri: BASE_IRI + path.slice(1), label: q, kind: "symbol", detail: "document with this symbol" }];
}

async function searchKind(kind, q) {
  const { data } = await sparql(QUERIES[kind](literal(q), literal(q.toLowerCase())));
  return data.results.bindings.map((b) => ({ iri: b.s.value, label: labelOf(kind, b), kind, detail: b.detail?.value || "" }));
}

/** Resources matching `q` for one kind, or for all kinds (best guesses first). */
export async function findResources(q, kind = "all") {
  const kinds = kind === "all" ? ["resolution", "symbol", "state", "person", "text"] : [kind];
  const lists = await Promise.all([
    kinds.includes("symbol") ? resolveSymbol(q) : [],
    ...kinds.map((k) => searchKind(k, q)),
  ]);
  const seen = new Set();
  const out = [];
  for (const item of lists.flat()) {
    if (seen.has(item.iri)) continue;
    seen.add(item.iri);
    out.push(item);
  }
  return out;
}

function snippet(text, q) {
  const i = text.toLowerCase().indexOf(q.toLowerCase());
  if (i < 0) return text.length > 220 ? text.slice(0, 220) + "…" : text;
  const from = Math.max(0, i - 90);
  const to = Math.min(text.length, i + q.length + 110);
  return [from > 0 ? "…" : "", text.slice(from, i), h("mark", {}, text.slice(i, i + q.length)), text.slice(i + q.length, to), to < text.length ? "…" : ""];
}

export async function initSearch(params) {
  const form = document.getElementById("search-form");
  const input = document.getElementById("search-q");
  const kindSelect = document.getElementById("search-kind");
  const status = document.getElementById("search-status");
  const errorBox = document.getElementById("search-error");
  const box = document.getElementById("search-results");

  async function run(q, kind) {
    showError(errorBox, null);
    box.replaceChildren();
    status.textContent = `Searching for “${q}”…`;
    const url = new URL(location.href);
    url.searchParams.set("view", "search");
    url.searchParams.set("q", q);
    url.searchParams.set("kind", kind);
    history.replaceState(null, "", url);
    try {
      const found = await findResources(q, kind);
      status.textContent = found.length ? `${found.length} result${found.length === 1 ? "" : "s"} for “${q}”.` : `Nothing found for “${q}”.`;
      for (const k of Object.keys(KINDS)) {
        const items = found.filter((f) => f.kind === k);
        if (items.length === 0) continue;
        box.append(h("section", { class: "result-group", "aria-labelledby": `found-${k}` },
          h("h2", { id: `found-${k}` }, KINDS[k], h("span", { class: "muted" }, ` (${items.length})`)),
          h("ul", { class: "found" }, items.map((it) => h("li", {},
            h("a", { href: pageOf(it.iri), class: "found-label" }, it.label),
            " ", h("a", { href: graphLink(it.iri), class: "graph-link", "aria-label": `Show ${it.label} in the graph view` }, "graph"),
            it.detail ? h("div", { class: "found-detail" }, k === "text" ? snippet(it.detail, q) : it.detail) : null,
            h("div", { class: "found-iri" }, h("code", {}, it.iri)))))));
      }
    } catch (err) {
      status.textContent = "";
      showError(errorBox, err);
    }
  }

  form.addEventListener("submit", (e) => { e.preventDefault(); if (input.value.trim()) run(input.value.trim(), kindSelect.value); });

  async function onShow(p) {
    if (p.get("kind") && (p.get("kind") in KINDS || p.get("kind") === "all")) kindSelect.value = p.get("kind");
    if (p.get("q")) { input.value = p.get("q"); await run(p.get("q"), kindSelect.value); }
    else input.focus();
  }
  await onShow(params);
  return { onShow };
}
