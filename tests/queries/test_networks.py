"""The networkx graphs read from the store: the typed partnership network and its bipartite cuts."""

from __future__ import annotations

import networkx as nx
import pyoxigraph as ox
import pytest

from tnkg.queries.networks import (
    NODE_KINDS,
    analysis_graph,
    build_partnership_network,
    municipality_city_graph,
    project_organisation_graph,
    project_place_graph,
)

ID = "https://w3id.org/tnkg/id/"
T1, T2, T3, T4 = (f"{ID}project/t{i}" for i in range(1, 5))
AF, FK = f"{ID}organisation/arbetsformedlingen", f"{ID}organisation/forsakringskassan"
GB = f"{ID}country/GB"


@pytest.fixture(scope="module")
def G(small_store):
    return build_partnership_network(small_store)


def test_every_node_has_a_known_kind_and_a_label(G):
    assert {kind for _, kind in G.nodes(data="kind")} == set(NODE_KINDS)
    assert all(label for _, label in G.nodes(data="label"))


def test_project_nodes_carry_their_facts(G):
    assert G.nodes[T1] == {
        "kind": "project", "label": "Transnet", "title": "Transnet",
        "owner": "Arbetsmarknadsförvaltningen - Stockholms stad",
        "start_date": "2011-06-14", "end_date": "2014-04-30", "period": "2011-06-14 – 2014-04-30",
        "esf_grant_sek": 8696524, "region": "Stockholm",
    }


def test_a_city_knows_its_country_and_coordinates(G):
    birmingham = G.nodes[f"{ID}city/2655603"]
    assert (birmingham["kind"], birmingham["country"], birmingham["country_code"]) == (
        "city", GB, "GB",
    )
    assert (birmingham["latitude"], birmingham["longitude"]) == (52.48, -1.9)
    assert G.edges[f"{ID}city/2655603", GB]["role"] == "in"


def test_an_organisation_with_two_roles_has_one_edge_with_the_strongest_role(G):
    edge = G.edges[T2, f"{ID}organisation/arbetsformedlingen-falun"]
    assert (edge["role"], edge["roles"]) == ("co-financier", "co-financier partner")


def test_units_are_tied_to_their_agency(G):
    assert G.edges[f"{ID}organisation/arbetsformedlingen-umea", AF]["role"] == "unit-of"


def test_place_ties_keep_their_role_mentions_included(G):
    assert G.edges[T1, f"{ID}city/3133880"]["role"] == "partner"
    assert G.edges[T3, f"{ID}city/3143244"]["role"] == "mention"
    assert G.edges[T1, f"{ID}municipality/0180"]["role"] == "municipality"


def test_network_writes_to_graphml_and_gexf(G, tmp_path):
    nx.write_graphml(G, tmp_path / "g.graphml")
    nx.write_gexf(G, tmp_path / "g.gexf")
    back = nx.read_graphml(tmp_path / "g.graphml")
    assert back.number_of_nodes() == G.number_of_nodes()
    assert back.nodes[T1]["esf_grant_sek"] == 8696524


def test_project_organisation_graph_merges_units_into_the_agency(G):
    B = project_organisation_graph(G)
    assert sorted(B[AF]) == [T1, T2, T4]
    assert sorted(B[FK]) == [T2, T4]
    assert f"{ID}organisation/arbetsformedlingen-umea" not in B
    assert nx.is_bipartite(B)


def test_project_place_graph_counts_a_city_for_its_country_and_skips_mentions(G):
    B = project_place_graph(G)
    assert sorted(B[GB]) == [T1, T2, T3]  # Birmingham, Storbritannien, Nottingham and Glasgow
    assert f"{ID}city/3143244" not in B  # Oslo, only mentioned
    assert not B.has_edge(T3, f"{ID}country/NO")
    assert B.edges[T1, GB]["via"] == f"{ID}city/2655603"


def test_municipality_city_graph_has_the_pairs_of_municipalities_linked_abroad(G):
    M = municipality_city_graph(G)
    assert M.number_of_edges() == 7  # the rows of municipalities-linked-abroad
    assert M.edges[f"{ID}municipality/0580", f"{ID}city/2648579"]["projects"] == (
        "GROWING TOGETHER"
    )
    assert f"{ID}city/2988507" not in M  # Paris is only a related place


def test_analysis_graph_joins_organisations_and_places(G):
    H = analysis_graph(G)
    assert nx.is_connected(H)
    assert {kind for _, kind in H.nodes(data="kind")} == {
        "project", "organisation", "city", "region", "country",
    }


def test_a_project_place_edge_carries_the_sentence_behind_it(G):
    oslo = f"{ID}city/3143244"
    assert G.edges[T1, f"{ID}city/3133880"]["evidence"] == (
        "Våra transnationella partners är Trondheim, Warszawa och Birmingham.")
    assert G.edges[T3, oslo] == {
        "role": "mention", "evidence": "Professorn vid universitetet i Oslo föreläser."}


def test_a_tie_without_a_sentence_gives_an_edge_without_evidence(small_store):
    store = ox.Store()
    evidence = ox.NamedNode("https://w3id.org/tnkg/ontology#evidence")
    trondheim_tie = ox.NamedNode(f"{ID}tie/t1-city-3133880")
    store.extend(q for q in small_store
                 if not (q.subject == trondheim_tie and q.predicate == evidence))
    H = build_partnership_network(store)
    assert H.edges[T1, f"{ID}city/3133880"] == {"role": "partner"}
    assert "evidence" in H.edges[T1, f"{ID}city/756135"]
