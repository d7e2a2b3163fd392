"""The dataset's description in VoID and DCAT, written with every build as DIR/void.ttl.

It says what the graph is (title, description, licence, creator, dates), how big
(triples, distinct subjects and objects, instances per class, statements per
property: counted from the statements the build wrote, so they are the graph's own
numbers), what it looks like (example resources) and where to get it (the dumps as
DCAT distributions; `tnkg serve` adds its SPARQL endpoint and download addresses when
it serves the description at /.well-known/void). The description lives in a named
graph of its own, `{base}graph/void`, in the dumps and on a server after `tnkg push`,
and never in the store that the queries read.
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Iterable, Iterator
from dataclasses import dataclass, field
from pathlib import Path

import pyoxigraph as ox

from tnkg.files import write_atomic
from tnkg.kg.iri import Minter
from tnkg.kg.namespace import PREFIXES

VOID_FILE = "void.ttl"
VOID = PREFIXES["void"]
DCAT = PREFIXES["dcat"]
DCTERMS = "http://purl.org/dc/terms/"
RDF_TYPE = "http://www.w3.org/1999/02/22-rdf-syntax-ns#type"
XSD = "http://www.w3.org/2001/XMLSchema#"
DEFAULT_LICENSE = "https://creativecommons.org/publicdomain/zero/1.0/"
TITLE = {
    "en": "tnkg: transnational partnerships in Swedish ESF projects",
    "sv": "tnkg: transnationella partnerskap i svenska ESF-projekt",
}
DESCRIPTION = {
    "en": "Projects of the Swedish European Social Fund and Tillväxtverket's project bank, the "
          "organisations taking part in them and the places abroad they work with, as read by "
          "tnkg from the projects' public pages.",
    "sv": "Projekt i Svenska ESF-rådets och Tillväxtverkets projektbanker, organisationerna som "
          "deltar i dem och platserna utomlands de samarbetar med, som tnkg läst dem ur "
          "projektens offentliga sidor.",
}
# the dumps a build writes into DIR, as DCAT distributions
DUMPS = {"graph.trig": "application/trig", "graph.ttl": "text/turtle"}
EXAMPLE_CLASSES = (
    "https://schema.org/Project", "http://www.w3.org/ns/org#Organization",
    "https://schema.org/City",
)


@dataclass(slots=True)
class Statistics:
    """What VoID counts, gathered from N-Triples lines without their final ` .`, sorted and
    unique (graph.ttl's order: a subject's lines come together, so subjects are counted,
    not kept)."""

    triples: int = 0
    subjects: int = 0
    objects: set[str] = field(default_factory=set)
    classes: Counter = field(default_factory=Counter)
    properties: Counter = field(default_factory=Counter)
    examples: dict[str, str] = field(default_factory=dict)  # class -> its smallest instance

    def counted(self, lines: Iterable[str]) -> Iterator[str]:
        """The lines, passed on as they are counted (graph.ttl is written from them)."""
        typed = f"<{RDF_TYPE}>"
        last_subject = None
        for line in lines:
            subject, predicate, obj = line.split(" ", 2)
            self.triples += 1
            if subject != last_subject:
                self.subjects += 1
                last_subject = subject
            self.objects.add(obj)
            self.properties[predicate] += 1
            if predicate == typed:
                self.classes[obj] += 1
                known = self.examples.get(obj)
                if known is None or subject < known:
                    self.examples[obj] = subject
            yield line


def _iri(term: str) -> ox.NamedNode:
    return ox.NamedNode(term[1:-1] if term.startswith("<") else term)


def _count(value: int) -> ox.Literal:
    return ox.Literal(str(value), datatype=ox.NamedNode(XSD + "integer"))


def dataset_iri(minter: Minter) -> ox.NamedNode:
    return ox.NamedNode(f"{minter.base}dataset/tnkg")


def void_graph(minter: Minter) -> ox.NamedNode:
    """The named graph the description takes in dumps and on servers."""
    return ox.NamedNode(f"{minter.base}graph/void")


def describe_dataset(
    stats: Statistics, *, minter: Minter, modified: str, license_iri: str = DEFAULT_LICENSE,
    version: str,
) -> list[ox.Triple]:
    """The VoID + DCAT description of a graph with these statistics."""
    dataset = dataset_iri(minter)
    triples: list[ox.Triple] = []

    def add(subject, predicate: str, obj) -> None:
        triples.append(ox.Triple(subject, ox.NamedNode(predicate), obj))

    add(dataset, RDF_TYPE, ox.NamedNode(VOID + "Dataset"))
    add(dataset, RDF_TYPE, ox.NamedNode(DCAT + "Dataset"))
    for language, text in TITLE.items():
        add(dataset, DCTERMS + "title", ox.Literal(text, language=language))
    for language, text in DESCRIPTION.items():
        add(dataset, DCTERMS + "description", ox.Literal(text, language=language))
    add(dataset, DCTERMS + "license", ox.NamedNode(license_iri))
    add(dataset, DCTERMS + "creator", ox.NamedNode(str(minter.agent())))
    date_time = ox.NamedNode(XSD + "dateTime")
    add(dataset, DCTERMS + "modified", ox.Literal(modified, datatype=date_time))
    add(dataset, "http://www.w3.org/2002/07/owl#versionInfo", ox.Literal(version))
    add(dataset, VOID + "uriSpace", ox.Literal(minter.base))
    for prefix in ("schema", "org", "tnkg", "prov", "skos", "dcterms"):
        add(dataset, VOID + "vocabulary", ox.NamedNode(PREFIXES[prefix]))
    add(dataset, VOID + "triples", _count(stats.triples))
    add(dataset, VOID + "distinctSubjects", _count(stats.subjects))
    add(dataset, VOID + "distinctObjects", _count(len(stats.objects)))
    add(dataset, VOID + "classes", _count(len(stats.classes)))
    add(dataset, VOID + "properties", _count(len(stats.properties)))
    for cls in EXAMPLE_CLASSES:
        example = stats.examples.get(f"<{cls}>")
        if example:
            add(dataset, VOID + "exampleResource", _iri(example))
    # partitions get IRIs of their own (no blank nodes), so two builds of the same graph
    # give the same description and a server can hold it without duplicates
    for kind, table, key in (("class", stats.classes, "entities"),
                             ("property", stats.properties, "triples")):
        for i, (term, count) in enumerate(sorted(table.items())):
            partition = ox.NamedNode(f"{dataset.value}/{kind}/{i}")
            add(dataset, VOID + f"{kind}Partition", partition)
            add(partition, VOID + kind, _iri(term))
            add(partition, VOID + key, _count(count))
    for name, media_type in DUMPS.items():
        distribution = ox.NamedNode(f"{dataset.value}/dump/{name}")
        add(dataset, DCAT + "distribution", distribution)
        add(distribution, RDF_TYPE, ox.NamedNode(DCAT + "Distribution"))
        add(distribution, DCTERMS + "title", ox.Literal(name))
        add(distribution, DCAT + "mediaType", ox.Literal(media_type))
    return triples


def served_description(
    triples: list[ox.Triple], *, minter: Minter, site: str
) -> list[ox.Triple]:
    """The description as `tnkg serve` gives it: with its SPARQL endpoint and the addresses
    its dumps download from (`site` is the server's own address, ending in `/`)."""
    dataset = dataset_iri(minter)
    extra = [ox.Triple(dataset, ox.NamedNode(VOID + "sparqlEndpoint"),
                       ox.NamedNode(site + "sparql"))]
    for name in DUMPS:
        url = ox.NamedNode(f"{site}dumps/{name}")
        extra.append(ox.Triple(dataset, ox.NamedNode(VOID + "dataDump"), url))
        extra.append(ox.Triple(ox.NamedNode(f"{dataset.value}/dump/{name}"),
                               ox.NamedNode(DCAT + "downloadURL"), url))
    return triples + extra


def write_void(path: Path, triples: list[ox.Triple]) -> None:
    """DIR/void.ttl, atomically."""
    write_atomic(path, ox.serialize(sorted(triples, key=str), format=ox.RdfFormat.TURTLE,
                                    prefixes=PREFIXES))


def read_void(out_dir: Path) -> list[ox.Triple]:
    """The description a build wrote into DIR; empty for a build from before it was written."""
    path = Path(out_dir) / VOID_FILE
    if not path.is_file():
        return []
    return list(ox.parse(path=str(path), format=ox.RdfFormat.TURTLE))
