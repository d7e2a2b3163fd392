"""Content negotiation: which media type answers a query, from Accept or `format=`.

SPARQL results (SELECT, ASK) and graphs (CONSTRUCT, DESCRIBE) have a table each
of the media types offered, the first being the default answer, and of the
other names clients use for them.
"""

from __future__ import annotations

import pyoxigraph as ox

# media type -> format; the first entry of each table is the default answer.
SOLUTION_FORMATS: dict[str, ox.QueryResultsFormat] = {
    "application/sparql-results+json": ox.QueryResultsFormat.JSON,
    "application/sparql-results+xml": ox.QueryResultsFormat.XML,
    "text/csv": ox.QueryResultsFormat.CSV,
    "text/tab-separated-values": ox.QueryResultsFormat.TSV,
}
GRAPH_FORMATS: dict[str, ox.RdfFormat] = {
    "text/turtle": ox.RdfFormat.TURTLE,
    "application/n-triples": ox.RdfFormat.N_TRIPLES,
    "application/ld+json": ox.RdfFormat.JSON_LD,
    "application/rdf+xml": ox.RdfFormat.RDF_XML,
}
# Other names clients use for the same formats: generic media types in Accept
# headers, and the short `format=` / `output=` values SPARQLWrapper and others send.
SOLUTION_ALIASES = {
    "application/json": "application/sparql-results+json",
    "json": "application/sparql-results+json",
    "application/xml": "application/sparql-results+xml",
    "text/xml": "application/sparql-results+xml",
    "xml": "application/sparql-results+xml",
    "csv": "text/csv",
    "tsv": "text/tab-separated-values",
}
GRAPH_ALIASES = {
    "application/x-turtle": "text/turtle",
    "turtle": "text/turtle",
    "ttl": "text/turtle",
    "n3": "text/turtle",  # Turtle is valid N3
    "text/rdf+n3": "text/turtle",
    "text/n3": "text/turtle",
    "text/plain": "application/n-triples",
    "nt": "application/n-triples",
    "ntriples": "application/n-triples",
    "n-triples": "application/n-triples",
    "application/json": "application/ld+json",
    "json": "application/ld+json",
    "json-ld": "application/ld+json",
    "jsonld": "application/ld+json",
    "application/xml": "application/rdf+xml",
    "text/xml": "application/rdf+xml",
    "xml": "application/rdf+xml",
    "rdf+xml": "application/rdf+xml",
}



class NotAcceptable(Exception):
    """No format the client accepts fits the kind of result."""


def parse_accept(accept: str) -> list[str]:
    """Media ranges of an Accept header, most preferred first; q=0 ranges dropped."""
    ranked = []
    for position, part in enumerate(accept.split(",")):
        media, *params = (piece.strip() for piece in part.split(";"))
        quality = 1.0
        for param in params:
            name, _, value = param.partition("=")
            if name.strip().lower() == "q":
                try:
                    quality = float(value)
                except ValueError:
                    quality = 0.0
        if media and quality > 0:
            ranked.append((-quality, position, media.lower()))
    return [media for _, _, media in sorted(ranked)]


def choose_format(kind: str, accept: str, format_name: str | None = None) -> str:
    """The media type to answer with for a `kind` ("solutions" or "graph") result.

    An explicit `format=` / `output=` value wins over the Accept header.

    >>> choose_format("solutions", "text/csv;q=0.5, application/sparql-results+xml")
    'application/sparql-results+xml'
    >>> choose_format("graph", "", "json-ld")
    'application/ld+json'
    """
    formats = SOLUTION_FORMATS if kind == "solutions" else GRAPH_FORMATS
    aliases = SOLUTION_ALIASES if kind == "solutions" else GRAPH_ALIASES
    supported = ", ".join(formats)
    if format_name:
        name = format_name.strip().lower()
        media = aliases.get(name, name)
        if media in formats:
            return media
        raise NotAcceptable(f"format {format_name!r} is not offered for this query; use one of: "
                            f"{supported}")
    if not accept.strip():
        return next(iter(formats))
    for media_range in parse_accept(accept):
        media = aliases.get(media_range, media_range)
        if media in formats:
            return media
        if media_range == "*/*":
            return next(iter(formats))
        if media_range.endswith("/*"):
            family = media_range[:-1]
            matching = [known for known in formats if known.startswith(family)]
            if matching:
                return matching[0]
    raise NotAcceptable(f"none of the accepted types ({accept}) fits this query; "
                        f"use one of: {supported}")
