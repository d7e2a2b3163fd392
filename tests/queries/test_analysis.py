"""The overlap measures, and `tnkg analyze`'s files."""

from __future__ import annotations

import csv
import doctest
import json
import random
from itertools import combinations

import networkx as nx
import pytest

import tnkg.queries.analysis as analysis
import tnkg.queries.networks as networks
import tnkg.queries.runner as runner
from tnkg.queries.analysis import (
    analyze_store,
    betweenness_centrality,
    betweenness_sample_size,
    communities,
    count_overlaps,
    overlap_index,
    project_overlaps,
    shared_country_pairs,
    weighted_projection,
)
from tnkg.queries.networks import (
    build_partnership_network,
    project_organisation_graph,
    project_place_graph,
)
from tnkg.queries.runner import load_query, run_query


@pytest.mark.parametrize("module", [analysis, networks, runner], ids=lambda m: m.__name__)
def test_docstring_examples_run(module):
    assert doctest.testmod(module).failed == 0


@pytest.fixture(scope="module")
def G(small_store):
    return build_partnership_network(small_store)


def test_overlaps_list_shared_organisations_places_and_countries(G):
    rows = project_overlaps(project_organisation_graph(G), project_place_graph(G))
    by_pair = {(r["project_a"], r["project_b"]): r for r in rows}
    assert set(by_pair) == {
        ("FRAMSYN ESF", "Transnet"),
        ("FRAMSYN ESF", "Tre-M - matchning, motor, mäklare"),
        ("GROWING TOGETHER", "Transnet"),
        ("GROWING TOGETHER", "Tre-M - matchning, motor, mäklare"),
        ("Transnet", "Tre-M - matchning, motor, mäklare"),
    }
    pair = by_pair["Transnet", "Tre-M - matchning, motor, mäklare"]
    assert (pair["organisations"], pair["cities"], pair["countries"]) == (
        "Arbetsförmedlingen", "", "GB PL",
    )
    # Transnet: owner, AF, Trondheim, Warsaw, Birmingham, NO, PL, GB (8);
    # Tre-M: owner, AF, FK, GB, PL (5); shared AF, GB, PL (3): 3 / (8 + 5 - 3)
    assert pair["jaccard"] == 0.3


def test_networkx_and_sparql_agree_on_pairs_sharing_a_country(small_store, G):
    # the all-pairs join that `shared-partner-countries` was before the build kept overlaps
    by_sparql = {
        (a, b): countries
        for a, b, countries, _ in run_query(
            small_store, load_query(runner.QUERY_DIR.parents[0] / "tests" / "queries" / "data"
                                    / "shared-partner-countries-all-pairs.rq"), {}
        ).rows
    }
    assert shared_country_pairs(project_place_graph(G)) == by_sparql


def _random_bipartite(seed: int, projects: int, hubs: int, edges: int) -> nx.Graph:
    rng = random.Random(seed)
    B = nx.Graph()
    B.add_nodes_from((f"p{i}", {"kind": "project", "label": f"P{i:03d}"}) for i in range(projects))
    B.add_nodes_from((f"h{i}", {"kind": "organisation", "label": f"H{i}"}) for i in range(hubs))
    while B.number_of_edges() < edges:
        B.add_edge(f"p{rng.randrange(projects)}", f"h{rng.randrange(hubs)}")
    return B


@pytest.mark.parametrize("seed", [1, 2, 3])
def test_sparse_projection_equals_the_all_pairs_definition(seed):
    B = _random_bipartite(seed, projects=40, hubs=15, edges=70)
    P = weighted_projection(B)
    projects = [n for n, k in B.nodes(data="kind") if k == "project"]
    for a, b in combinations(projects, 2):
        shared = len(set(B[a]) & set(B[b]))
        union = len(set(B[a]) | set(B[b]))
        if shared:
            assert P.edges[a, b]["weight"] == shared
            assert P.edges[a, b]["jaccard"] == round(shared / union, 4)
        else:
            assert not P.has_edge(a, b)


@pytest.mark.parametrize("seed", [5, 6])
def test_pair_count_and_strongest_pairs_equal_the_all_pairs_definition(seed):
    B = _random_bipartite(seed, projects=60, hubs=12, edges=150)
    index = overlap_index(B, nx.Graph())
    by_rank = {node: i for i, node in enumerate(index.projects)}
    expected = []
    for a, b in combinations(index.projects, 2):
        shared = len(set(B[a]) & set(B[b]))
        if shared:
            i, j = sorted((by_rank[a], by_rank[b]))
            jaccard = shared / len(set(B[a]) | set(B[b]))
            expected.append((-shared, -jaccard, i, j))
    expected.sort()
    # small blocks, so that candidates are pruned between blocks several times
    counted = count_overlaps(index, limit=20, block=7)
    assert counted.pairs == len(expected) and counted.country_pairs == 0
    assert counted.strongest == sorted((i, j) for _, _, i, j in expected[:20])
    assert len(count_overlaps(index, block=7).strongest) == len(expected)


