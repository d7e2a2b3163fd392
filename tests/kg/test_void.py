"""The dataset's VoID + DCAT description and the JSON-LD dump compacted with the published
context: what a linked-data client reads first."""

from __future__ import annotations

import json
from importlib.resources import files

import pyoxigraph as ox
import pytest
from rdflib import Dataset, Graph, Literal, Namespace, URIRef
from rdflib.compare import isomorphic
from rdflib.namespace import DCAT, DCTERMS, RDF
from support import SAMPLE_PAGES, gold_extract

from tnkg.build import build_graph
from tnkg.kg.export import export_graph
from tnkg.kg.store import open_store
from tnkg.kg.void import DEFAULT_LICENSE, VOID_FILE

VOID = Namespace("http://rdfs.org/ns/void#")
DATASET = URIRef("https://w3id.org/tnkg/id/dataset/tnkg")


def count(out, query: str) -> int:
    (row,) = open_store(out).query(query, use_default_graph_as_union=True)
    return int(row[0].value)


@pytest.fixture(scope="module")
def void(sample_build) -> Graph:
    return Graph().parse(sample_build[0] / VOID_FILE, format="turtle")


def test_the_description_names_the_dataset_its_licence_creator_and_dumps(void):
    assert (DATASET, RDF.type, VOID.Dataset) in void
    assert (DATASET, RDF.type, DCAT.Dataset) in void
    assert {t.language for t in void.objects(DATASET, DCTERMS.title)} == {"en", "sv"}
    assert void.value(DATASET, DCTERMS.license) == URIRef(DEFAULT_LICENSE)
    assert void.value(DATASET, DCTERMS.creator) == URIRef("https://w3id.org/tnkg/id/agent/tnkg")
    assert void.value(DATASET, DCTERMS.modified) is not None
    titles = {str(void.value(d, DCTERMS.title)) for d in void.objects(DATASET, DCAT.distribution)}
    assert titles == {"graph.trig", "graph.ttl"}


def test_the_counts_are_the_graphs_own(sample_build, void):
    out, report = sample_build
    assert void.value(DATASET, VOID.triples) == Literal(report.counts["triples"])
    assert int(void.value(DATASET, VOID.triples)) == count(
        out, "SELECT (COUNT(*) AS ?n) { SELECT DISTINCT ?s ?p ?o { ?s ?p ?o } }")
    assert int(void.value(DATASET, VOID.distinctSubjects)) == count(
        out, "SELECT (COUNT(DISTINCT ?s) AS ?n) { ?s ?p ?o }")
    assert int(void.value(DATASET, VOID.distinctObjects)) == count(
        out, "SELECT (COUNT(DISTINCT ?o) AS ?n) { ?s ?p ?o }")
    assert int(void.value(DATASET, VOID.properties)) == count(
        out, "SELECT (COUNT(DISTINCT ?p) AS ?n) { ?s ?p ?o }")
    partitions = list(void.objects(DATASET, VOID.classPartition))
    assert len(partitions) == int(void.value(DATASET, VOID.classes)) == count(
        out, "SELECT (COUNT(DISTINCT ?c) AS ?n) { ?s a ?c }")
    for partition in partitions:
        cls = void.value(partition, VOID["class"])
        assert int(void.value(partition, VOID.entities)) == count(
            out, f"SELECT (COUNT(DISTINCT ?s) AS ?n) {{ ?s a <{cls}> }}"), cls
    for partition in void.objects(DATASET, VOID.propertyPartition):
        prop = void.value(partition, VOID.property)
        assert int(void.value(partition, VOID.triples)) == count(
            out, f"SELECT (COUNT(*) AS ?n) {{ SELECT DISTINCT ?s ?o {{ ?s <{prop}> ?o }} }}"), prop


def test_example_resources_are_in_the_graph(sample_build, void):
    examples = set(void.objects(DATASET, VOID.exampleResource))
    assert len(examples) == 3
    for example in examples:
        assert count(sample_build[0], f"SELECT (COUNT(*) AS ?n) {{ <{example}> ?p ?o }}") > 0


