"""The streamed GEXF reads back as the graph networkx's own writer gives."""

import io

import networkx as nx
import pytest

import tnkg.queries.gexf as gexf
from tnkg.queries.gexf import write_gexf
from tnkg.queries.networks import build_partnership_network


def _through(writer, G: nx.Graph) -> nx.Graph:
    out = io.BytesIO()
    writer(G, out)
    return nx.read_gexf(io.BytesIO(out.getvalue()))


def _as_data(G: nx.Graph) -> tuple:
    nodes = sorted((str(n), sorted(a.items())) for n, a in G.nodes(data=True))
    edges = sorted((*sorted((str(u), str(v))), sorted(a.items())) for u, v, a in G.edges(data=True))
    return nodes, edges


def test_docstring_examples_run():
    import doctest

    assert doctest.testmod(gexf).failed == 0


def test_sample_network_reads_back_as_from_networkx_writer(small_store):
    G = build_partnership_network(small_store)
    G.nodes[next(iter(G))]["betweenness"] = 0.25  # a float, as analyze adds
    ours, theirs = _through(write_gexf, G), _through(nx.write_gexf, G)
    assert _as_data(ours) == _as_data(theirs)
    assert ours.number_of_edges() == G.number_of_edges()


@pytest.mark.parametrize(
    "text", ['quote " and <tag> & amp', "new\nline and\ttab", "Malmö – Łódź"]
)
def test_page_text_in_labels_and_attributes_survives(text):
    G = nx.Graph()
    G.add_node("p", label=text, title=text)
    G.add_edge("p", "q", evidence=text)
    back = _through(write_gexf, G)
    assert (back.nodes["p"]["label"], back.nodes["p"]["title"]) == (text, text)
    assert back.edges["p", "q"]["evidence"] == text
