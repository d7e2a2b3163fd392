"""`validate_graph`: the built graph against ontology/shapes.ttl with pyshacl.

The ontology's triples are added to the data graph so that class hierarchy
(tnkg:Municipality is a schema:AdministrativeArea) counts for sh:class; pyshacl validates that
graph in place (its own ontology mix-in copies the whole data graph first).
"""

from __future__ import annotations

import os
from dataclasses import dataclass
from pathlib import Path

import pyoxigraph as ox
import pyshacl
from rdflib import BNode, Graph, Literal, URIRef
from rdflib.namespace import SH

from tnkg.kg.export import read_base_iri
from tnkg.kg.iri import data_prefixes
from tnkg.kg.namespace import PREFIXES
from tnkg.kg.store import open_store
from tnkg.ontology import ontology_text

XSD_STRING = "http://www.w3.org/2001/XMLSchema#string"


@dataclass(frozen=True, slots=True, order=True)
class Violation:
    focus: str
    path: str
    message: str
    severity: str

    def __str__(self) -> str:
        return f"{self.severity}: {self.focus} {self.path}: {self.message}"


@dataclass(frozen=True, slots=True)
class ValidationReport:
    conforms: bool
    violations: tuple[Violation, ...]
    triples: int


def _compact(term, prefixes: dict[str, str]) -> str:
    """A term as a prefixed name where a prefix fits (`city:2618425`), else as written."""
    if term is None:
        return "-"
    if isinstance(term, URIRef):
        text = str(term)
        best = max(
            (p for p in prefixes.items() if text.startswith(p[1])),
            key=lambda p: len(p[1]),
            default=None,
        )
        return f"{best[0]}:{text[len(best[1]):]}" if best else f"<{text}>"
    return term.n3()


def _rdflib_term(term: ox.NamedNode | ox.BlankNode | ox.Literal) -> URIRef | BNode | Literal:
    if isinstance(term, ox.NamedNode):
        return URIRef(term.value)
    if isinstance(term, ox.BlankNode):
        return BNode(term.value)
    if term.language:
        return Literal(term.value, lang=term.language)
    datatype = term.datatype.value
    return Literal(term.value, datatype=None if datatype == XSD_STRING else URIRef(datatype))


def load_graph(out_dir: str | os.PathLike) -> Graph:
    """The union of the built named graphs as an rdflib Graph."""
    graph = Graph()
    # terms converted one by one: twice as fast as parsing the store's N-Triples in rdflib
    graph.addN(
        (_rdflib_term(q.subject), _rdflib_term(q.predicate), _rdflib_term(q.object), graph)
        for q in open_store(out_dir).quads_for_pattern(None, None, None, None)
    )
    return graph


def validate_graph(out_dir: str | os.PathLike) -> ValidationReport:
    """Check the graph built in DIR against the shapes; violations sorted for reading."""
    data = load_graph(out_dir)
    triples = len(data)
    data.parse(data=ontology_text("tnkg.ttl"), format="turtle")
    shapes = Graph().parse(data=ontology_text("shapes.ttl"), format="turtle")
    conforms, results, _text = pyshacl.validate(
        data, shacl_graph=shapes, inference="none", allow_warnings=True, inplace=True
    )
    prefixes = {**PREFIXES, **data_prefixes(read_base_iri(Path(out_dir)))}
    violations = sorted(
        Violation(
            focus=_compact(results.value(result, SH.focusNode), prefixes),
            path=_compact(results.value(result, SH.resultPath), prefixes),
            message=str(results.value(result, SH.resultMessage) or ""),
            severity=_compact(results.value(result, SH.resultSeverity), {"sh": str(SH)}),
        )
        for result in results.subjects(predicate=SH.focusNode)
    )
    return ValidationReport(bool(conforms), tuple(violations), triples)