def test_dataset_dumps_carry_the_description_in_a_graph_of_its_own(sample_build, void, tmp_path):
    target = tmp_path / "graph.nq"
    export_graph(sample_build[0], "nq", target)
    dataset = Dataset()
    dataset.parse(target, format="nquads")
    described = dataset.graph(URIRef("https://w3id.org/tnkg/id/graph/void"))
    assert isomorphic(Graph() + described, void)


def test_the_licence_and_base_iri_of_a_build_reach_its_description(tmp_path):
    licence = "https://creativecommons.org/licenses/by/4.0/"
    base = "https://data.example.org/esf/"
    build_graph(SAMPLE_PAGES[:1], out_dir=tmp_path, extract=gold_extract, jobs=1,
                license_iri=licence, base_iri=base)
    void = Graph().parse(tmp_path / VOID_FILE, format="turtle")
    dataset = URIRef(base + "dataset/tnkg")
    assert void.value(dataset, DCTERMS.license) == URIRef(licence)
    assert str(void.value(dataset, VOID.uriSpace)) == base


# ------------------------------------------------------------------------------- JSON-LD


@pytest.fixture(scope="module")
def jsonld(sample_build, tmp_path_factory) -> dict:
    target = tmp_path_factory.mktemp("jsonld") / "graph.jsonld"
    export_graph(sample_build[0], "jsonld", target)
    return json.loads(target.read_text("utf-8"))


def published() -> dict:
    return json.loads(files("tnkg.ontology").joinpath("context.jsonld").read_text("utf-8"))


def test_the_dump_uses_the_published_context_and_the_builds_base(jsonld):
    assert jsonld["@context"] == [published()["@context"],
                                  {"@base": "https://w3id.org/tnkg/id/"}]


def nodes(document: dict):
    for item in document["@graph"]:
        yield from item.get("@graph", [item])


def test_every_key_is_a_short_term_of_the_context(jsonld):
    terms = set(published()["@context"])
    for node in nodes(jsonld):
        assert set(node) <= terms, sorted(set(node) - terms)


def test_a_project_reads_with_short_keys_and_typed_values(jsonld):
    project = next(n for n in nodes(jsonld) if n["id"] == "project/6b828bb5c00712d2")
    assert project["title"] == "Transnet"
    assert project["startDate"] == "2011-06-14"
    assert project["fund"] == "tnkg:ESF"
    assert "schema:Project" in project["type"]
    country = next(n for n in nodes(jsonld) if n["id"] == "country/NO")
    assert country["label"] == {"en": "Norway", "sv": "Norge"}


def test_the_compacted_dump_reads_back_as_the_store(sample_build, tmp_path):
    target = tmp_path / "graph.jsonld"
    export_graph(sample_build[0], "jsonld", target)
    dataset = Dataset()
    dataset.parse(target, format="json-ld")
    store = open_store(sample_build[0])
    for name in store.named_graphs():
        expected = Graph().parse(data=ox.serialize(
            [ox.Triple(q.subject, q.predicate, q.object)
             for q in store.quads_for_pattern(None, None, None, name)],
            format=ox.RdfFormat.N_TRIPLES).decode(), format="nt")
        assert isomorphic(Graph() + dataset.graph(URIRef(name.value)), expected), name


def test_the_json_examples_of_the_linked_data_page_are_the_graphs(sample_build):
    """Each JSON-LD node shown in docs/linked-data.md, read with the dump's context, says
    only what the graph says."""
    import re
    from pathlib import Path

    from tnkg.kg.jsonld import dump_context
    from tnkg.kg.validate import load_graph

    page = Path(__file__).resolve().parents[2] / "docs" / "linked-data.md"
    blocks = re.findall(r"```json\n(.*?)```", page.read_text("utf-8"), re.S)
    assert len(blocks) == 2
    graph = load_graph(sample_build[0])
    for block in blocks:
        node = json.loads(block)
        shown = Graph().parse(data=json.dumps({"@context": dump_context(
            "https://w3id.org/tnkg/id/"), **node}), format="json-ld")
        assert len(shown) >= 7
        assert set(shown) <= set(graph), set(shown) - set(graph)
