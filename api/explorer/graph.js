// The graph view: start from a resource, expand neighbours on click, colour by type,
// filter by relation, a timeline over dates, labels in the chosen UN language.
import cytoscape from "cytoscape";
import {
  ApiError, LANGUAGES, LANGUAGE_NAMES, ONTOLOGY, getJSON, h, iriRef, localName, pageOf, shortName, showError, sparql,
} from "./common.js";
import { findResources } from "./search.js";

const NEIGHBOUR_LIMIT = 60;

// Okabe–Ito colours (distinguishable with colour-blindness) plus a shape per type, so
// that type never rests on colour alone.
const TYPE_STYLE = {
  Resolution: ["#0072B2", "round-rectangle"],
  Decision: ["#56B4E9", "round-rectangle"],
  Report: ["#009E73", "rectangle"],
  Document: ["#009E73", "rectangle"],
  Recommendation: ["#E69F00", "ellipse"],
  Paragraph: ["#F0E442", "ellipse"],
  Article: ["#CC79A7", "diamond"],
  Convention: ["#CC79A7", "octagon"],
  Protocol: ["#CC79A7", "octagon"],
  State: ["#D55E00", "hexagon"],
  Person: ["#8B4513", "triangle"],
  Meeting: ["#7F7F7F", "vee"],
  Session: ["#7F7F7F", "vee"],
  Body: ["#444444", "barrel"],
  WorkingGroup: ["#444444", "barrel"],
  Organization: ["#444444", "barrel"],
  Place: ["#7F7F7F", "round-pentagon"],
  Sitting: ["#7F7F7F", "vee"],
  AgendaItem: ["#7F7F7F", "pentagon"],
  Section: ["#F0E442", "round-triangle"],
  Footnote: ["#F0E442", "bottom-round-rectangle"],
  Expression: ["#009E73", "cut-rectangle"],
  Participation: ["#B5B5B5", "tag"],
  Endorsement: ["#B5B5B5", "round-tag"],
  Citation: ["#B5B5B5", "rhomboid"],
  Mention: ["#B5B5B5", "round-diamond"],
  Concept: ["#9467BD", "star"],
  Modality: ["#9467BD", "star"],
  AddresseeCategory: ["#9467BD", "star"],
};
const OTHER_STYLE = ["#999999", "ellipse"];
const styleOf = (type) => TYPE_STYLE[type] || OTHER_STYLE;

/** Elements of the neighbourhood answer, whatever Cytoscape JSON wrapping it uses. */
function elementsOf(body) {
  const els = body.elements ?? body;
  if (Array.isArray(els)) return { nodes: els.filter((e) => !("source" in (e.data || {}))), edges: els.filter((e) => "source" in (e.data || {})) };
  return { nodes: els.nodes || [], edges: els.edges || [] };
}

/** The label of a node; where the service fell back to the last segment of the IRI, a
 *  more telling one for numbered things ("Resolution 8/4", "Paragraph 11"). */
function labelOf(d, type) {
  const last = d.id.slice(d.id.lastIndexOf("/") + 1);
  if (d.label && d.label !== last) return d.label;
  const number = d.id.match(/\/(\d+)\/(\d+)$/);
  if (["Resolution", "Decision"].includes(type) && number) return `${type} ${number[1]}/${number[2]}`;
  if (/^\d+$/.test(last) && ["Recommendation", "Paragraph", "Meeting", "Session", "Sitting", "Footnote"].includes(type)) return `${type} ${last}`;
  return d.label || shortName(d.id);
}

function typeOf(data) {
  const t = Array.isArray(data.type) ? data.type[0] : data.type || data.types?.[0] || data.class;
  return localName(t) || "Thing";
}

