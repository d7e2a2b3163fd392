"""The build's own N-Triples lines and Turtle/TriG writer parse back to what went in."""

import io

import pyoxigraph as ox
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st
from rdflib import Graph, Literal, URIRef
from rdflib.compare import isomorphic
from rdflib.namespace import XSD

from tnkg.kg import store as store_module
from tnkg.kg.namespace import PREFIXES
from tnkg.kg.nodes import Shared
from tnkg.kg.ntriples import LineWriter, iri, literal, term
from tnkg.kg.store import StoreLoader
from tnkg.kg.turtle import TurtleWriter

S = "https://w3id.org/tnkg/id/project/abc"
P = "https://schema.org/name"
# any text a page can hold: every code point but the surrogates, which UTF-8 cannot carry
TEXT = st.text(st.characters(exclude_categories=("Cs",)))


def parse_nt_with_rdflib(line: str) -> Literal:
    graph = Graph().parse(data=line + " .\n", format="nt")
    return next(iter(graph.objects()))


def parse_with_oxigraph(data: str, fmt: ox.RdfFormat) -> list:
    return list(ox.parse(data.encode("utf-8"), fmt))


@settings(max_examples=300, deadline=None)
@given(TEXT)
def test_any_text_round_trips_as_a_plain_literal(text):
    line = f"{iri(S)} {iri(P)} {literal(text)}"
    assert parse_nt_with_rdflib(line) == Literal(text)
    (triple,) = parse_with_oxigraph(line + " .\n", ox.RdfFormat.N_TRIPLES)
    assert triple.object == ox.Literal(text)


@settings(max_examples=150, deadline=None)
@given(TEXT, st.sampled_from(["sv", "en", "de-CH"]))
def test_any_text_round_trips_with_a_language(text, language):
    line = f"{iri(S)} {iri(P)} {literal(text, language=language)}"
    assert parse_nt_with_rdflib(line) == Literal(text, lang=language)
    (triple,) = parse_with_oxigraph(line + " .\n", ox.RdfFormat.N_TRIPLES)
    assert triple.object == ox.Literal(text, language=language)


@settings(max_examples=150, deadline=None)
@given(TEXT)
def test_any_text_round_trips_through_the_turtle_and_trig_writers(text):
    writer = LineWriter()
    lines = sorted({
        writer.line((URIRef(S), URIRef(P), Literal(text))),
        writer.line((URIRef(S), URIRef(P), Literal("2024-01-01", datatype=XSD.date))),
    })
    turtle = TurtleWriter(PREFIXES)
    with_turtle = _written(turtle.write_graph, lines)
    parsed = Graph().parse(data=with_turtle, format="turtle")
    assert set(parsed.objects()) == {Literal(text), Literal("2024-01-01", datatype=XSD.date)}
    assert {t.object for t in parse_with_oxigraph(with_turtle, ox.RdfFormat.TURTLE)} == {
        ox.Literal(text), ox.Literal("2024-01-01", datatype=ox.NamedNode(str(XSD.date)))
    }
    graph = iri("https://w3id.org/tnkg/id/source/0")
    with_trig = _written(turtle.write_dataset, [(graph, lines)])
    quads = parse_with_oxigraph(with_trig, ox.RdfFormat.TRIG)
    assert {q.graph_name.value for q in quads} == {"https://w3id.org/tnkg/id/source/0"}
    assert ox.Literal(text) in {q.object for q in quads}


def _written(method, data) -> str:
    out = io.StringIO()
    method(data, out)
    return out.getvalue()


@pytest.mark.parametrize(
    "local",
    ["abc", "2080", "kommun-2026-utvecklingscentrum", "a%C3%A5b", "ends.", "-starts", "a/b",
     "x#y", "", "a.b", "_under", "100%25"],
)
def test_iris_become_prefixed_names_only_where_turtle_allows(local):
    subject = f"https://w3id.org/tnkg/id/organisation/{local}"
    turtle = TurtleWriter({**PREFIXES, "organisation": "https://w3id.org/tnkg/id/organisation/"})
    lines = [f"{iri(subject)} {iri('http://www.w3.org/1999/02/22-rdf-syntax-ns#type')} "
             f"{iri('http://www.w3.org/ns/org#Organization')}"]
    text = _written(turtle.write_graph, lines)
    (triple,) = parse_with_oxigraph(text, ox.RdfFormat.TURTLE)
    assert triple.subject.value == subject
    assert set(Graph().parse(data=text, format="turtle").subjects()) == {URIRef(subject)}
    assert " a org:Organization" in text


