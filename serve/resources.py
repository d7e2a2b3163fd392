"""The graph's own IRIs answered: a resource's description as RDF or as an HTML page.

`tnkg serve` answers GET on the path of the build's base IRI (`/tnkg/id/project/6b82...`
for the default `https://w3id.org/tnkg/id/`) the way linked-data servers do: the IRI names
a thing, not a document, so it redirects (303 See Other) to a document about it, chosen by
the Accept header: `.html` for a browser, `.ttl`, `.nt`, `.jsonld` or `.rdf` for a client
asking for RDF. The description is the resource's own statements and the statements that
point to it (at most `MAX_INCOMING`), from every named graph; the HTML page adds the
evidence sentences of a project's place ties. Behind a proxy that forwards the public base
IRI's path, the same addresses work under the public name (`tnkg build --base-iri`).

Every piece of page text reaches the HTML through `html.escape`: titles and evidence
sentences come from web pages and are data, not markup.
"""

from __future__ import annotations

import html
import io
from dataclasses import dataclass
from urllib.parse import urlsplit

import pyoxigraph as ox

from tnkg.kg.export import turtle_text, used_prefixes
from tnkg.kg.jsonld import write_jsonld
from tnkg.queries.runner import query_prefixes
from tnkg.serve.execution import Reply
from tnkg.serve.negotiation import parse_accept

MAX_INCOMING = 500
# document extension -> (media type, pyoxigraph format; None: written by tnkg itself)
DOCUMENTS: dict[str, tuple[str, ox.RdfFormat | None]] = {
    "html": ("text/html", None),
    "ttl": ("text/turtle", ox.RdfFormat.TURTLE),
    "nt": ("application/n-triples", ox.RdfFormat.N_TRIPLES),
    "jsonld": ("application/ld+json", ox.RdfFormat.JSON_LD),
    "rdf": ("application/rdf+xml", ox.RdfFormat.RDF_XML),
}
_BY_MEDIA = {media: ext for ext, (media, _) in DOCUMENTS.items()} | {
    "application/xhtml+xml": "html", "application/json": "jsonld", "text/plain": "nt",
    "application/x-turtle": "ttl",
}
LABELS = (
    "https://schema.org/name", "http://purl.org/dc/terms/title",
    "http://www.w3.org/2004/02/skos/core#prefLabel", "http://www.w3.org/2000/01/rdf-schema#label",
    "https://w3id.org/tnkg/ontology#nameAsWritten",
)
RDF_TYPE = "http://www.w3.org/1999/02/22-rdf-syntax-ns#type"
TNKG = "https://w3id.org/tnkg/ontology#"


def document_for(accept: str) -> str:
    """The extension of the document to redirect to: HTML for a browser, the first RDF
    format the client accepts, Turtle for `*/*` or no Accept header.

    >>> document_for("text/html,application/xhtml+xml,*/*;q=0.8"), document_for("")
    ('html', 'ttl')
    """
    for media in parse_accept(accept):
        if media in _BY_MEDIA:
            return _BY_MEDIA[media]
        if media in ("*/*", "application/*", "text/*"):
            return "ttl"
    return "ttl"


def split_document(path: str) -> tuple[str, str | None]:
    """(the resource's path, the document extension or None for the resource itself).

    >>> split_document("project/6b82.ttl"), split_document("country/NO")
    (('project/6b82', 'ttl'), ('country/NO', None))
    """
    stem, dot, extension = path.rpartition(".")
    if dot and stem and extension in DOCUMENTS and not stem.endswith("/"):
        return stem, extension
    return path, None


@dataclass(frozen=True, slots=True)
class DescribeJob:
    """A resource of the graph to describe, in the document format asked for."""

    iri: str
    extension: str
    base_iri: str


def _quads(store: ox.Store, subject=None, predicate=None, obj=None) -> list[ox.Triple]:
    seen: dict[str, ox.Triple] = {}
    for quad in store.quads_for_pattern(subject, predicate, obj, None):
        triple = ox.Triple(quad.subject, quad.predicate, quad.object)
        seen.setdefault(str(triple), triple)
    return list(seen.values())


def describe(store: ox.Store, iri: str) -> tuple[list[ox.Triple], list[ox.Triple]]:
    """(the resource's own statements, at most MAX_INCOMING statements pointing to it)."""
    node = ox.NamedNode(iri)
    incoming: list[ox.Triple] = []
    for triple in _quads(store, obj=node):
        if len(incoming) == MAX_INCOMING:
            break
        incoming.append(triple)
    return _quads(store, subject=node), incoming


def label(store: ox.Store, node: ox.NamedNode) -> str | None:
    for predicate in LABELS:
        for quad in store.quads_for_pattern(node, ox.NamedNode(predicate), None, None):
            return quad.object.value
    return None


