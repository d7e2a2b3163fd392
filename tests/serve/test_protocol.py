"""The SPARQL 1.1 Protocol at /sparql, held against rdflib's reading of the same data."""

from __future__ import annotations

import csv
import io
import json
import time
import urllib.parse

import pytest
import rdflib
from rdflib.compare import isomorphic
from rdflib.plugins.stores.sparqlstore import SPARQLStore
from serve_support import MAX_RESULTS, TIMEOUT, fetch, get_query, json_rows, local_rows
from SPARQLWrapper import JSON, JSONLD, TURTLE, SPARQLWrapper
from SPARQLWrapper.SPARQLExceptions import QueryBadFormed

PROLOGUE = """PREFIX tnkg: <https://w3id.org/tnkg/ontology#>
PREFIX schema: <https://schema.org/>
PREFIX dcterms: <http://purl.org/dc/terms/>
"""
TITLES = PROLOGUE + "SELECT DISTINCT ?p ?title WHERE { ?p a schema:Project ; dcterms:title ?title }"
PARTNER_COUNTRIES = PROLOGUE + """SELECT DISTINCT ?title ?cc WHERE {
  ?tie a tnkg:PlaceTie ; tnkg:project ?p ; tnkg:place ?place ; tnkg:placeRole ?role .
  FILTER(?role IN (tnkg:PartnerPlace, tnkg:PlannedPlace))
  { ?place tnkg:iso3166Code ?cc ; a schema:Country } UNION
  { ?place schema:containedInPlace ?c . ?c a schema:Country ; tnkg:iso3166Code ?cc }
  ?p dcterms:title ?title .
}"""
COUNTRIES_GRAPH = PROLOGUE + """CONSTRUCT { ?c a schema:Country ; schema:name ?n ; ?label ?sv }
WHERE { ?c a schema:Country ; schema:name ?n ; ?label ?sv . FILTER(LANG(?sv) = "sv") }"""
ASK_GERMANY = PROLOGUE + 'ASK { ?c tnkg:iso3166Code "DE" }'
ASK_NORWAY = PROLOGUE + 'ASK { ?c tnkg:iso3166Code "NO" }'
PROJECT = "https://w3id.org/tnkg/id/project/p1"
HEAVY = "SELECT (COUNT(*) AS ?n) WHERE { ?a ?b ?c . ?d ?e ?f . ?g ?h ?i . ?j ?k ?l . ?m ?q ?r }"
COUNT_ALL = "SELECT (COUNT(*) AS ?n) WHERE { GRAPH ?g { ?s ?p ?o } }"


def _csv_rows(text: str) -> set[tuple[str, ...]]:
    return {tuple(row) for row in list(csv.reader(io.StringIO(text)))[1:]}


def _tsv_rows(text: str) -> set[tuple[str, ...]]:
    # TSV writes RDF terms: IRIs in <>, literals quoted; strip back to the plain values
    rows = set()
    for line in text.splitlines()[1:]:
        cells = []
        for cell in line.split("\t"):
            if cell.startswith("<") and cell.endswith(">"):
                cells.append(cell[1:-1])
            else:
                cells.append(json.loads(cell) if cell.startswith('"') else cell)
        rows.add(tuple(cells))
    return rows


def _xml_rows(text: str) -> set[tuple[str, ...]]:
    result = rdflib.query.Result.parse(io.BytesIO(text.encode()), format="xml")
    return {tuple(str(value) for value in row) for row in result}


SELECT_FORMATS = [
    ("application/sparql-results+json", json_rows),
    ("application/sparql-results+xml", _xml_rows),
    ("text/csv", _csv_rows),
    ("text/tab-separated-values", _tsv_rows),
]


@pytest.mark.parametrize(("media_type", "read_rows"), SELECT_FORMATS)
def test_select_answers_in_each_results_format(server, local_graph, media_type, read_rows):
    answer = get_query(server, PARTNER_COUNTRIES, media_type)
    assert answer.status == 200, answer.text
    assert answer.content_type.startswith(media_type)
    expected = local_rows(local_graph, PARTNER_COUNTRIES)
    assert expected  # the oracle is not trivially empty
    assert read_rows(answer.text) == expected


@pytest.mark.parametrize(("media_type", "true_marker"), [
    ("application/sparql-results+json", '"boolean":true'),
    ("application/sparql-results+xml", "<boolean>true</boolean>"),
    ("text/csv", "true"),
    ("text/tab-separated-values", "true"),
])
def test_ask_answers_in_each_results_format(server, media_type, true_marker):
    yes = get_query(server, ASK_GERMANY, media_type)
    no = get_query(server, ASK_NORWAY, media_type)
    assert (yes.status, no.status) == (200, 200)
    assert yes.content_type.startswith(media_type)
    assert true_marker in yes.text.replace(" ", "")
    assert true_marker not in no.text.replace(" ", "")