def test_turtle_groups_a_subjects_statements_under_one_head():
    writer = LineWriter()
    triples = [
        (URIRef(S), URIRef(P), Literal("b")),
        (URIRef(S), URIRef(P), Literal("a")),
        (URIRef(S), URIRef("http://purl.org/dc/terms/title"), Literal("t")),
        (URIRef(S + "x"), URIRef(P), Literal("c")),
    ]
    lines = sorted(writer.line(t) for t in triples)
    text = _written(TurtleWriter({"schema": "https://schema.org/", "dcterms":
                                  "http://purl.org/dc/terms/"}).write_graph, lines)
    body = text.split("\n\n", 1)[1]
    assert body.count(f"<{S}> ") == 1 and body.count(f"<{S}x> ") == 1
    assert '    schema:name "a" ,\n        "b" .' in body
    expected = Graph()
    for t in triples:
        expected.add(t)
    assert isomorphic(Graph().parse(data=text, format="turtle"), expected)


def test_a_shared_block_is_written_once_and_reused():
    writer = LineWriter()
    block = Shared([(URIRef(S), URIRef(P), Literal("x"))])
    first, second = set(), set()
    writer.add(first, [block])
    writer.add(second, [block, (URIRef(S), URIRef(P), Literal("y"))])
    assert first == {f'<{S}> <{P}> "x"'}
    assert second == {f'<{S}> <{P}> "x"', f'<{S}> <{P}> "y"'}
    # the same line object: a block's lines are made once, not once per page
    assert next(iter(first)) is next(line for line in second if line.endswith('"x"'))


def test_blocks_go_to_the_shared_lines_and_triples_to_the_page():
    writer = LineWriter()
    block = Shared([(URIRef(S), URIRef(P), Literal("x"))])
    page_one, page_two, shared = set(), set(), set()
    writer.add(page_one, [block, (URIRef(S), URIRef(P), Literal("y"))], shared)
    writer.add(page_two, [block], shared)
    assert page_one == {f'<{S}> <{P}> "y"'}
    assert page_two == set()
    assert shared == {f'<{S}> <{P}> "x"'}


def test_an_iri_with_a_character_n_triples_forbids_is_refused():
    with pytest.raises(ValueError, match="holds ' '"):
        iri("https://example.org/a b")
    with pytest.raises(ValueError, match="not an IRI or a literal"):
        term("plain string")


def test_a_failed_store_load_is_raised_by_the_build_thread_not_hung(tmp_path, monkeypatch):
    def broken(staging, source):
        raise ValueError("disk full")

    monkeypatch.setattr(store_module, "write_store", broken)
    loader = StoreLoader(tmp_path)
    block = TurtleWriter(PREFIXES).graph_block(
        iri("https://w3id.org/tnkg/id/source/0"), [f'<{S}> <{P}> "{i}"' for i in range(50_000)]
    )
    with pytest.raises(ValueError, match="disk full"):
        for _ in range(20):  # more than the pipe holds: feed() meets the closed pipe
            loader.feed(block)
        loader.result()
    loader.close()


def test_trig_written_for_the_store_loads_every_graph(tmp_path):
    loader = StoreLoader(tmp_path)
    graphs = {
        iri(f"https://w3id.org/tnkg/id/source/{n}"): [f'<{S}> <{P}> "{n}"', f'<{S}> <{P}> "x"']
        for n in range(3)
    }
    turtle = TurtleWriter({"id": "https://w3id.org/tnkg/id/"})
    loader.feed(turtle.header())
    for graph, lines in graphs.items():
        loader.feed(turtle.graph_block(graph, sorted(lines)))
    generation = loader.result()
    store = ox.Store.read_only(str(generation))
    assert len(store) == 6
    assert {g.value for g in store.named_graphs()} == {g[1:-1] for g in graphs}
    one = ox.NamedNode("https://w3id.org/tnkg/id/source/1")
    assert {q.object.value for q in store.quads_for_pattern(None, None, None, one)} == {"1", "x"}
