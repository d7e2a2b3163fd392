"""`validate_graph`: the built graph against ontology/shapes.ttl with pyshacl.

The ontology is passed as pyshacl's ontology graph so that class hierarchy
(tnkg:Municipality is a schema:AdministrativeArea) counts for sh:class.
"""

from __future__ import annotations

import os
from dataclasses import dataclass
from pathlib import Path

import pyoxigraph as ox
import pyshacl
from rdflib import Graph, URIRef
from rdflib.namespace import SH

from tnkg.kg.export import read_base_iri, sorted_triples
from tnkg.kg.iri import data_prefixes
from tnkg.kg.namespace import PREFIXES
from tnkg.kg.store import open_store
from tnkg.ontology import ontology_text


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


def load_graph(out_dir: str | os.PathLike) -> Graph:
    """The union of the built named graphs as an rdflib Graph."""
    store = open_store(out_dir)
    triples = sorted_triples(store.quads_for_pattern(None, None, None, None))
    data = ox.serialize(triples, format=ox.RdfFormat.N_TRIPLES)
    graph = Graph()
    graph.parse(data=data.decode("utf-8"), format="nt")
    return graph


def validate_graph(out_dir: str | os.PathLike) -> ValidationReport:
    """Check the graph built in DIR against the shapes; violations sorted for reading."""
    data = load_graph(out_dir)
    shapes = Graph().parse(data=ontology_text("shapes.ttl"), format="turtle")
    ontology = Graph().parse(data=ontology_text("tnkg.ttl"), format="turtle")
    conforms, results, _text = pyshacl.validate(
        data, shacl_graph=shapes, ont_graph=ontology, inference="none", allow_warnings=True
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
    return ValidationReport(bool(conforms), tuple(violations), len(data))
