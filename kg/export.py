"""Serialising the graph: graph.ttl and graph.trig of the build, and `tnkg export`.

Everything goes through pyoxigraph's serialisers: rdflib's pretty Turtle
writer grows with the square of the graph (416 s for 780k triples on this
machine against 0.9 s). Triples are sorted first, so the Turtle groups each
subject's statements and two builds of the same input give the same bytes,
and a diff of graph.ttl reads as a diff of the data.
"""

from __future__ import annotations

import json
import sys
from collections.abc import Iterable
from pathlib import Path
from typing import BinaryIO

import pyoxigraph as ox

from tnkg.errors import BuildError
from tnkg.files import atomic_writer
from tnkg.kg.iri import DEFAULT_BASE_IRI, Minter, data_prefixes
from tnkg.kg.jsonld import write_jsonld
from tnkg.kg.namespace import PREFIXES
from tnkg.kg.store import open_store
from tnkg.kg.void import read_void, void_graph

FORMATS: dict[str, ox.RdfFormat] = {
    "ttl": ox.RdfFormat.TURTLE,
    "nt": ox.RdfFormat.N_TRIPLES,
    "nq": ox.RdfFormat.N_QUADS,
    "trig": ox.RdfFormat.TRIG,
    "jsonld": ox.RdfFormat.JSON_LD,
}


def _key(term) -> str:
    return str(term)


def sorted_triples(quads: Iterable[ox.Quad]) -> list[ox.Triple]:
    """The union of the named graphs: each triple once, in a stable order."""
    triples = {ox.Triple(q.subject, q.predicate, q.object) for q in quads}
    return sorted(triples, key=lambda t: (_key(t.subject), _key(t.predicate), _key(t.object)))


def sorted_quads(quads: Iterable[ox.Quad]) -> list[ox.Quad]:
    return sorted(
        set(quads),
        key=lambda q: (_key(q.graph_name), _key(q.subject), _key(q.predicate), _key(q.object)),
    )


def sorted_header(text: bytes) -> bytes:
    """Turtle or TriG with its `@prefix` lines sorted: Oxigraph keeps prefixes in a hash
    map, and a sorted header keeps the file stable."""
    body_start = 0
    while text.startswith(b"@prefix ", body_start):
        body_start = text.index(b"\n", body_start) + 1
    return b"".join(sorted(text[:body_start].splitlines(keepends=True))) + text[body_start:]


def used_prefixes(triples: Iterable[ox.Triple], prefixes: dict[str, str]) -> dict[str, str]:
    """The prefixes whose namespace some IRI of the triples (or a datatype) starts with."""
    iris = set()
    for triple in triples:
        for term in triple:
            if isinstance(term, ox.NamedNode):
                iris.add(term.value)
            elif isinstance(term, ox.Literal):
                iris.add(term.datatype.value)
    return {name: ns for name, ns in prefixes.items() if any(i.startswith(ns) for i in iris)}


def serialise(
    quads: Iterable[ox.Quad], fmt: str, out: BinaryIO, *, base_iri: str,
    description: Iterable[ox.Triple] = (),
) -> int:
    """Write quads as `fmt` (a key of FORMATS); returns how many statements were written.

    Triple formats (ttl, nt) get the union graph, dataset formats (nq, trig,
    jsonld) keep each page's named graph and add the dataset's `description`
    (kg/void.py) in a graph of its own. JSON-LD is compacted with the published
    context (kg/jsonld.py).
    """
    rdf_format = FORMATS[fmt]
    prefixes = {**PREFIXES, **data_prefixes(base_iri)}
    if rdf_format.supports_datasets:
        name = void_graph(Minter(base_iri))
        described = [ox.Quad(t.subject, t.predicate, t.object, name) for t in description]
        statements = sorted_quads([*quads, *described])
    else:
        statements = sorted_triples(quads)
    if rdf_format == ox.RdfFormat.JSON_LD:
        return write_jsonld(statements, out, base_iri=base_iri)
    if rdf_format in (ox.RdfFormat.TURTLE, ox.RdfFormat.TRIG):
        out.write(sorted_header(ox.serialize(statements, None, rdf_format, prefixes=prefixes)))
    else:
        ox.serialize(statements, out, rdf_format)
    return len(statements)


def read_base_iri(out_dir: Path) -> str:
    """The base IRI the graph in DIR was built with (from report.json)."""
    try:
        return json.loads((out_dir / "report.json").read_text("utf-8"))["base_iri"]
    except (OSError, ValueError, KeyError):
        return DEFAULT_BASE_IRI


def export_graph(out_dir: str | Path, fmt: str, output: str | Path | None = None) -> int:
    """Write the built graph in DIR as `fmt` to a file (atomically) or to stdout."""
    if fmt not in FORMATS:
        raise BuildError(f"unknown format {fmt!r}: use one of {', '.join(FORMATS)}")
    out_dir = Path(out_dir)
    store = open_store(out_dir)
    quads = store.quads_for_pattern(None, None, None, None)
    base_iri = read_base_iri(out_dir)
    description = read_void(out_dir)
    if output is None or str(output) == "-":
        count = serialise(quads, fmt, sys.stdout.buffer, base_iri=base_iri,
                          description=description)
        sys.stdout.buffer.flush()
        return count
    try:
        with atomic_writer(Path(output)) as out:
            return serialise(quads, fmt, out, base_iri=base_iri, description=description)
    except OSError as error:
        raise BuildError(f"cannot write {output}: {error.strerror or error}") from None
