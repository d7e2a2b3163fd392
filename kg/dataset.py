"""The build's dataset: one named graph per source page, the shared graph and the overlaps,
as TriG text.

A page's named graph is made as a set of N-Triples lines (strings hash and sort
in C), handed on as a TriG block (to graph.trig and the store loader) as soon as
its page is extracted, then let go: its lines join the union for graph.ttl, which
is spilled to sorted runs on disk as it grows (kg/sorted_lines.py). The shared
nodes the pages use gather in one set and go, once every page is in, into the
shared graph; being made from the current records
only, it holds no node that no page uses any more (see ontology/MODEL.md).
"""

from __future__ import annotations

from collections.abc import Iterable, Iterator, Mapping, Sequence
from dataclasses import dataclass
from itertools import islice
from pathlib import Path

from rdflib import URIRef
from rdflib.namespace import PROV

from tnkg.extract.record import ProjectRecord
from tnkg.kg.iri import Minter
from tnkg.kg.namespace import ORG, SCHEMA, TNKG
from tnkg.kg.nodes import OrganisationEntry, SharedNodes, Triple
from tnkg.kg.ntriples import LineWriter
from tnkg.kg.sorted_lines import SortedLines, merge_unique
from tnkg.kg.triples import PageSource, page_parts, shared_graph
from tnkg.kg.turtle import TurtleWriter

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
    "overlaps": TNKG.ProjectOverlap,
}

_BATCH = 100_000  # triples of a big graph made into lines at a time


@dataclass(slots=True)
class Dataset:
    """What the files and counts need once the named graphs are written."""

    parts: list[SortedLines]  # the union in sorted parts on disk: graph.ttl holds each once
    quads: int = 0
    names: int = 0

    def lines(self) -> Iterator[str]:
        """Every distinct statement once, sorted: graph.ttl's lines."""
        return merge_unique(*self.parts)

    def counts(self, classes: Mapping[str, int], *, triples: int) -> dict[str, int]:
        """Instances per counted class (`classes`: the instances of each class, as
        `<IRI>`, from kg/void.py's `Statistics`), distinct triples (`triples`, counted as
        graph.ttl is written), quads and named graphs."""
        counts = {name: classes.get(f"<{cls}>", 0) for name, cls in COUNTED_CLASSES.items()}
        counts["triples"] = triples
        counts["quads"] = self.quads
        counts["named_graphs"] = self.names
        return counts


class DatasetWriter:
    """The build's named graphs as TriG blocks, one source at a time, as the pages come.

    `source_block` makes a source's named graph (its pages' own triples) and gathers
    the shared nodes its pages use; `shared_block`, once every page is in, makes the
    shared graph with the organisations, named as `collect_organisations` of all the
    records says; `big_graph` the overlaps, a graph too big for one string. The shared
    nodes are made once for this dataset (`SharedNodes`) and let go with it; only the
    union of the lines is kept, spilled to sorted runs in `spill_dir`, for graph.ttl and
    the counts.
    """

    def __init__(
        self, *, turtle: TurtleWriter, minter: Minter, include_contacts: bool, spill_dir: Path
    ) -> None:
        self.turtle = turtle
        self.minter = minter
        self.include_contacts = include_contacts
        self.spill_dir = spill_dir
        self._union = SortedLines(spill_dir, name="triples")
        self.dataset = Dataset([self._union])
        self._nodes = SharedNodes(minter)
        self._lines = LineWriter()
        self._shared: set[str] = set()
        self._organisations: dict[str, None] = {}  # the keys pages name, in the order met

    def header(self) -> str:
        return self.turtle.header()

    def source_block(
        self, sha256: str, pages: Sequence[tuple[PageSource, Sequence[ProjectRecord]]]
    ) -> str:
        """The named graph of one source: the pages (files) with these bytes."""
        lines: set[str] = set()
        for source, records in pages:
            for rec in records:
                parts = page_parts(
                    rec, source, None, nodes=self._nodes, include_contacts=self.include_contacts
                )
                self._lines.add(lines, parts, self._shared)
                for membership in rec.memberships:
                    self._organisations.setdefault(membership.organisation.key)
        return self._block(self._lines.term(self.minter.source(sha256)), lines)

    def shared_block(self, organisations: Mapping[str, OrganisationEntry]) -> str:
        """The shared graph; `organisations` is `collect_organisations` of every record."""
        blocks = (self._nodes.organisation(organisations[key], organisations)
                  for key in self._organisations)
        self._lines.add(self._shared, blocks)
        return self._block(self._lines.term(shared_graph(self.minter)), self._shared)

    def big_graph(self, name: URIRef, triples: Iterable[Triple], *, part_size: int
                  ) -> tuple[str, Iterator[str]]:
        """A named graph of plain triples too big to hold as one string (the overlaps): its
        lines sorted on disk, given as the block's head and its statements in parts
        (`TurtleWriter.graph_parts`). The parts are made as they are taken."""
        lines = SortedLines(self.spill_dir, name=f"graph{len(self.dataset.parts)}")
        triples = iter(triples)
        while batch := list(islice(triples, _BATCH)):
            made: set[str] = set()
            self._lines.add(made, batch)
            lines.update(made)
        self.dataset.parts.append(lines)
        self.dataset.names += 1
        return (self.turtle.graph_head(self._lines.term(name)),
                self.turtle.graph_parts(self._counted(lines), size=part_size))

    def _counted(self, lines: Iterable[str]) -> Iterator[str]:
        for line in lines:
            self.dataset.quads += 1
            yield line

    def _block(self, name: str, lines: set[str]) -> str:
        self._union.update(lines)
        self.dataset.quads += len(lines)
        self.dataset.names += 1
        return self.turtle.graph_block(name, sorted(lines))
