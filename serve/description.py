"""What the endpoint says about itself: the SPARQL 1.1 Service Description at GET /sparql
and the dataset's VoID description at /.well-known/void, as RDF in the format asked for."""

from __future__ import annotations

import io
from pathlib import Path

import pyoxigraph as ox

from tnkg.kg.export import read_base_iri, turtle_text, used_prefixes
from tnkg.kg.iri import Minter
from tnkg.kg.jsonld import write_jsonld
from tnkg.kg.void import read_void, served_description
from tnkg.queries.runner import query_prefixes
from tnkg.serve.execution import Reply
from tnkg.serve.negotiation import GRAPH_FORMATS, choose_format

SD = "http://www.w3.org/ns/sparql-service-description#"
FORMATS = "http://www.w3.org/ns/formats/"
RDF_TYPE = ox.NamedNode("http://www.w3.org/1999/02/22-rdf-syntax-ns#type")
RESULT_FORMATS = ("SPARQL_Results_JSON", "SPARQL_Results_XML", "SPARQL_Results_CSV",
                  "SPARQL_Results_TSV", "Turtle", "N-Triples", "JSON-LD", "RDF_XML")


def service_description(site: str) -> list[ox.Triple]:
    """The Service Description of the endpoint at `{site}sparql` (`site` ends in `/`)."""
    endpoint = ox.NamedNode(site + "sparql")
    dataset = ox.NamedNode(site + "sparql#dataset")
    default_graph = ox.NamedNode(site + "sparql#default-graph")

    def sd(name: str) -> ox.NamedNode:
        return ox.NamedNode(SD + name)

    triples = [
        ox.Triple(endpoint, RDF_TYPE, sd("Service")),
        ox.Triple(endpoint, sd("endpoint"), endpoint),
        ox.Triple(endpoint, sd("supportedLanguage"), sd("SPARQL11Query")),
        ox.Triple(endpoint, sd("feature"), sd("UnionDefaultGraph")),
        ox.Triple(endpoint, sd("defaultEntailmentRegime"),
                  ox.NamedNode("http://www.w3.org/ns/entailment/Simple")),
        ox.Triple(endpoint, sd("defaultDataset"), dataset),
        ox.Triple(dataset, RDF_TYPE, sd("Dataset")),
        ox.Triple(dataset, sd("defaultGraph"), default_graph),
        ox.Triple(default_graph, RDF_TYPE, sd("Graph")),
        ox.Triple(dataset, ox.NamedNode("http://www.w3.org/2000/01/rdf-schema#seeAlso"),
                  ox.NamedNode(site + ".well-known/void")),
    ]
    triples += [ox.Triple(endpoint, sd("resultFormat"), ox.NamedNode(FORMATS + name))
                for name in RESULT_FORMATS]
    return triples


def void_description(out_dir: Path, site: str) -> list[ox.Triple]:
    """The build's void.ttl with this server's endpoint and dump addresses."""
    minter = Minter(read_base_iri(out_dir))
    return served_description(read_void(out_dir), minter=minter, site=site)


def rdf_reply(triples: list[ox.Triple], accept: str, format_name: str | None,
              base_iri: str) -> Reply:
    """Triples in the RDF format the client asks for (Turtle by default)."""
    media = choose_format("graph", accept, format_name)
    triples = sorted(triples, key=str)
    if media == "application/ld+json":
        buffer = io.BytesIO()
        write_jsonld(triples, buffer, base_iri=base_iri)
        return Reply(200, media, buffer.getvalue())
    prefixes = {**query_prefixes(base_iri), "sd": SD}
    if media == "text/turtle":
        return Reply(200, media, turtle_text(triples, prefixes).encode("utf-8"))
    body = ox.serialize(triples, format=GRAPH_FORMATS[media], prefixes=used_prefixes(
        triples, prefixes))
    return Reply(200, media, body)
