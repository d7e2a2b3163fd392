"""The endpoint as linked-data clients and browsers meet it: the graph's IRIs answer with 303
and content negotiation, the VoID description, the Service Description at GET /sparql,
updates answered read-only, CORS with Private Network Access, CSV from /queries/NAME, and
the port in use reported before anything is announced."""

from __future__ import annotations

import json
import socket
import subprocess
import sys

import pyoxigraph as ox
import pytest
from rdflib import Graph, Namespace, URIRef
from rdflib.namespace import RDF
from starlette.testclient import TestClient
from support import SAMPLE_PAGES, gold_extract

from tnkg.build import build_graph
from tnkg.kg.jsonld import published_context
from tnkg.kg.store import open_store
from tnkg.serve.app import create_app
from tnkg.serve.config import ServeConfig
from tnkg.serve.resources import DescribeJob, execute_describe

ID = "https://w3id.org/tnkg/id/"
PROJECT = "project/6b828bb5c00712d2"  # Transnet
SD = Namespace("http://www.w3.org/ns/sparql-service-description#")
VOID = Namespace("http://rdfs.org/ns/void#")
RDF_TYPE = ox.NamedNode(str(RDF.type))


@pytest.fixture(scope="module")
def built(tmp_path_factory):
    out = tmp_path_factory.mktemp("linked-serve")
    build_graph(SAMPLE_PAGES, out_dir=out, extract=gold_extract, jobs=1)
    return out


@pytest.fixture(scope="module")
def client(built):
    config = ServeConfig(out_dir=built, workers=1, cors_origin="https://yasgui.example")
    with TestClient(create_app(config)) as test_client:
        yield test_client


def test_an_iri_asked_for_turtle_redirects_to_its_description(client, built):
    moved = client.get(f"/tnkg/id/{PROJECT}", headers={"Accept": "text/turtle"},
                       follow_redirects=False)
    assert moved.status_code == 303
    assert moved.headers["location"] == f"/tnkg/id/{PROJECT}.ttl"
    answer = client.get(f"/tnkg/id/{PROJECT}", headers={"Accept": "text/turtle"})
    assert answer.headers["content-type"].startswith("text/turtle")
    described = Graph().parse(data=answer.text, format="turtle")
    store = open_store(built)
    own = {(q.predicate.value, q.object.value)
           for q in store.quads_for_pattern(ox.NamedNode(ID + PROJECT), None, None, None)}
    assert {(str(p), str(o)) for p, o in described.predicate_objects(URIRef(ID + PROJECT))} \
        == own
    # and what points to it: the memberships and place ties of the project
    assert (None, None, URIRef(ID + PROJECT)) in described


@pytest.mark.parametrize(("accept", "extension", "rdflib_format"), [
    ("application/n-triples", "nt", "nt"),
    ("application/ld+json", "jsonld", "json-ld"),
    ("application/rdf+xml", "rdf", "xml"),
    ("*/*", "ttl", "turtle"),
])
def test_every_rdf_format_is_negotiated(client, accept, extension, rdflib_format):
    moved = client.get("/tnkg/id/country/NO", headers={"Accept": accept},
                       follow_redirects=False)
    assert moved.headers["location"] == f"/tnkg/id/country/NO.{extension}"
    graph = Graph().parse(data=client.get(moved.headers["location"]).text, format=rdflib_format)
    assert (URIRef(ID + "country/NO"), RDF.type, URIRef("https://schema.org/Country")) in graph


def test_a_browser_gets_a_page_with_label_types_and_links(client):
    page = client.get(f"/tnkg/id/{PROJECT}", headers={"Accept": "text/html"})
    assert page.headers["content-type"].startswith("text/html")
    assert "<h1>Transnet</h1>" in page.text
    assert 'href="/tnkg/id/esf-region/stockholm"' in page.text  # a neighbour, served here
    assert "schema:Project" in page.text
    assert "(Warszawa)" in page.text  # a place tie pointing to it, by its written name


def test_a_projects_page_shows_the_evidence_sentences_of_its_ties():
    store = ox.Store()
    tnkg = "https://w3id.org/tnkg/ontology#"
    project, tie, city = (ox.NamedNode(ID + k) for k in ("project/p", "tie/t", "city/1"))
    for s, p, o in [
        (tie, tnkg + "project", project), (tie, tnkg + "place", city),
        (tie, tnkg + "placeRole", ox.NamedNode(tnkg + "PartnerPlace")),
        (tie, tnkg + "evidence", ox.Literal("Vi samarbetar med partners i Köpenhamn.")),
        (city, "https://schema.org/name", ox.Literal("Copenhagen")),
    ]:
        store.add(ox.Quad(s, ox.NamedNode(p), o))
    page = execute_describe(store, DescribeJob(project.value, "html", ID)).body.decode()
    assert "<h2>Evidence</h2>" in page
    assert ("<td>Copenhagen</td><td>PartnerPlace</td>"
            "<td>Vi samarbetar med partners i Köpenhamn.</td>") in page


def test_an_iri_the_graph_does_not_know_is_404(client):
    assert client.get("/tnkg/id/project/nothing.ttl").status_code == 404


def test_page_text_is_escaped_in_the_html_page():
    store = ox.Store()
    node = ox.NamedNode(ID + "project/x")
    hostile = '<script>alert("x")</script> & <b>'
    store.add(ox.Quad(node, ox.NamedNode("http://purl.org/dc/terms/title"), ox.Literal(hostile)))
    reply = execute_describe(store, DescribeJob(node.value, "html", ID))
    page = reply.body.decode("utf-8")
    assert "<script>" not in page and "<b>" not in page
    assert "&lt;script&gt;alert(&quot;x&quot;)&lt;/script&gt; &amp; &lt;b&gt;" in page


