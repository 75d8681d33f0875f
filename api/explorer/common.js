// Shared pieces of the explorer: settings from the page, calls to the public API, links.

const meta = (name, fallback) => document.querySelector(`meta[name="${name}"]`)?.content || fallback;

export const BASE_IRI = meta("unkg-base-iri", "https://w3id.org/unkg/");
export const LANGUAGES = meta("unkg-languages", "en fr es ar ru zh").split(/\s+/).filter(Boolean);
export const LANGUAGE_NAMES = {
  ar: "العربية (ar)", en: "English (en)", es: "Español (es)", fr: "Français (fr)",
  ru: "Русский (ru)", zh: "中文 (zh)",
};
export const ONTOLOGY = BASE_IRI + "ontology#";

export const PREFIXES = {
  unkg: ONTOLOGY,
  rdf: "http://www.w3.org/1999/02/22-rdf-syntax-ns#",
  rdfs: "http://www.w3.org/2000/01/rdf-schema#",
  xsd: "http://www.w3.org/2001/XMLSchema#",
  owl: "http://www.w3.org/2002/07/owl#",
  skos: "http://www.w3.org/2004/02/skos/core#",
  dcterms: "http://purl.org/dc/terms/",
  foaf: "http://xmlns.com/foaf/0.1/",
  prov: "http://www.w3.org/ns/prov#",
  oa: "http://www.w3.org/ns/oa#",
  org: "http://www.w3.org/ns/org#",
  schema: "http://schema.org/",
  eli: "http://data.europa.eu/eli/ontology#",
  undo: "https://w3id.org/un/ontology/undo/",
  time: "http://www.w3.org/2006/time#",
};

/** An error the API answered with its one error body, or a failure to reach it. */
export class ApiError extends Error {
  constructor(message, { code = "error", status = 0 } = {}) {
    super(message);
    this.code = code;
    this.status = status;
  }
}

async function errorFrom(response) {
  let body = null;
  try { body = await response.json(); } catch { /* not JSON */ }
  const err = body && body.error;
  if (err && err.message) return new ApiError(err.message, { code: err.code || "error", status: err.status || response.status });
  if (body && typeof body.detail === "string") return new ApiError(body.detail, { status: response.status });
  return new ApiError(`the server answered ${response.status} ${response.statusText}`, { status: response.status });
}

async function request(url, options = {}) {
  let response;
  try {
    response = await fetch(url, options);
  } catch (e) {
    throw new ApiError(`cannot reach the unkg service (${e.message}); is \`unkg serve\` running?`, { code: "network" });
  }
  if (!response.ok) throw await errorFrom(response);
  return response;
}

export async function getJSON(url) {
  return (await request(url, { headers: { Accept: "application/json" } })).json();
}

const RESULTS_JSON = "application/sparql-results+json, application/json;q=0.9";

async function results(response) {
  const type = response.headers.get("Content-Type") || "";
  if (!type.includes("json")) {
    throw new ApiError(`this page shows SELECT and ASK results; the server answered ${type.split(";")[0] || "something else"} (use /sparql directly for CONSTRUCT and DESCRIBE)`, { code: "unsupported" });
  }
  return { data: await response.json(), truncated: response.headers.get("X-Unkg-Truncated") === "true" };
}

/** Runs a query through the SPARQL 1.1 Protocol; returns the SPARQL JSON results. */
export async function sparql(query) {
  return results(await request("/sparql", {
    method: "POST",
    headers: { "Content-Type": "application/x-www-form-urlencoded;charset=UTF-8", Accept: RESULTS_JSON },
    body: new URLSearchParams({ query }),
  }));
}

/** Runs a named query of the library with its parameters (bound by the service). */
export async function namedQuery(name, values = {}) {
  return results(await request(`/queries/${encodeURIComponent(name)}?${new URLSearchParams(values)}`, { headers: { Accept: RESULTS_JSON } }));
}

/** A human sentence for an API error, with what to do. */
export function describeError(err) {
  if (err.code === "timeout") return `The query ran out of time and was stopped: ${err.message} Narrow it down (a LIMIT, a more specific pattern) and run it again.`;
  if (err.code === "network") return err.message;
  return err.message;
}

