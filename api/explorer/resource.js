// Enhances the HTML page of a resource (/id/…): highlights the extracted spans of its
// source text, links each span to what was extracted, and adds links to the language
// versions, to the official texts on undocs.org and to the explorer's graph view.
// A plain script (no modules, no libraries): the page stays readable without it.
(function () {
  "use strict";

  var UNDOCS_LANGUAGES = [
    ["ar", "العربية"], ["zh", "中文"], ["en", "English"], ["fr", "Français"], ["ru", "Русский"], ["es", "Español"],
  ];

  function baseIri() {
    var meta = document.querySelector('meta[name="unkg-base-iri"]');
    return meta ? meta.content : "https://w3id.org/unkg/";
  }

  function resourceIri() {
    var el = document.querySelector("article[data-iri]") || document.querySelector("[data-iri]");
    if (el) return el.getAttribute("data-iri");
    var canonical = document.querySelector('link[rel="canonical"]');
    return canonical ? canonical.href : null;
  }

  function localPath(iri) {
    var base = baseIri();
    return iri.indexOf(base) === 0 ? "/" + iri.slice(base.length) : iri;
  }

  function shortName(iri) {
    var base = baseIri();
    return iri.indexOf(base) === 0 ? iri.slice(base.length) : iri;
  }

  function el(tag, attrs, children) {
    var node = document.createElement(tag);
    Object.keys(attrs || {}).forEach(function (k) { node.setAttribute(k, attrs[k]); });
    (children || []).forEach(function (c) { node.append(c instanceof Node ? c : document.createTextNode(String(c))); });
    return node;
  }

  /** The official text of a symbol on undocs.org, e.g. https://undocs.org/fr/CTOC/COP/WG.2/2016/4 */
  function undocsUrl(lang, symbol) {
    return "https://undocs.org/" + lang + "/" + symbol.split("/").map(encodeURIComponent).join("/");
  }

  function highlightSpans(article) {
    var marks = article.querySelectorAll("mark[data-start]");
    if (marks.length === 0) return;
    Array.prototype.forEach.call(marks, function (mark) {
      mark.classList.add("unkg-span");
      var target = mark.getAttribute("data-iri");
      var where = "characters " + mark.getAttribute("data-start") + "–" + mark.getAttribute("data-end");
      mark.title = target ? "Extracted as " + shortName(target) + " (" + where + ")" : "Extracted span (" + where + ")";
      if (!target) return;
      mark.tabIndex = 0;
      mark.setAttribute("role", "link");
      mark.setAttribute("aria-label", mark.textContent + ": extracted as " + shortName(target));
      var go = function () { window.location.href = localPath(target); };
      mark.addEventListener("click", go);
      mark.addEventListener("keydown", function (ev) { if (ev.key === "Enter") go(); });
    });
    var section = article.querySelector(".sources") || marks[0].closest("blockquote") || article;
    var id = "unkg-toggle-spans";
    var box = el("input", { type: "checkbox", id: id, checked: "" });
    box.addEventListener("change", function () { article.classList.toggle("unkg-spans-off", !box.checked); });
    var control = el("p", { class: "unkg-span-control" }, [
      box, " ", el("label", { for: id }, ["Highlight the " + marks.length + " extracted span" + (marks.length === 1 ? "" : "s")]),
    ]);
    var heading = section.querySelector("h2");
    if (heading) heading.after(control); else section.prepend(control);
  }

  /** When the source text is there in several languages, let the reader pick one. */
  function languageSwitch(article) {
    var quotes = article.querySelectorAll("blockquote.source[lang]");
    var langs = [];
    Array.prototype.forEach.call(quotes, function (q) { if (q.lang && langs.indexOf(q.lang) < 0) langs.push(q.lang); });
    if (langs.length < 2) return;
    var select = el("select", { id: "unkg-source-lang" }, [el("option", { value: "" }, ["all languages"])]
      .concat(langs.map(function (l) { return el("option", { value: l }, [l]); })));
    select.addEventListener("change", function () {
      Array.prototype.forEach.call(quotes, function (q) { q.hidden = select.value !== "" && q.lang !== select.value; });
    });
    var control = el("p", { class: "unkg-lang-control" }, [el("label", { for: "unkg-source-lang" }, ["Source text in "]), select]);
    var section = quotes[0].closest(".sources") || quotes[0].parentNode;
    var heading = section.querySelector("h2");
    if (heading) heading.after(control); else section.prepend(control);
  }

  function sparql(query) {
    return fetch("/sparql", {
      method: "POST",
      headers: { "Content-Type": "application/x-www-form-urlencoded;charset=UTF-8", Accept: "application/sparql-results+json" },
      body: new URLSearchParams({ query: query }),
    }).then(function (r) {
      if (!r.ok) throw new Error("the SPARQL endpoint answered " + r.status);
      return r.json();
    });
  }

  function versionLinks(article, iri) {
    var unkg = baseIri() + "ontology#";
    var query = "PREFIX unkg: <" + unkg + ">\n" +
      "SELECT DISTINCT ?doc ?symbol ?expr ?lang WHERE {\n" +
      "  { BIND(<" + iri + "> AS ?doc) } UNION { <" + iri + "> unkg:inDocument ?doc } UNION { <" + iri + "> unkg:realizes ?doc }\n" +
      "  OPTIONAL { ?doc unkg:symbol ?symbol }\n" +
      "  OPTIONAL { ?doc unkg:expression ?expr . OPTIONAL { ?expr unkg:language ?lang } }\n" +
      "  FILTER(BOUND(?symbol) || BOUND(?expr))\n" +
      "} LIMIT 50";
    var nav = el("nav", { class: "unkg-versions", "aria-label": "Language versions and official texts" }, [
      el("p", {}, [el("a", { href: "/?view=graph&iri=" + encodeURIComponent(iri) }, ["Show in the graph view"])]),
    ]);
    var title = article.querySelector("h1");
    if (title) title.after(nav); else article.prepend(nav);
    if (!/^https?:\/\/[^<>"{}|^`\\\s]+$/.test(iri)) return;
    sparql(query).then(function (data) {
      var rows = data.results.bindings;
      var symbols = [], versions = {};
      rows.forEach(function (b) {
        if (b.symbol && symbols.indexOf(b.symbol.value) < 0) symbols.push(b.symbol.value);
        if (b.expr) versions[b.expr.value] = b.lang ? b.lang.value : "?";
      });
      var exprs = Object.keys(versions).sort(function (a, b) { return versions[a].localeCompare(versions[b]); });
      if (exprs.length) {
        var p = el("p", { class: "unkg-here" }, ["Language versions in this graph: "]);
        exprs.forEach(function (e, i) {
          if (i) p.append(", ");
          p.append(el("a", { href: localPath(e), hreflang: versions[e], lang: "en" }, [versions[e]]));
        });
        nav.append(p);
      }
      symbols.forEach(function (symbol) {
        var p = el("p", { class: "unkg-undocs" }, ["Official text of ", el("span", { class: "symbol" }, [symbol]), " on undocs.org: "]);
        UNDOCS_LANGUAGES.forEach(function (pair, i) {
          if (i) p.append(" · ");
          p.append(el("a", { href: undocsUrl(pair[0], symbol), hreflang: pair[0], lang: pair[0] }, [pair[1]]));
        });
        nav.append(p);
      });
    }).catch(function (err) {
      nav.append(el("p", { class: "unkg-note" }, ["(Language versions could not be looked up: " + err.message + ".)"]));
    });
  }

  function enhance() {
    var article = document.querySelector("article.resource") || document.querySelector("article[data-iri]");
    if (!article) return;
    var iri = resourceIri();
    document.body.classList.add("unkg-resource-page");
    highlightSpans(article);
    languageSwitch(article);
    if (iri) versionLinks(article, iri);
  }

  if (document.readyState === "loading") document.addEventListener("DOMContentLoaded", enhance);
  else enhance();
})();