GRAPH_FORMATS = [
    ("text/turtle", "turtle"),
    ("application/n-triples", "nt"),
    ("application/ld+json", "json-ld"),
    ("application/rdf+xml", "xml"),
]


@pytest.mark.parametrize(("media_type", "rdflib_format"), GRAPH_FORMATS)
def test_construct_answers_in_each_graph_format(server, local_graph, media_type, rdflib_format):
    answer = get_query(server, COUNTRIES_GRAPH, media_type)
    assert answer.status == 200, answer.text
    assert answer.content_type.startswith(media_type)
    received = rdflib.Graph().parse(data=answer.text, format=rdflib_format)
    expected = local_graph.query(COUNTRIES_GRAPH).graph
    assert len(expected) == 9
    assert isomorphic(received, expected)


@pytest.mark.parametrize(("media_type", "rdflib_format"), GRAPH_FORMATS)
def test_describe_answers_in_each_graph_format(server, local_graph, media_type, rdflib_format):
    answer = get_query(server, f"DESCRIBE <{PROJECT}>", media_type)
    assert answer.status == 200, answer.text
    received = rdflib.Graph().parse(data=answer.text, format=rdflib_format)
    titles = set(received.objects(rdflib.URIRef(PROJECT), rdflib.DCTERMS.title))
    assert titles == {rdflib.Literal("Kompetensutveckling i Gävleborg")}
    assert set(received.subjects()) >= {rdflib.URIRef(PROJECT)}


def test_get_form_post_and_direct_post_give_the_same_answer(server):
    by_get = get_query(server, TITLES)
    by_form = fetch(f"{server}/sparql", data=urllib.parse.urlencode({"query": TITLES}).encode(),
                    headers={"Content-Type": "application/x-www-form-urlencoded"})
    by_body = fetch(f"{server}/sparql", data=TITLES.encode(),
                    headers={"Content-Type": "application/sparql-query"})
    assert by_get.status == by_form.status == by_body.status == 200
    assert json_rows(by_get.text) == json_rows(by_form.text) == json_rows(by_body.text)
    assert len(json_rows(by_get.text)) == 3


def test_sparqlwrapper_reads_select_and_construct(server, local_graph):
    client = SPARQLWrapper(f"{server}/sparql")
    client.setQuery(TITLES)
    client.setReturnFormat(JSON)
    document = client.query().convert()
    titles = {binding["title"]["value"] for binding in document["results"]["bindings"]}
    assert titles == {title for _, title in local_rows(local_graph, TITLES)}

    for return_format in (TURTLE, JSONLD):
        client.setQuery(COUNTRIES_GRAPH)
        client.setReturnFormat(return_format)
        graph = client.queryAndConvert()
        if not isinstance(graph, rdflib.Graph):  # SPARQLWrapper hands Turtle back as bytes
            graph = rdflib.Graph().parse(data=graph, format="turtle")
        assert isomorphic(graph, local_graph.query(COUNTRIES_GRAPH).graph)


def test_sparqlwrapper_sees_a_malformed_query_as_bad(server):
    client = SPARQLWrapper(f"{server}/sparql")
    client.setQuery("SELECT * WHERE { ?s ?p }")
    client.setReturnFormat(JSON)
    with pytest.raises(QueryBadFormed, match="error at 1:"):
        client.query()


def test_rdflib_sparqlstore_queries_the_endpoint(server, local_graph):
    for return_format in ("json", "xml"):  # xml is rdflib's default, and the one for graphs
        graph = rdflib.Graph(SPARQLStore(f"{server}/sparql", returnFormat=return_format))
        rows = {tuple(str(value) for value in row) for row in graph.query(PARTNER_COUNTRIES)}
        assert rows == local_rows(local_graph, PARTNER_COUNTRIES)
        assert graph.query(ASK_GERMANY).askAnswer is True
        assert graph.query(ASK_NORWAY).askAnswer is False
    constructed = graph.query(COUNTRIES_GRAPH).graph
    assert isomorphic(constructed, local_graph.query(COUNTRIES_GRAPH).graph)


@pytest.mark.parametrize("query", [
    "SELECT * WHERE { ?s ?p }",
    "SELEKT ?s WHERE { ?s ?p ?o }",
    "PREFIX x: <http://x/> SELECT * WHERE { ?s undeclared:p ?o }",
])
def test_malformed_query_gets_400_with_the_parser_message(server, query):
    answer = get_query(server, query)
    assert answer.status == 400
    assert answer.text.startswith("malformed query: error at 1:")


def _count_quads(server) -> int:
    return int(json_rows(get_query(server, COUNT_ALL).text).pop()[0])


UPDATE = 'INSERT DATA { <http://x/s> <http://x/p> "planted" }'


