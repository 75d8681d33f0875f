// The explorer page: one of three views (query, graph, search), chosen by ?view= in the URL.
import { initQuery } from "./query.js";
import { initGraph } from "./graph.js";
import { initSearch } from "./search.js";

const VIEWS = { query: initQuery, graph: initGraph, search: initSearch };
const started = {};

function currentView(params) {
  const view = params.get("view");
  if (view in VIEWS) return view;
  if (params.has("iri")) return "graph";
  if (params.has("q")) return "search";
  return "query";
}

function show(view, params) {
  for (const panel of document.querySelectorAll("[data-panel]")) panel.hidden = panel.dataset.panel !== view;
  for (const link of document.querySelectorAll("nav.views a")) {
    if (link.dataset.view === view) link.setAttribute("aria-current", "page");
    else link.removeAttribute("aria-current");
  }
  document.body.dataset.view = view;
  if (!started[view]) started[view] = VIEWS[view](params);
  else started[view].then((api) => api && api.onShow && api.onShow(params));
}

/** Move to another view without reloading (links within the page keep history). */
export function navigate(url) {
  history.pushState(null, "", url);
  const params = new URL(url, location.href).searchParams;
  show(currentView(params), params);
}

document.addEventListener("click", (event) => {
  const a = event.target.closest("a[href]");
  if (!a || event.defaultPrevented || event.button !== 0 || event.metaKey || event.ctrlKey || event.shiftKey || a.target) return;
  const url = new URL(a.href, location.href);
  if (url.origin !== location.origin || url.pathname !== "/" || a.hasAttribute("download")) return;
  event.preventDefault();
  navigate(url.href);
});

window.addEventListener("popstate", () => {
  const params = new URLSearchParams(location.search);
  show(currentView(params), params);
});

const params = new URLSearchParams(location.search);
show(currentView(params), params);