def test_a_graph_built_under_another_base_iri_answers_under_its_path(tmp_path):
    base = "https://data.example.org/esf/"
    build_graph(SAMPLE_PAGES[:1], out_dir=tmp_path, extract=gold_extract, jobs=1,
                base_iri=base)
    (project,) = (q.subject.value for q in open_store(tmp_path).quads_for_pattern(
        None, RDF_TYPE, ox.NamedNode("https://schema.org/Project"), None))
    assert project.startswith(base + "project/")
    with TestClient(create_app(ServeConfig(out_dir=tmp_path, workers=1))) as local:
        answer = local.get("/esf/" + project.removeprefix(base), headers={"Accept": "text/turtle"})
        assert answer.status_code == 200
        graph = Graph().parse(data=answer.text, format="turtle")
        assert (URIRef(project), RDF.type, URIRef("https://schema.org/Project")) in graph


def test_the_void_description_is_served_with_the_endpoint_and_dumps(client, built):
    graph = Graph().parse(data=client.get("/.well-known/void").text, format="turtle")
    dataset = URIRef(ID + "dataset/tnkg")
    assert graph.value(dataset, VOID.sparqlEndpoint) == URIRef("http://testserver/sparql")
    dumps = set(graph.objects(dataset, VOID.dataDump))
    assert URIRef("http://testserver/dumps/graph.trig") in dumps
    for dump in dumps:
        assert client.get(str(dump).removeprefix("http://testserver")).status_code == 200
    assert int(graph.value(dataset, VOID.triples)) == json.loads(
        (built / "report.json").read_text())["counts"]["triples"]


def test_the_published_context_is_served(client):
    answer = client.get("/context.jsonld")
    assert answer.json() == {"@context": published_context()}


def test_get_sparql_without_a_query_is_the_service_description(client):
    answer = client.get("/sparql", headers={"Accept": "text/turtle"})
    assert answer.status_code == 200
    graph = Graph().parse(data=answer.text, format="turtle")
    endpoint = URIRef("http://testserver/sparql")
    assert (endpoint, RDF.type, SD.Service) in graph
    assert (endpoint, SD.endpoint, endpoint) in graph
    assert (endpoint, SD.supportedLanguage, SD.SPARQL11Query) in graph
    assert (endpoint, SD.feature, SD.UnionDefaultGraph) in graph


@pytest.mark.parametrize("update", [
    "DELETE WHERE { ?s ?p ?o }",
    "PREFIX ex: <http://example.org/>\nINSERT DATA { ex:a ex:b ex:c }",
    "# a comment\nDROP ALL",
])
def test_an_update_in_the_query_parameter_gets_the_read_only_answer(client, update):
    for answer in (client.get("/sparql", params={"query": update}),
                   client.post("/sparql", content=update,
                               headers={"Content-Type": "application/sparql-query"})):
        assert answer.status_code == 403
        assert "read-only" in answer.text


def test_a_query_mentioning_delete_in_a_string_is_no_update(client):
    answer = client.get("/sparql", params={"query": 'SELECT ("DELETE" AS ?x) {}'})
    assert answer.status_code == 200


def test_a_private_network_preflight_is_allowed(client):
    answer = client.options("/sparql", headers={
        "Origin": "https://yasgui.example",
        "Access-Control-Request-Method": "POST",
        "Access-Control-Request-Headers": "content-type",
        "Access-Control-Request-Private-Network": "true",
    })
    assert answer.status_code == 200
    assert answer.headers["access-control-allow-private-network"] == "true"
    assert answer.headers["access-control-allow-origin"] == "https://yasgui.example"


@pytest.mark.parametrize("how", [{"headers": {"Accept": "text/csv"}},
                                 {"params": {"format": "csv"}}])
def test_a_bundled_query_answers_in_csv(client, how):
    answer = client.get("/queries/partner-countries-ranked", **how)
    assert answer.status_code == 200
    assert answer.headers["content-type"].startswith("text/csv")
    lines = answer.text.splitlines()
    assert lines[0] == "country,name,projects,confirmed,esf_grant_sek"
    assert len(lines) > 1


def test_a_bundled_query_refuses_a_format_it_does_not_offer(client):
    assert client.get("/queries/partner-countries-ranked",
                      params={"format": "xml"}).status_code == 406


def test_the_query_page_offers_csv_downloads(client):
    page = client.get("/").text
    assert 'id="csv-query"' in page and 'id="csv-stored"' in page


def test_the_page_and_endpoint_know_the_prefixes(client):
    answer = client.get("/sparql", params={"query": "SELECT ?p { ?p a schema:Project }"},
                        headers={"Accept": "application/sparql-results+json"})
    assert answer.status_code == 200
    assert len(answer.json()["results"]["bindings"]) == 5


def test_a_port_in_use_is_reported_before_anything_is_announced(built):
    with socket.socket() as taken:
        taken.bind(("127.0.0.1", 0))
        taken.listen()
        port = taken.getsockname()[1]
        run = subprocess.run(
            [sys.executable, "-m", "tnkg.cli", "serve", "--out", str(built), "--port", str(port)],
            capture_output=True, text=True, timeout=120)
    assert run.returncode == 2
    assert run.stdout == ""
    assert f"cannot listen on 127.0.0.1:{port}" in run.stderr
    assert run.stderr.count("\n") == 1