@pytest.mark.parametrize(("data", "content_type", "status"), [
    (urllib.parse.urlencode({"update": UPDATE}).encode(), "application/x-www-form-urlencoded",
     403),
    (UPDATE.encode(), "application/sparql-update", 403),
    # an update sent as a query gets the same read-only answer (issue 17), not a parse error
    (urllib.parse.urlencode({"query": UPDATE}).encode(), "application/x-www-form-urlencoded", 403),
    (UPDATE.encode(), "application/sparql-query", 403),
    (b"CLEAR ALL", "application/sparql-update", 403),
    (urllib.parse.urlencode({"update": "LOAD <http://127.0.0.1:1/x.ttl>"}).encode(),
     "application/x-www-form-urlencoded", 403),
])
def test_update_is_refused_and_leaves_the_store_unchanged(server, data, content_type, status):
    before = _count_quads(server)
    answer = fetch(f"{server}/sparql", data=data, headers={"Content-Type": content_type})
    assert answer.status == status
    if status == 403:
        assert "read-only" in answer.text
    assert _count_quads(server) == before > 0
    planted = get_query(server, 'ASK { GRAPH ?g { ?s ?p "planted" } }')
    assert json.loads(planted.text)["boolean"] is False


def test_update_by_get_is_refused(server):
    url = f"{server}/sparql?" + urllib.parse.urlencode({"update": UPDATE})
    assert fetch(url).status == 403


def test_runaway_query_is_stopped_at_the_time_limit_and_the_server_goes_on(server):
    started = time.monotonic()
    answer = get_query(server, HEAVY)
    elapsed = time.monotonic() - started
    assert answer.status == 503
    assert "time limit" in answer.text
    assert TIMEOUT <= elapsed < TIMEOUT + 10
    # the killed worker is replaced: queries keep being answered by the full pool
    for _ in range(4):
        assert get_query(server, TITLES).status == 200
    health = json.loads(fetch(f"{server}/health").text)
    assert health["status"] == "ok"


def test_result_larger_than_the_limit_is_refused_with_a_clear_error(server):
    everything = "SELECT ?s ?p ?o WHERE { ?s ?p ?o }"
    answer = get_query(server, everything)
    assert answer.status == 422
    assert f"more than {MAX_RESULTS} rows" in answer.text
    limited = get_query(server, everything + f" LIMIT {MAX_RESULTS}")
    assert limited.status == 200
    assert len(json.loads(limited.text)["results"]["bindings"]) == MAX_RESULTS
    graph = get_query(server, "CONSTRUCT WHERE { ?s ?p ?o }", "text/turtle")
    assert graph.status == 422
    assert "triples" in graph.text


def test_federated_service_is_refused(server):
    answer = get_query(server, "SELECT * WHERE { SERVICE <http://127.0.0.1:1/sparql> "
                               "{ ?s ?p ?o } }")
    assert answer.status == 400
    assert "SERVICE" in answer.text


def test_the_word_service_inside_data_is_not_a_service_clause(server):
    query = PROLOGUE + 'SELECT ?e WHERE { ?t tnkg:evidence ?e FILTER(CONTAINS(?e, "service")) }'
    answer = get_query(server, query)
    assert answer.status == 200
    assert len(json.loads(answer.text)["results"]["bindings"]) == 1


@pytest.mark.parametrize(("accept", "params", "status", "media_type"), [
    ("text/html,application/xhtml+xml,*/*;q=0.8", {}, 200, "application/sparql-results+json"),
    ("application/json", {}, 200, "application/sparql-results+json"),
    ("text/csv;q=0.2, application/sparql-results+xml;q=0.9", {}, 200,
     "application/sparql-results+xml"),
    ("text/*", {}, 200, "text/csv"),
    ("", {"format": "tsv"}, 200, "text/tab-separated-values"),
    ("application/sparql-results+json", {"output": "csv"}, 200, "text/csv"),
    ("image/png", {}, 406, "text/plain"),
    ("text/turtle", {}, 406, "text/plain"),
])
def test_content_negotiation_for_select(server, accept, params, status, media_type):
    answer = get_query(server, TITLES, accept, **params)
    assert answer.status == status, answer.text
    assert answer.content_type.startswith(media_type)


def test_unknown_content_type_gets_415(server):
    answer = fetch(f"{server}/sparql", data=b"{}", headers={"Content-Type": "application/json"})
    assert answer.status == 415


def test_missing_query_gets_400(server):
    # (a GET without a query is the Service Description: tests/serve/test_linked.py)
    answer = fetch(f"{server}/sparql", data=b"", method="POST",
                   headers={"Content-Type": "application/x-www-form-urlencoded"})
    assert answer.status == 400


def test_default_graph_uri_narrows_the_dataset(server):
    one_page = "https://w3id.org/tnkg/id/source/bbb2"
    answer = get_query(server, TITLES, **{"default-graph-uri": one_page})
    assert answer.status == 200
    assert {title for _, title in json_rows(answer.text)} == {'Unga <b>vuxna</b> & "arbete"'}