export async function initGraph(params) {
  const form = document.getElementById("graph-form");
  const input = document.getElementById("graph-start");
  const langSelect = document.getElementById("graph-lang");
  const status = document.getElementById("graph-status");
  const errorBox = document.getElementById("graph-error");
  const selectedBox = document.getElementById("graph-selected");
  const legend = document.getElementById("graph-legend");
  const relationsBox = document.getElementById("graph-relations");
  const nodeList = document.getElementById("graph-nodes");
  const countBox = document.getElementById("graph-count");
  const slider = document.getElementById("graph-timeline");
  const sliderValue = document.getElementById("graph-timeline-value");

  langSelect.replaceChildren(...LANGUAGES.map((l) => h("option", { value: l }, LANGUAGE_NAMES[l] || l)));
  const expanded = new Set();
  const hiddenRelations = new Set();
  let dates = [];
  let selectedId = null;

  const cy = cytoscape({
    container: document.getElementById("cy"),
    minZoom: 0.1,
    maxZoom: 4,
    style: [
      { selector: "node", style: {
        "background-color": "data(color)", shape: "data(shape)", label: "data(label)",
        "font-size": 10, "text-valign": "bottom", "text-margin-y": 3, "text-wrap": "ellipsis", "text-max-width": 140,
        color: "#1a1a1a", "text-background-color": "#ffffff", "text-background-opacity": 0.8, "text-background-padding": 1,
        width: 22, height: 22, "border-width": 1, "border-color": "#333333" } },
      { selector: "node.expanded", style: { "border-width": 3, width: 28, height: 28 } },
      { selector: "node.root", style: { "border-color": "#000000", "border-width": 4 } },
      { selector: "node:selected", style: { "overlay-color": "#0050a0", "overlay-opacity": 0.25, "overlay-padding": 6 } },
      { selector: "edge", style: {
        width: 1.2, "line-color": "#8a8a8a", "target-arrow-color": "#8a8a8a", "target-arrow-shape": "triangle",
        "curve-style": "bezier", "arrow-scale": 0.8 } },
      { selector: "edge.near", style: {
        label: "data(relation)", "font-size": 8, color: "#333333", "text-rotation": "autorotate",
        "text-background-color": "#ffffff", "text-background-opacity": 0.9, width: 2, "line-color": "#0050a0", "target-arrow-color": "#0050a0" } },
      { selector: ".filtered", style: { display: "none" } },
    ],
  });

  // the page exposes the graph to scripts (and to the browser tests)
  window.unkgGraph = cy;
  const setBusy = (busy) => form.setAttribute("aria-busy", String(busy));

  async function neighbourhood(iri, lang) {
    const q = new URLSearchParams({ iri, depth: "1", limit: String(NEIGHBOUR_LIMIT), lang });
    return elementsOf(await getJSON(`/graph/neighbourhood?${q}`));
  }

  function addElements({ nodes, edges }) {
    const added = [];
    for (const n of nodes) {
      const d = n.data || {};
      if (!d.id) continue;
      const type = typeOf(d);
      const [color, shape] = styleOf(type);
      const existing = cy.getElementById(d.id);
      if (existing.nonempty()) {
        if (d.label) existing.data("label", labelOf(d, type));
        continue;
      }
      added.push(cy.add({ group: "nodes", data: { ...d, type, label: labelOf(d, type), color, shape, date: d.date || null } }));
    }
    for (const e of edges) {
      const d = e.data || {};
      if (!d.source || !d.target || cy.getElementById(d.source).empty() || cy.getElementById(d.target).empty()) continue;
      const predicate = d.predicate || d.label || "related";
      const id = d.id || `${d.source} ${predicate} ${d.target}`;
      if (cy.getElementById(id).nonempty()) continue;
      cy.add({ group: "edges", data: { ...d, id, predicate, relation: d.label && !/^https?:/.test(d.label) ? d.label : localName(predicate) } });
    }
    return added;
  }

  /** Dates of the new nodes, when the neighbourhood answer did not carry them. */
  async function fetchDates(nodes) {
    const undated = nodes.filter((n) => !n.data("date") && /^https?:\/\//.test(n.id()));
    if (undated.length === 0) return;
    const query = `PREFIX unkg: <${ONTOLOGY}>
SELECT ?s (MIN(STR(?d)) AS ?date) WHERE {
  VALUES ?s { ${undated.map((n) => iriRef(n.id())).join(" ")} }
  ?s unkg:adoptedOn|unkg:startDate|unkg:date|unkg:distributionDate ?d .
} GROUP BY ?s`;
    try {
      const { data } = await sparql(query);
      for (const b of data.results.bindings) if (b.date) cy.getElementById(b.s.value).data("date", b.date.value.slice(0, 10));
    } catch { /* the timeline just has fewer dates */ }
  }

  async function expand(iri, { root = false } = {}) {
    showError(errorBox, null);
    setBusy(true);
    status.textContent = `Loading the neighbours of ${shortName(iri)}…`;
    try {
      const els = await neighbourhood(iri, langSelect.value);
      if (els.nodes.length === 0 && cy.getElementById(iri).empty()) {
        throw new ApiError(`nothing in the graph is linked to ${iri}`, { code: "not_found" });
      }
      const added = addElements(els);
      const node = cy.getElementById(iri);
      node.addClass("expanded");
      if (root) node.addClass("root");
      expanded.add(iri);
      await fetchDates(added);
      refreshControls();
      if (root || cy.nodes().length === added.length + 1) runLayout();
      else placeAround(node, added);
      status.textContent = `${node.data("label") || shortName(iri)}: ${added.length} new neighbour${added.length === 1 ? "" : "s"} (${cy.nodes().length} nodes, ${cy.edges().length} links).`;
      select(iri);
    } catch (err) {
      status.textContent = "";
      showError(errorBox, err instanceof ApiError ? err : new ApiError(String(err.message || err)));
    } finally {
      setBusy(false);
    }
  }

  /** New neighbours on an arc around the node they came from, facing away from the start;
   *  the rest of the drawing stays where the reader left it. */
  function placeAround(node, added) {
    if (added.length === 0) return;
    const c = node.position();
    const root = cy.nodes(".root").first();
    const away = root.nonempty() && root.id() !== node.id()
      ? Math.atan2(c.y - root.position().y, c.x - root.position().x) : -Math.PI / 2;
    const arc = Math.min(2 * Math.PI, Math.PI / 2 + added.length * 0.25);
    const radius = 100 + 8 * added.length;
    added.forEach((n, i) => {
      const a = away - arc / 2 + (added.length === 1 ? arc / 2 : (arc * i) / (added.length - 1));
      n.position({ x: c.x + radius * Math.cos(a), y: c.y + radius * Math.sin(a) });
    });
    cy.animate({ fit: { eles: cy.elements(), padding: 30 } }, { duration: 250 });
  }

  /** Rings around the starting resource: its neighbours, then theirs, and so on. */
  function runLayout() {
    const root = cy.nodes(".root").first();
    const level = new Map();
    if (root.nonempty()) {
      cy.elements().bfs({ roots: root, directed: false, visit: (v, e, u, i, depth) => { level.set(v.id(), depth); } });
    }
    const deepest = Math.max(0, ...level.values()) + 1;
    cy.layout({
      name: "concentric", animate: false, fit: true, padding: 30, minNodeSpacing: 18, avoidOverlap: true,
      startAngle: -Math.PI / 2, nodeDimensionsIncludeLabels: false,
      concentric: (n) => deepest - (level.has(n.id()) ? level.get(n.id()) : deepest),
      levelWidth: () => 1,
    }).run();
  }

  function select(id) {
    selectedId = id;
    cy.elements().unselect();
    cy.edges().removeClass("near");
    const node = cy.getElementById(id);
    if (node.empty()) return;
    node.select();
    node.connectedEdges().addClass("near");
    const d = node.data();
    selectedBox.replaceChildren(
      h("p", { class: "selected-label" }, h("strong", {}, d.label)),
      h("dl", { class: "facts" },
        h("dt", {}, "Type"), h("dd", {}, d.type),
        d.date ? [h("dt", {}, "Date"), h("dd", {}, d.date)] : null,
        h("dt", {}, "IRI"), h("dd", {}, h("code", { class: "iri-text" }, d.id))),
      h("div", { class: "selected-actions" },
        h("button", { type: "button", class: "primary", disabled: expanded.has(id) ? true : null, onclick: () => expand(id) },
          expanded.has(id) ? "Neighbours shown" : "Expand neighbours"),
        h("a", { href: pageOf(id), class: "button-link" }, "Open its page"),
        h("a", { href: `/?view=query&query=${encodeURIComponent(`SELECT ?property ?value WHERE {\n  ${iriRef(id)} ?property ?value .\n}\nLIMIT 200`)}`, class: "button-link" }, "Query it")));
    for (const li of nodeList.children) li.classList.toggle("current", li.dataset.id === id);
  }

  function refreshControls() {
    // legend: the types present
    const types = [...new Set(cy.nodes().map((n) => n.data("type")))].sort();
    legend.replaceChildren(...types.map((t) => {
      const [color] = styleOf(t);
      return h("li", {}, h("span", { class: "swatch", style: `background:${color}`, "aria-hidden": "true" }), t,
        h("span", { class: "muted" }, ` ${cy.nodes().filter((n) => n.data("type") === t).length}`));
    }));
    // relation filter: the predicates present
    const relations = new Map();
    cy.edges().forEach((e) => relations.set(e.data("predicate"), e.data("relation")));
    const sorted = [...relations.entries()].sort((a, b) => a[1].localeCompare(b[1]));
    relationsBox.replaceChildren(h("legend", {}, "Relations shown"),
      ...(sorted.length ? sorted.map(([predicate, name], i) => h("div", { class: "check" },
        h("input", { type: "checkbox", id: `rel-${i}`, checked: !hiddenRelations.has(predicate), dataset: { predicate },
          onchange: (ev) => { if (ev.target.checked) hiddenRelations.delete(predicate); else hiddenRelations.add(predicate); applyFilters(); } }),
        h("label", { for: `rel-${i}`, title: predicate }, name,
          h("span", { class: "muted" }, ` ${cy.edges().filter((e) => e.data("predicate") === predicate).length}`))))
        : [h("p", { class: "muted" }, "None yet.")]));
    // timeline: the distinct dates present
    const atEnd = Number(slider.value) >= Number(slider.max);
    dates = [...new Set(cy.nodes().map((n) => n.data("date")).filter(Boolean))].sort();
    slider.disabled = dates.length < 2;
    slider.max = String(Math.max(dates.length - 1, 0));
    if (atEnd || Number(slider.value) > Number(slider.max)) slider.value = slider.max;
    applyFilters();
  }

  function applyFilters() {
    const cutoff = dates.length >= 2 ? dates[Number(slider.value)] : null;
    sliderValue.textContent = dates.length === 0 ? "no dated node yet" : dates.length === 1 ? `only ${dates[0]}` : `up to ${cutoff}`;
    slider.setAttribute("aria-valuetext", sliderValue.textContent);
    cy.batch(() => {
      cy.elements().removeClass("filtered");
      cy.nodes().forEach((n) => { if (cutoff && n.data("date") && n.data("date") > cutoff) n.addClass("filtered"); });
      cy.edges().forEach((e) => { if (hiddenRelations.has(e.data("predicate"))) e.addClass("filtered"); });
      // a node reached only through hidden relations goes too (the nodes you expanded stay)
      cy.nodes().forEach((n) => {
        if (expanded.has(n.id())) return;
        const edges = n.connectedEdges();
        if (edges.nonempty() && edges.every((e) => e.hasClass("filtered"))) n.addClass("filtered");
      });
    });
    renderNodeList();
  }

  function renderNodeList() {
    const nodes = cy.nodes().filter((n) => !n.hasClass("filtered")).sort((a, b) => a.data("label").localeCompare(b.data("label"), undefined, { numeric: true }));
    countBox.textContent = `(${nodes.length} shown of ${cy.nodes().length})`;
    nodeList.replaceChildren(...nodes.map((n) => {
      const id = n.id();
      return h("li", { dataset: { id }, class: id === selectedId ? "current" : null },
        h("span", { class: "swatch", style: `background:${n.data("color")}`, "aria-hidden": "true" }),
        h("button", { type: "button", class: "linklike", onclick: () => { select(id); cy.animate({ center: { eles: n } }, { duration: 200 }); } },
          n.data("label"), h("span", { class: "visually-hidden" }, `, ${n.data("type")}`)),
        expanded.has(id) ? null
          : h("button", { type: "button", class: "small", "aria-label": `Expand ${n.data("label")}`, onclick: () => expand(id) }, "Expand"));
    }));
  }

  async function relabel() {
    const lang = langSelect.value;
    const url = new URL(location.href);
    url.searchParams.set("lang", lang);
    history.replaceState(null, "", url);
    for (const iri of expanded) {
      try {
        const els = await neighbourhood(iri, lang);
        for (const n of els.nodes) {
          const node = n.data?.id ? cy.getElementById(n.data.id) : null;
          if (node && node.nonempty() && n.data.label) node.data("label", labelOf(n.data, node.data("type")));
        }
      } catch (err) { showError(errorBox, err); }
    }
    renderNodeList();
    if (selectedId) select(selectedId);
  }

  async function start(text) {
    const value = text.trim();
    if (!value) return;
    showError(errorBox, null);
    let iri = /^https?:\/\//.test(value) ? value : null;
    if (!iri) {
      status.textContent = `Looking up “${value}”…`;
      try {
        const found = await findResources(value, "all");
        if (found.length === 0) throw new ApiError(`nothing found for “${value}”: try a symbol (A/RES/80/9), a resolution number (8/4), a State or an IRI`, { code: "not_found" });
        iri = found[0].iri;
      } catch (err) {
        status.textContent = "";
        showError(errorBox, err);
        return;
      }
    }
    cy.elements().remove();
    expanded.clear();
    hiddenRelations.clear();
    slider.value = slider.max = "0";
    const url = new URL(location.href);
    url.searchParams.set("view", "graph");
    url.searchParams.set("iri", iri);
    url.searchParams.set("lang", langSelect.value);
    history.replaceState(null, "", url);
    input.value = value;
    await expand(iri, { root: true });
  }

  cy.on("tap", "node", (ev) => {
    const id = ev.target.id();
    select(id);
    if (!expanded.has(id)) expand(id);
  });
  form.addEventListener("submit", (e) => { e.preventDefault(); start(input.value); });
  langSelect.addEventListener("change", relabel);
  slider.addEventListener("input", applyFilters);
  document.getElementById("graph-fit").addEventListener("click", () => cy.fit(undefined, 30));
  document.getElementById("graph-clear").addEventListener("click", () => {
    cy.elements().remove(); expanded.clear(); selectedId = null;
    selectedBox.replaceChildren(h("p", { class: "muted" }, "Nothing selected."));
    refreshControls();
    status.textContent = "The graph is empty.";
  });

  async function onShow(p) {
    if (p.get("lang") && LANGUAGES.includes(p.get("lang"))) langSelect.value = p.get("lang");
    const iri = p.get("iri") || p.get("start");
    if (iri && !expanded.has(iri)) await start(iri);
    cy.resize();
  }
  await onShow(params);
  return { onShow };
}
