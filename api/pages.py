"""HTML pages of linked-data resources, graphs and the ontology (Jinja2, autoescaped).

Pages are readable without JavaScript; the explorer's resource.js and explorer.css
enhance them when the explorer is installed. Extracted spans in source paragraphs are
`<mark data-start=… data-end=…>` so a script can relate them to the graph.
"""
from __future__ import annotations

import json

from jinja2 import DictLoader, Environment, select_autoescape

_BASE = """<!doctype html>
<html lang="en">
<head>
<meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<title>{{ title }} · unkg</title>
{% if base %}<meta name="unkg-base-iri" content="{{ base }}">{% endif %}
{% if iri %}<link rel="canonical" href="{{ iri }}">{% endif %}
<link rel="stylesheet" href="/static/explorer/explorer.css">
{% for alt in alternates %}<link rel="alternate" type="{{ alt.type }}" href="{{ alt.href }}">
{% endfor %}
{% if jsonld %}<script type="application/ld+json">{{ jsonld | safe }}</script>{% endif %}
<script src="/static/explorer/resource.js" defer></script>
<style>
body{font-family:system-ui,sans-serif;max-width:60rem;margin:1rem auto;padding:0 1rem;line-height:1.45}
table{border-collapse:collapse;width:100%}td,th{border-bottom:1px solid #ddd;padding:.3rem;vertical-align:top;text-align:left}
th{width:14rem;font-weight:600}code{font-size:.9em;word-break:break-all}mark.own{background:#ffd54f}
.source{border-left:3px solid #999;padding-left:.8rem}nav a{margin-right:1rem}
</style>
</head>
<body>
<nav><a href="/">explorer</a><a href="/sparql">SPARQL</a><a href="/ontology">ontology</a><a href="/docs">API</a></nav>
{% block body %}{% endblock %}
</body>
</html>
"""

_RESOURCE = """{% extends "base.html" %}{% block body %}
<article class="resource" data-iri="{{ iri }}">
<h1>{{ label }}</h1>
<p><code>{{ iri }}</code></p>
{% if type_links %}<p class="types">{% for t in type_links %}<a href="{{ t.href }}">{{ t.label }}</a>{% if not loop.last %}, {% endif %}{% endfor %}</p>{% endif %}
<p class="formats">{% for alt in alternates %}<a href="{{ alt.href }}">{{ alt.name }}</a> {% endfor %}</p>
{% if sources %}<section class="sources"><h2>Source text</h2>
{% for s in sources %}<blockquote class="source" lang="{{ s.lang }}" data-paragraph="{{ s.paragraph }}"><p>{% for text, mark in s.segments() %}{% if mark %}<mark data-start="{{ mark.start }}" data-end="{{ mark.end }}"{% if mark.target %} data-iri="{{ mark.target }}"{% endif %}{% if mark.own %} class="own"{% endif %}>{{ text }}</mark>{% else %}{{ text }}{% endif %}{% endfor %}</p>
<footer><a href="{{ link(s.paragraph) }}">{{ s.paragraph }}</a> ({{ s.lang or "no language" }})</footer></blockquote>
{% endfor %}</section>{% endif %}
<section class="properties"><h2>Properties</h2>
<table>{% for row in rows %}<tr><th><a href="{{ row.phref }}" title="{{ row.p }}">{{ row.plabel }}</a></th><td>{% for v in row.vals %}<div>{% if v.href %}<a href="{{ v.href }}" title="{{ v.iri }}">{{ v.text }}</a>{% else %}<span{% if v.lang %} lang="{{ v.lang }}"{% endif %}>{{ v.text }}</span>{% if v.note %} <small>{{ v.note }}</small>{% endif %}{% endif %}</div>{% endfor %}</td></tr>
{% endfor %}</table></section>
{% if inbound %}<section class="inbound"><h2>Referenced by</h2><table>
{% for row in inbound %}<tr><th>{{ row.plabel }}</th><td><a href="{{ row.href }}" title="{{ row.iri }}">{{ row.text }}</a></td></tr>
{% endfor %}</table>{% if inbound_cut %}<p>(first {{ inbound|length }} shown)</p>{% endif %}</section>{% endif %}
</article>
{% endblock %}"""

_GRAPH = """{% extends "base.html" %}{% block body %}
<article class="graph" data-iri="{{ iri }}">
<h1>Named graph</h1>
<p><code>{{ iri }}</code></p>
<p>{{ triples }} triples.{% if document %} Read from <a href="{{ document.href }}">{{ document.text }}</a>{% if source_file %} (file {{ source_file }}){% endif %}.{% endif %}</p>
<p class="formats">{% for alt in alternates %}<a href="{{ alt.href }}">{{ alt.name }}</a> {% endfor %}</p>
</article>
{% endblock %}"""

_ONTOLOGY = """{% extends "base.html" %}{% block body %}
<article class="ontology">
<h1>{{ title }}</h1>
<p><code>{{ iri }}</code> · <a href="/ontology.ttl">Turtle</a></p>
{% for section in sections %}<h2>{{ section.name }}</h2>
<table>{% for term in section.terms %}<tr id="{{ term.anchor }}"><th><code>{{ term.curie }}</code></th><td>{{ term.label }}{% if term.comment %}<br><small>{{ term.comment }}</small>{% endif %}</td></tr>
{% endfor %}</table>
{% endfor %}
</article>
{% endblock %}"""

ENV = Environment(
    loader=DictLoader({"base.html": _BASE, "resource.html": _RESOURCE, "graph.html": _GRAPH, "ontology.html": _ONTOLOGY}),
    autoescape=select_autoescape(default=True, default_for_string=True),
)


def script_json(data) -> str:
    """JSON safe inside <script>: no closing tag, no HTML comment opener."""
    text = json.dumps(data, ensure_ascii=False, indent=1)
    return text.replace("</", "<\\/").replace("<!--", "<\\!--")


def render(template: str, **context) -> str:
    return ENV.get_template(template).render(**context)
