"""The streamed GEXF and GraphML read back as the graphs networkx's own writers give."""

import io

import networkx as nx
import pytest

import tnkg.queries.exports as exports
from tnkg.queries.exports import write_gexf, write_graphml
from tnkg.queries.networks import build_partnership_network

READERS = {write_gexf: nx.read_gexf, nx.write_gexf: nx.read_gexf,
           write_graphml: nx.read_graphml, nx.write_graphml: nx.read_graphml}
OURS_AND_THEIRS = [(write_gexf, nx.write_gexf), (write_graphml, nx.write_graphml)]


def _through(writer, G: nx.Graph) -> nx.Graph:
    out = io.BytesIO()
    writer(G, out)
    return READERS[writer](io.BytesIO(out.getvalue()))


def _as_data(G: nx.Graph) -> tuple:
    nodes = sorted((str(n), sorted(a.items())) for n, a in G.nodes(data=True))
    edges = sorted((*sorted((str(u), str(v))), sorted(a.items())) for u, v, a in G.edges(data=True))
    return nodes, edges


def test_docstring_examples_run():
    import doctest

    assert doctest.testmod(exports).failed == 0


@pytest.mark.parametrize(("ours", "theirs"), OURS_AND_THEIRS, ids=["gexf", "graphml"])
def test_sample_network_reads_back_as_from_networkx_writer(small_store, ours, theirs):
    G = build_partnership_network(small_store)
    G.nodes[next(iter(G))]["betweenness"] = 0.25  # a float, as analyze adds
    ours, theirs = _through(ours, G), _through(theirs, G)
    assert _as_data(ours) == _as_data(theirs)
    assert ours.number_of_edges() == G.number_of_edges()


@pytest.mark.parametrize("writer", [write_gexf, write_graphml], ids=["gexf", "graphml"])
@pytest.mark.parametrize(
    "text", ['quote " and <tag> & amp', "new\nline and\ttab", "Malmö – Łódź"]
)
def test_page_text_in_labels_and_attributes_survives(writer, text):
    G = nx.Graph()
    G.add_node("p", label=text, title=text)
    G.add_edge("p", "q", evidence=text)
    back = _through(writer, G)
    assert (back.nodes["p"]["label"], back.nodes["p"]["title"]) == (text, text)
    assert back.edges["p", "q"]["evidence"] == text
