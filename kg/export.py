"""`tnkg export`: the built graph as Turtle, N-Triples, N-Quads, TriG or JSON-LD.

Turtle and TriG are written by the project's one Turtle writer (kg/turtle.py),
so an exported Turtle file reads as graph.ttl does; the other formats by
pyoxigraph's serialisers (rdflib's grew with the square of the graph: 416 s for
780k triples on this machine against 0.9 s). Statements are sorted first, so two
exports of the same graph give the same bytes and a diff reads as a diff of the
data.
"""

from __future__ import annotations

import io
import json
import sys
from collections import defaultdict
from collections.abc import Iterable, Mapping
from pathlib import Path
from typing import BinaryIO, TextIO

import pyoxigraph as ox

from tnkg.errors import BuildError
from tnkg.files import atomic_writer
from tnkg.kg.iri import DEFAULT_BASE_IRI, Minter, data_prefixes
from tnkg.kg.jsonld import write_jsonld
from tnkg.kg.namespace import PREFIXES
from tnkg.kg.store import open_store
from tnkg.kg.turtle import TurtleWriter
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


def _line(statement: ox.Triple | ox.Quad) -> str:
    """A statement as the N-Triples line TurtleWriter reads (pyoxigraph writes terms in
    canonical N-Triples form, as kg/ntriples.py does)."""
    terms = (statement.subject, statement.predicate, statement.object)
    if any(type(term) is ox.Triple for term in terms):
        raise ValueError("a quoted triple (RDF-star) cannot be written as Turtle here")
    return " ".join(map(str, terms))


def write_turtle(
    statements: Iterable[ox.Triple | ox.Quad], out: TextIO, *, prefixes: Mapping[str, str]
) -> int:
    """The union of the statements as Turtle by the project's one Turtle writer (as graph.ttl
    is written); returns how many triples it holds."""
    lines = sorted({_line(statement) for statement in statements})
    TurtleWriter(prefixes).write_graph(lines, out)
    return len(lines)


def used_prefixes(triples: Iterable[ox.Triple], prefixes: Mapping[str, str]) -> dict[str, str]:
    """The prefixes whose namespace some IRI of the triples (or a datatype) starts with."""
    iris = set()
    for triple in triples:
        for term in triple:
            if isinstance(term, ox.NamedNode):
                iris.add(term.value)
            elif isinstance(term, ox.Literal):
                iris.add(term.datatype.value)
    return {name: ns for name, ns in prefixes.items() if any(i.startswith(ns) for i in iris)}


def turtle_text(triples: Iterable[ox.Triple], prefixes: Mapping[str, str]) -> str:
    """Triples as Turtle by the one Turtle writer, with only the prefixes they use (a
    query's graph, a resource's description)."""
    triples = list(triples)
    text = io.StringIO()
    write_turtle(triples, text, prefixes=used_prefixes(triples, prefixes))
    return text.getvalue()


def write_trig(quads: Iterable[ox.Quad], out: TextIO, *, prefixes: Mapping[str, str]) -> int:
    """The quads as TriG, one block per named graph in the order of their names (the default
    graph as an unnamed block); returns how many quads it holds."""
    graphs: dict[str, set[str]] = defaultdict(set)
    for quad in quads:
        name = "" if type(quad.graph_name) is ox.DefaultGraph else str(quad.graph_name)
        graphs[name].add(_line(quad))
    TurtleWriter(prefixes).write_dataset(
        ((name, sorted(lines)) for name, lines in sorted(graphs.items())), out
    )
    return sum(len(lines) for lines in graphs.values())


def serialise(
    quads: Iterable[ox.Quad], fmt: str, out: BinaryIO, *, base_iri: str,
    description: Iterable[ox.Triple] = (),
) -> int:
    """Write quads as `fmt` (a key of FORMATS); returns how many statements were written.

    Triple formats (ttl, nt) get the union graph, dataset formats (nq, trig,
    jsonld) keep each page's named graph and add the dataset's `description`
    (kg/void.py) in a graph of its own. Turtle and TriG come from the project's Turtle
    writer, JSON-LD compacted with the published context (kg/jsonld.py), the others from
    pyoxigraph's serialisers.
    """
    rdf_format = FORMATS[fmt]
    if rdf_format.supports_datasets:
        name = void_graph(Minter(base_iri))
        quads = [*quads, *(ox.Quad(t.subject, t.predicate, t.object, name) for t in description)]
    if rdf_format == ox.RdfFormat.JSON_LD:
        return write_jsonld(sorted_quads(quads), out, base_iri=base_iri)
    if rdf_format in (ox.RdfFormat.TURTLE, ox.RdfFormat.TRIG):
        prefixes = {**PREFIXES, **data_prefixes(base_iri)}
        text = io.TextIOWrapper(out, encoding="utf-8", newline="")
        try:
            write = write_turtle if rdf_format == ox.RdfFormat.TURTLE else write_trig
            return write(quads, text, prefixes=prefixes)
        finally:
            text.flush()
            text.detach()  # the caller closes `out`
    statements = sorted_quads(quads) if rdf_format.supports_datasets else sorted_triples(quads)
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
