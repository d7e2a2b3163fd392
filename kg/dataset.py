"""The build's dataset: one named graph per source page and the shared graph, as TriG text.

A page's named graph is made as a set of N-Triples lines (strings hash and sort
in C), written as a TriG block to every sink (graph.trig and the store loader),
then let go: only the union stays in memory, for graph.ttl and the counts. The
shared nodes the pages use gather in one set and go last, once, into the shared
graph; being made from the current records only, it holds no node that no page
uses any more (see ontology/MODEL.md).
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Callable, Iterable, Mapping, Sequence
from dataclasses import dataclass, field

from rdflib.namespace import PROV

from tnkg.extract.record import ProjectRecord
from tnkg.kg.iri import Minter
from tnkg.kg.namespace import ORG, SCHEMA, TNKG
from tnkg.kg.nodes import OrganisationEntry, SharedNodes
from tnkg.kg.ntriples import LineWriter
from tnkg.kg.triples import PageSource, page_parts, shared_graph
from tnkg.kg.turtle import RDF_TYPE, TurtleWriter

# report.json counts: name -> class whose instances are counted
COUNTED_CLASSES = {
    "projects": SCHEMA.Project,
    "organisations": ORG.Organization,
    "memberships": ORG.Membership,
    "place_ties": TNKG.PlaceTie,
    "municipalities": TNKG.Municipality,
    "counties": TNKG.County,
    "esf_regions": TNKG.EsfRegion,
    "cities": SCHEMA.City,
    "regions": TNKG.ForeignRegion,
    "countries": SCHEMA.Country,
    "sources": PROV.Entity,
}

# one source graph: its content hash and the pages (files with those bytes) behind it
SourceGraph = tuple[str, Sequence[tuple[PageSource, Sequence[ProjectRecord]]]]


@dataclass(slots=True)
class Dataset:
    """What the files and counts need once the named graphs are written."""

    triples: set[str] = field(default_factory=set)  # the union: graph.ttl holds each once
    quads: int = 0
    names: int = 0

    def counts(self) -> dict[str, int]:
        """Instances per counted class, distinct triples, quads and named graphs."""
        typed = f" {RDF_TYPE} "
        # a type line is unique in the union, so a class counts each of its subjects once
        instances = Counter(line.split(" ", 2)[2] for line in self.triples if typed in line)
        counts = {name: instances[f"<{cls}>"] for name, cls in COUNTED_CLASSES.items()}
        counts["triples"] = len(self.triples)
        counts["quads"] = self.quads
        counts["named_graphs"] = self.names
        return counts


def write_dataset(
    graphs: Iterable[SourceGraph],
    organisations: Mapping[str, OrganisationEntry],
    *,
    turtle: TurtleWriter,
    sinks: Sequence[Callable[[str], object]],
    minter: Minter,
    include_contacts: bool,
) -> Dataset:
    """Write the TriG header, each source's named graph and last the shared graph to every
    sink, in the order the graphs come.

    `organisations` is `collect_organisations` of every record of the build, so that an
    organisation has one name and one set of labels on every page. The shared nodes are
    made once for this dataset (`SharedNodes`) and let go with it.
    """
    nodes = SharedNodes(minter)
    writer = LineWriter()
    dataset = Dataset()
    shared: set[str] = set()

    def write(name: str, lines: set[str]) -> None:
        block = turtle.graph_block(name, sorted(lines))
        for sink in sinks:
            sink(block)
        dataset.triples.update(lines)
        dataset.quads += len(lines)
        dataset.names += 1

    header = turtle.header()
    for sink in sinks:
        sink(header)
    for sha256, pages in graphs:
        lines: set[str] = set()
        for source, records in pages:
            for rec in records:
                parts = page_parts(
                    rec, source, organisations, nodes=nodes, include_contacts=include_contacts
                )
                writer.add(lines, parts, shared)
        write(writer.term(minter.source(sha256)), lines)
    write(writer.term(shared_graph(minter)), shared)
    return dataset