def test_betweenness_is_sampled_past_the_exact_limit(monkeypatch):
    B = _random_bipartite(4, projects=60, hubs=20, edges=120)
    assert betweenness_sample_size(B) is None
    monkeypatch.setattr(analysis, "EXACT_BETWEENNESS_LIMIT", 50)
    monkeypatch.setattr(analysis, "BETWEENNESS_EDGE_BUDGET", 120 * 70)
    assert betweenness_sample_size(B) == 70


def test_louvain_communities_are_the_same_every_run(G):
    H = networks.analysis_graph(G)
    assert communities(H) == communities(networks.analysis_graph(G))


@pytest.fixture(scope="module")
def analyzed(small_store, tmp_path_factory):
    out = tmp_path_factory.mktemp("analyze")
    return out, analyze_store(small_store, out)


def test_analyze_writes_every_file_and_no_temporary_one(analyzed):
    out, summary = analyzed
    names = sorted(p.name for p in out.iterdir())
    assert names == [
        "centrality.csv", "communities.json", "graph.gexf", "graph.graphml", "overlaps.csv",
    ]
    assert [p.name for p in summary.files] == [
        "overlaps.csv", "centrality.csv", "communities.json", "graph.graphml", "graph.gexf",
    ]


def test_analyze_summary_counts_the_pairs(analyzed):
    out, summary = analyzed
    with open(out / "overlaps.csv", encoding="utf-8") as f:
        rows = list(csv.DictReader(f))
    assert summary.pairs == len(rows) == 5
    assert summary.country_pairs == 3
    assert "5 project pairs share" in "\n".join(summary.lines())
    assert "betweenness exact" in summary.lines()


def test_centrality_is_sorted_by_betweenness_and_a_leaf_brokers_nothing(analyzed):
    out, _ = analyzed
    with open(out / "centrality.csv", encoding="utf-8") as f:
        rows = list(csv.DictReader(f))
    assert list(rows[0]) == list(analysis.CENTRALITY_COLUMNS)
    betweenness = [float(r["betweenness"]) for r in rows]
    assert betweenness == sorted(betweenness, reverse=True)
    by_label = {r["label"]: r for r in rows}
    assert by_label["Arbetsförmedlingen"]["degree"] == "3"
    leaf = by_label["Regionförbundet Västerbottens län"]  # owner of FRAMSYN, in no other project
    assert (leaf["degree"], float(leaf["betweenness"])) == ("1", 0.0)
    assert float(by_label["FRAMSYN ESF"]["betweenness"]) > 0


def test_communities_json_covers_every_node_once(analyzed):
    out, summary = analyzed
    data = json.loads((out / "communities.json").read_text(encoding="utf-8"))
    assert (data["method"], data["seed"]) == ("louvain", 42)
    ids = [m["id"] for c in data["communities"] for ms in c["members"].values() for m in ms]
    assert len(ids) == len(set(ids)) == summary.nodes
    assert sum(c["size"] for c in data["components"]) == summary.nodes


def test_exported_graph_carries_the_measures(analyzed):
    out, _ = analyzed
    G = nx.read_graphml(out / "graph.graphml")
    af = G.nodes["https://w3id.org/tnkg/id/organisation/arbetsformedlingen"]
    assert (af["kind"], af["degree"]) == ("organisation", 3)
    assert "community" in af and "betweenness" in af


@pytest.mark.parametrize("seed", [0, 1, 2])
@pytest.mark.parametrize("k", [None, 2, 9, 40])
def test_betweenness_is_networkx_betweenness(seed, k):
    # igraph computes it; networkx's own function is the definition (and its seeded sample)
    G = nx.relabel_nodes(nx.gnm_random_graph(60, 140, seed=seed), lambda i: f"n{i}")
    G.add_node("alone")
    expected = nx.betweenness_centrality(G, k=k, seed=analysis.SEED)
    found = betweenness_centrality(G, k=k)
    assert found.keys() == expected.keys()
    assert all(found[v] == pytest.approx(expected[v], abs=1e-12) for v in G)


@pytest.mark.parametrize("seed", [0, 1, 2, 3])
def test_communities_are_as_good_as_networkx_louvain(seed):
    G = nx.relabel_nodes(nx.gnm_random_graph(80, 200, seed=seed), lambda i: f"n{i}")
    found = communities(G)
    assert set().union(*found) == set(G) and sum(map(len, found)) == len(G)
    reference = nx.community.louvain_communities(G, seed=analysis.SEED)
    modularity = nx.community.modularity
    assert modularity(G, found) >= modularity(G, reference) - 0.02


def test_planted_communities_are_found_as_networkx_finds_them():
    G = nx.relabel_nodes(
        nx.planted_partition_graph(4, 12, 0.9, 0.02, seed=3), lambda i: f"n{i:02d}"
    )
    reference = nx.community.louvain_communities(G, seed=analysis.SEED)
    assert sorted(map(sorted, communities(G))) == sorted(map(sorted, reference))