/** A SPARQL string literal (JSON's escapes are valid SPARQL escapes). */
export const literal = (text) => JSON.stringify(String(text));
export const iriRef = (iri) => `<${String(iri).replace(/[<>"{}|^`\\\s]/g, encodeURIComponent)}>`;

/** The page of an IRI minted here: served by this service at the same path. */
export function pageOf(iri) {
  if (iri.startsWith(BASE_IRI)) return "/" + iri.slice(BASE_IRI.length);
  return iri;
}
export const isLocal = (iri) => iri.startsWith(BASE_IRI);
export const graphLink = (iri) => `/?view=graph&iri=${encodeURIComponent(iri)}`;

/** A short readable name for an IRI: a prefixed name, or the path under the base. */
export function shortName(iri) {
  for (const [prefix, ns] of Object.entries(PREFIXES)) {
    if (iri.startsWith(ns) && /^[\w.-]*$/.test(iri.slice(ns.length))) return `${prefix}:${iri.slice(ns.length)}`;
  }
  if (iri.startsWith(BASE_IRI + "id/")) return iri.slice(BASE_IRI.length + 3);
  if (iri.startsWith(BASE_IRI)) return iri.slice(BASE_IRI.length);
  return iri;
}

/** The local name of a class or property IRI (or a CURIE, or a plain name). */
export function localName(value) {
  if (!value) return "";
  const s = String(value);
  const cut = Math.max(s.lastIndexOf("#"), s.lastIndexOf("/"), s.lastIndexOf(":"));
  return cut >= 0 ? s.slice(cut + 1) : s;
}

/** Element builder: h("a", {href}, "text", child…). */
export function h(tag, attrs = {}, ...children) {
  const el = document.createElement(tag);
  for (const [k, v] of Object.entries(attrs || {})) {
    if (v === null || v === undefined || v === false) continue;
    if (k === "class") el.className = v;
    else if (k.startsWith("on") && typeof v === "function") el.addEventListener(k.slice(2), v);
    else if (k === "dataset") Object.assign(el.dataset, v);
    else el.setAttribute(k, v === true ? "" : v);
  }
  for (const c of children.flat()) {
    if (c === null || c === undefined || c === false) continue;
    el.append(c instanceof Node ? c : document.createTextNode(String(c)));
  }
  return el;
}

/** An RDF term of a SPARQL JSON result as a cell: IRIs link to their page and the graph. */
export function termNode(term) {
  if (!term) return h("span", { class: "muted" }, "");
  if (term.type === "uri") {
    const link = h("a", { href: pageOf(term.value), title: term.value }, shortName(term.value));
    if (!isLocal(term.value)) return link;
    return h("span", { class: "iri" }, link, " ",
      h("a", { href: graphLink(term.value), class: "graph-link", title: `Show ${shortName(term.value)} in the graph view` },
        h("span", { "aria-hidden": "true" }, "⊛"), h("span", { class: "visually-hidden" }, "graph")));
  }
  if (term.type === "bnode") return h("span", { class: "bnode" }, `_:${term.value}`);
  const lang = term["xml:lang"];
  return h("span", { class: term.value.length <= 24 ? "literal short" : "literal", lang: lang || null }, term.value,
    lang ? h("sub", { class: "lang", lang: "en" }, `@${lang}`) : null);
}

/** Plain cell text for CSV (SPARQL 1.1 CSV results: IRIs and values without markup). */
export const termText = (term) => (term ? term.value : "");

export function download(filename, type, text) {
  const url = URL.createObjectURL(new Blob([text], { type }));
  const a = h("a", { href: url, download: filename });
  document.body.append(a);
  a.click();
  a.remove();
  setTimeout(() => URL.revokeObjectURL(url), 1000);
}

export function showError(box, err) {
  if (!err) { box.hidden = true; box.textContent = ""; return; }
  box.hidden = false;
  box.replaceChildren(
    h("strong", {}, err.code === "timeout" ? "Timeout. " : "Error. "),
    describeError(err),
  );
  box.dataset.code = err.code || "error";
}