def execute_describe(store: ox.Store, job: DescribeJob) -> Reply:
    """The description of one resource, or 404 when the graph says nothing about it."""
    try:
        own, incoming = describe(store, job.iri)
    except ValueError:
        return Reply.error(404, f"{job.iri} is not an IRI of this graph")
    if not own and not incoming:
        return Reply.error(404, f"the graph says nothing about {job.iri}")
    media, rdf_format = DOCUMENTS[job.extension]
    if job.extension == "html":
        page = render_page(store, job, own, incoming)
        return Reply(200, "text/html; charset=utf-8", page.encode("utf-8"))
    triples = sorted(own + incoming, key=str)
    if rdf_format == ox.RdfFormat.JSON_LD:
        buffer = io.BytesIO()
        write_jsonld(triples, buffer, base_iri=job.base_iri)
        return Reply(200, media, buffer.getvalue())
    if job.extension == "ttl":
        return Reply(200, media, turtle_text(triples, query_prefixes(job.base_iri)).encode())
    prefixes = used_prefixes(triples, query_prefixes(job.base_iri))
    return Reply(200, media, ox.serialize(triples, format=rdf_format, prefixes=prefixes))


# ------------------------------------------------------------------------- the HTML page


def _href(iri: str, base_iri: str) -> str:
    """A link that stays on this server for the graph's own IRIs."""
    if iri.startswith(base_iri):
        return urlsplit(base_iri).path + iri[len(base_iri):]
    return iri


def _short(iri: str, base_iri: str) -> str:
    prefixes = query_prefixes(base_iri)
    best = max((p for p in prefixes.items() if iri.startswith(p[1])), key=lambda p: len(p[1]),
               default=None)
    return f"{best[0]}:{iri[len(best[1]):]}" if best else iri


def _term_html(store: ox.Store, term, base_iri: str) -> str:
    if isinstance(term, ox.NamedNode):
        name = label(store, term) if term.value.startswith(base_iri) else None
        text = _short(term.value, base_iri) + (f" ({name})" if name else "")
        return f'<a href="{html.escape(_href(term.value, base_iri))}">{html.escape(text)}</a>'
    if isinstance(term, ox.Literal):
        if not term.language:
            return html.escape(term.value)
        return f'{html.escape(term.value)} <span class="hint">@{html.escape(term.language)}</span>'
    return html.escape(str(term))


def _evidence(store: ox.Store, iri: str) -> list[tuple[str, str, str]]:
    """(place, role, sentence) of each place tie of a project that has a sentence."""
    rows = []
    for tie in store.quads_for_pattern(None, ox.NamedNode(TNKG + "project"), ox.NamedNode(iri),
                                       None):
        facts = {q.predicate.value: q.object for q in store.quads_for_pattern(
            tie.subject, None, None, None)}
        sentence = facts.get(TNKG + "evidence")
        if sentence is None:
            continue
        place = facts.get(TNKG + "place")
        role = facts.get(TNKG + "placeRole")
        place_name = label(store, place) if isinstance(place, ox.NamedNode) else None
        rows.append((place_name or "", role.value.rsplit("#", 1)[-1] if role else "",
                     sentence.value))
    return sorted(set(rows))


def render_page(store: ox.Store, job: DescribeJob, own: list[ox.Triple],
                incoming: list[ox.Triple]) -> str:
    base = job.base_iri
    node = ox.NamedNode(job.iri)
    title = label(store, node) or _short(job.iri, base)
    types = [t.object for t in own if t.predicate.value == RDF_TYPE]
    facts = sorted((t for t in own if t.predicate.value != RDF_TYPE),
                   key=lambda t: (t.predicate.value, str(t.object)))
    rows = "\n".join(
        f"<tr><td>{html.escape(_short(t.predicate.value, base))}</td>"
        f"<td>{_term_html(store, t.object, base)}</td></tr>" for t in facts)
    back = "\n".join(
        f"<tr><td>{_term_html(store, t.subject, base)}</td>"
        f"<td>{html.escape(_short(t.predicate.value, base))}</td></tr>"
        for t in sorted(incoming, key=lambda t: (t.predicate.value, t.subject.value)))
    evidence = "\n".join(
        f"<tr><td>{html.escape(place)}</td><td>{html.escape(role)}</td>"
        f"<td>{html.escape(sentence)}</td></tr>"
        for place, role, sentence in _evidence(store, job.iri))
    stem = _href(job.iri, base)
    formats = " ".join(f'<a href="{html.escape(stem)}.{ext}">{ext}</a>'
                       for ext in DOCUMENTS if ext != "html")
    sections = [f"<h2>Statements</h2>\n<table>\n{rows}\n</table>" if rows else ""]
    if evidence:
        sections.append("<h2>Evidence</h2>\n<table><tr><th>place</th><th>role</th>"
                        f"<th>sentence</th></tr>\n{evidence}\n</table>")
    if back:
        sections.append(f"<h2>Linked from</h2>\n<table>\n{back}\n</table>")
    type_links = ", ".join(_term_html(store, t, base) for t in types)
    return f"""<!DOCTYPE html>
<html lang="en">
<head><meta charset="utf-8"><title>{html.escape(title)}</title>
<style>body {{ font: 15px/1.45 system-ui, sans-serif; max-width: 72rem; margin: 0 auto;
padding: 1rem 1.5rem; }} table {{ border-collapse: collapse; }} td, th {{ border: 1px solid
#d5dae1; padding: 0.2rem 0.5rem; text-align: left; vertical-align: top; }}
.hint {{ color: #5b6472; }}</style></head>
<body>
<h1>{html.escape(title)}</h1>
<p><code>{html.escape(job.iri)}</code></p>
<p>{type_links}</p>
<p class="hint">As data: {formats}. <a href="/">Query the graph</a></p>
{chr(10).join(sections)}
</body>
</html>
"""
