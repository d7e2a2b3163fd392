"""Property: graph.ttl and graph.trig parse back whatever names and text pages hold.

The writer turns minted IRIs into prefixed names (`organisation:...`) when the local part
is safe; names from pages decide those local parts. Existing properties cover the rest:
any text parses to a record or an ExtractError and any bytes decode or fail cleanly
(tests/extract/test_parser_properties.py), IRIs are valid and stable for any key
(tests/kg/test_iri.py), literals round-trip through N-Triples, Turtle and TriG
(tests/kg/test_ntriples.py).
"""

from __future__ import annotations

import io

import pyoxigraph as ox
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from rdflib import Graph, Literal, URIRef

from tnkg.kg.iri import DEFAULT_BASE_IRI, Minter, data_prefixes
from tnkg.kg.namespace import PREFIXES, SCHEMA
from tnkg.kg.ntriples import LineWriter, iri
from tnkg.kg.turtle import TurtleWriter

MINTER = Minter()
TEXT = st.text(st.characters(exclude_categories=("Cs",)), max_size=40)
# names as pages write them, and the characters that make Turtle local names hard
NAMES = st.one_of(
    TEXT,
    st.text(st.sampled_from(list("aÖ .-_%:/#?'\"\\~!$&()*+,;=@0\u200b\u0308")), max_size=12),
)
SETTINGS = settings(max_examples=200, deadline=None, suppress_health_check=[HealthCheck.too_slow])


def minted(name: str, project: str) -> list[URIRef]:
    return [
        MINTER.organisation(name),
        MINTER.project(project),
        MINTER.membership(project, "partner", name),
        MINTER.region("DE", None, name),
        MINTER.esf_region(name),
        MINTER.amount(project, name),
    ]


@SETTINGS
@given(st.lists(st.tuples(NAMES, NAMES, TEXT), min_size=1, max_size=5))
def test_turtle_and_trig_of_any_names_and_text_parse_back_to_the_same_triples(rows):
    writer = LineWriter()
    expected = set()
    for name, project, text in rows:
        nodes = minted(name, project)
        for subject, target in zip(nodes, nodes[1:], strict=False):
            expected.add((subject, SCHEMA.member, target))
            expected.add((subject, SCHEMA.name, Literal(text)))
    lines = sorted({writer.line(triple) for triple in expected})
    turtle = TurtleWriter({**PREFIXES, **data_prefixes(DEFAULT_BASE_IRI)})

    out = io.StringIO()
    turtle.write_graph(lines, out)
    assert set(Graph().parse(data=out.getvalue(), format="turtle")) == expected
    parsed = {(t.subject.value, t.predicate.value, t.object.value)
              for t in ox.parse(out.getvalue().encode("utf-8"), ox.RdfFormat.TURTLE)}
    assert parsed == {tuple(str(term) for term in triple) for triple in expected}

    out = io.StringIO()
    graph = iri(str(MINTER.source("0" * 64)))
    turtle.write_dataset([(graph, lines)], out)
    quads = list(ox.parse(out.getvalue().encode("utf-8"), ox.RdfFormat.TRIG))
    assert len(quads) == len(expected)
    assert {q.graph_name.value for q in quads} == {str(MINTER.source("0" * 64))}
