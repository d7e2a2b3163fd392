"""Partner-overlap measures on the networkx graphs of `tnkg.queries.networks`.

One function per measure, taking a graph `G` and returning plain dicts or rows.
Pair-wise overlap grows with the square of the projects, so it is never
computed over all pairs of projects: only pairs that share an organisation or
place are ever seen (a sparse matrix product, `count_overlaps` of
kg/overlaps.py, which the build uses too). Even so, with an agency in half the
projects, 10,000 projects make tens of millions of sharing pairs: they are all
counted, and overlaps.csv can list only the `max_pairs` that share most.

`analyze_store(store, out_dir)` runs them all and writes overlaps.csv,
centrality.csv, communities.json, graph.graphml and graph.gexf (each
atomically), which is what `tnkg analyze` does.
"""

from __future__ import annotations

import csv
import json
import math
import random
from collections import defaultdict
from collections.abc import Callable, Iterable
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import networkx as nx
import pyoxigraph as ox

from tnkg.errors import QueryError
from tnkg.files import atomic_writer
from tnkg.kg.overlaps import (
    COUNTRY,
    COUNTRY_PAIR_COLUMNS,
    ORGANISATION,
    PLACE,
    OverlapIndex,
    count_overlaps,
    country_pair_rows,
    make_overlap_index,
    overlap_rows,
)
from tnkg.queries.exports import attribute_types, write_gexf, write_graphml
from tnkg.queries.networks import (
    NetworkTables,
    analysis_graph,
    build_partnership_network,
    project_organisation_graph,
    project_place_graph,
)

SEED = 42
EXACT_BETWEENNESS_LIMIT = 2000  # nodes; past this betweenness is estimated from k sources
BETWEENNESS_EDGE_BUDGET = 5_000_000  # about k * edges traversals a sampled estimate may take
MIN_BETWEENNESS_SAMPLE = 32

OVERLAP_COLUMNS = (
    "project_a", "project_b", "organisations", "cities", "countries",
    "n_organisations", "n_cities", "n_countries", "jaccard", "project_a_iri", "project_b_iri",
)
CENTRALITY_COLUMNS = (
    "node", "kind", "label", "degree", "degree_centrality", "betweenness", "community",
    "component",
)


def _is_project(G: nx.Graph, node: Any) -> bool:
    return G.nodes[node].get("kind") == "project"


def weighted_projection(B: nx.Graph) -> nx.Graph:
    """The projects of a bipartite graph, linked when they share a neighbour.

    Edge `weight` counts the shared neighbours, `jaccard` divides it by the
    neighbours either project has. Sparse: only pairs that share a node are made, by the
    matrix product of `count_overlaps`.

    >>> B = nx.Graph()
    >>> B.add_nodes_from(["p1", "p2", "p3"], kind="project")
    >>> B.add_nodes_from(["af", "fk", "sida"], kind="organisation")
    >>> B.add_edges_from([("p1", "af"), ("p2", "af"), ("p2", "fk"), ("p1", "fk"), ("p3", "sida")])
    >>> P = weighted_projection(B)
    >>> P.edges["p1", "p2"]["weight"], P.edges["p1", "p2"]["jaccard"], P.has_edge("p1", "p3")
    (2, 1.0, False)
    """
    P = nx.Graph()
    P.add_nodes_from((n, B.nodes[n]) for n in B if _is_project(B, n))
    index = overlap_index(B, nx.Graph())
    counted = count_overlaps(index)
    for (i, j), weight in zip(counted.strongest, counted.shared, strict=True):
        a, b = index.projects[i], index.projects[j]
        jaccard = round(weight / (B.degree(a) + B.degree(b) - weight), 4)
        P.add_edge(a, b, weight=weight, jaccard=jaccard)
    return P


def overlap_index(G_org: nx.Graph, G_place: nx.Graph) -> OverlapIndex:
    """The `OverlapIndex` (kg/overlaps.py) of the bipartite graphs of
    `project_organisation_graph` and `project_place_graph`: hubs are their node ids."""
    def label(G: nx.Graph, node: Any) -> str:
        return str(G.nodes[node].get("label") or node)

    titles: dict[Any, str] = {}
    ties: dict[Any, set[Any]] = defaultdict(set)
    facts: dict[Any, tuple[int, str]] = {}
    for G, is_org in ((G_org, True), (G_place, False)):
        for node in G:
            if _is_project(G, node):
                titles.setdefault(node, label(G, node))
                ties[node].update(G[node])
            elif is_org:
                facts[node] = (ORGANISATION, label(G, node))
            elif G.nodes[node].get("kind") == "country":
                facts[node] = (COUNTRY, str(G.nodes[node].get("code") or label(G, node)))
            else:
                facts[node] = (PLACE, label(G, node))
    return make_overlap_index(titles, ties, facts)


def project_overlaps(
    G_org: nx.Graph, G_place: nx.Graph, *, limit: int | None = None
) -> list[dict[str, Any]]:
    """Project pairs sharing organisations, cities (or regions) abroad or countries.

    `G_org` and `G_place` are the bipartite graphs of `project_organisation_graph`
    and `project_place_graph`. One row per pair, `project_a` the title sorting
    first, rows in the order of (project_a, project_b); with `limit`, only the
    pairs sharing most (see `count_overlaps`).

    >>> O = nx.Graph()
    >>> O.add_nodes_from([("p1", {"kind": "project", "label": "B"}),
    ...                   ("p2", {"kind": "project", "label": "A"}),
    ...                   ("af", {"kind": "organisation", "label": "Arbetsförmedlingen"})])
    >>> O.add_edges_from([("p1", "af"), ("p2", "af")])
    >>> L = nx.Graph()
    >>> L.add_nodes_from([("p1", {"kind": "project", "label": "B"}),
    ...                   ("p2", {"kind": "project", "label": "A"}),
    ...                   ("gb", {"kind": "country", "label": "United Kingdom", "code": "GB"}),
    ...                   ("pl", {"kind": "country", "label": "Poland", "code": "PL"})])
    >>> L.add_edges_from([("p1", "gb"), ("p2", "gb"), ("p2", "pl")])
    >>> row = project_overlaps(O, L)[0]
    >>> row["project_a"], row["organisations"], row["countries"], row["jaccard"]
    ('A', 'Arbetsförmedlingen', 'GB', 0.6667)
    >>> project_overlaps(nx.Graph(), nx.Graph())
    []
    """
    index = overlap_index(G_org, G_place)
    return list(overlap_rows(index, count_overlaps(index, limit=limit).strongest))


def shared_country_pairs(G_place: nx.Graph) -> dict[tuple[str, str], str]:
    """(title_a, title_b) -> shared ISO codes, as the query `shared-partner-countries` gives.

    >>> L = nx.Graph()
    >>> L.add_nodes_from([("p1", {"kind": "project", "label": "Transnet"}),
    ...                   ("p2", {"kind": "project", "label": "Tre-M"}),
    ...                   ("gb", {"kind": "country", "code": "GB"})])
    >>> L.add_edges_from([("p1", "gb"), ("p2", "gb")])
    >>> shared_country_pairs(L)
    {('Transnet', 'Tre-M'): 'GB'}
    """
    return {
        (row["project_a"], row["project_b"]): row["countries"]
        for row in project_overlaps(nx.Graph(), G_place)
        if row["countries"]
    }


def degree(G: nx.Graph) -> dict[Any, int]:
    """Number of neighbours of each node.

    >>> degree(nx.path_graph(3))
    {0: 1, 1: 2, 2: 1}
    """
    return dict(G.degree())


def degree_centrality(G: nx.Graph) -> dict[Any, float]:
    """Degree divided by the largest possible degree (networkx's normalisation).

    >>> degree_centrality(nx.path_graph(3))
    {0: 0.5, 1: 1.0, 2: 0.5}
    """
    return nx.degree_centrality(G)


def betweenness_sample_size(G: nx.Graph) -> int | None:
    """How many source nodes a betweenness estimate samples; None when exact is affordable.

    Exact betweenness visits every edge once from every node (n * m steps);
    past EXACT_BETWEENNESS_LIMIT nodes that takes minutes in Python, so k
    sources are sampled, k chosen to keep k * m within BETWEENNESS_EDGE_BUDGET.

    >>> betweenness_sample_size(nx.path_graph(10)) is None
    True
    """
    n = G.number_of_nodes()
    if n <= EXACT_BETWEENNESS_LIMIT:
        return None
    k = BETWEENNESS_EDGE_BUDGET // max(G.number_of_edges(), 1)
    return max(MIN_BETWEENNESS_SAMPLE, min(k, n))


def _igraph(G: nx.Graph, *, directed: bool = False):
    """G as an igraph Graph (nodes numbered in G's order), for the measures networkx's pure
    Python takes minutes over at 20,000 nodes. Undirected edges become both arcs when
    `directed`, so that paths are counted from each source as networkx counts them."""
    import igraph

    position = {node: i for i, node in enumerate(G)}
    edges = [(position[u], position[v]) for u, v in G.edges()]
    if directed:
        edges += [(v, u) for u, v in edges]
    return igraph.Graph(n=len(position), edges=edges, directed=directed)


def betweenness_centrality(G: nx.Graph, *, k: int | None = None, seed: int = SEED) -> dict:
    """Normalised betweenness; estimated from `k` seeded source nodes when k is given.

    networkx's definition and normalisation, and with `k` its sample of sources (the same
    seed draws the same nodes), computed by igraph's C: a test holds the two equal.

    >>> betweenness_centrality(nx.path_graph(3))
    {0: 0.0, 1: 1.0, 2: 0.0}
    """
    n = G.number_of_nodes()
    if n < 3:
        return dict.fromkeys(G, 0.0)
    nodes = list(G)
    sources = random.Random(seed).sample(nodes, k) if k is not None and k < n else None
    # directed, so that a path s -> t counts once per source s: networkx's accumulation
    position = {node: i for i, node in enumerate(nodes)}
    raw = _igraph(G, directed=True).betweenness(
        directed=True, sources=None if sources is None else [position[s] for s in sources]
    )
    if sources is None:
        scale = 1 / ((n - 1) * (n - 2))
        return {node: raw[i] * scale for i, node in enumerate(nodes)}
    # networkx 3.5 and later: a sampled source cannot be its own path's inner node
    sampled = set(sources)
    source_scale = 1 / ((k - 1) * (n - 2)) if k > 1 else math.nan
    other_scale = 1 / (k * (n - 2))
    return {node: raw[i] * (source_scale if node in sampled else other_scale)
            for i, node in enumerate(nodes)}


def communities(G: nx.Graph, *, seed: int = SEED) -> list[set[Any]]:
    """Louvain communities with a fixed seed, largest first (ties by their smallest node).

    igraph's multilevel (Louvain) algorithm in C, its random order drawn from a generator
    seeded with `seed`, so that a run gives the same communities every time; a test holds
    their modularity to networkx's `louvain_communities`.

    >>> G = nx.Graph([(1, 2), (2, 3), (1, 3), (4, 5), (5, 6), (4, 6), (3, 4)])
    >>> [sorted(c) for c in communities(G)]
    [[1, 2, 3], [4, 5, 6]]
    """
    import igraph

    if G.number_of_edges() == 0:
        return [{n} for n in sorted(G, key=str)]
    nodes = list(G)
    igraph.set_random_number_generator(random.Random(seed))
    try:
        clustering = _igraph(G).community_multilevel()
    finally:
        igraph.set_random_number_generator(random)
    found = [{nodes[i] for i in members} for members in clustering]
    return sorted(found, key=lambda c: (-len(c), min(str(n) for n in c)))


def components(G: nx.Graph) -> list[set[Any]]:
    """Connected components, largest first (ties by their smallest node).

    >>> [sorted(c) for c in components(nx.Graph([(1, 2), (3, 4), (4, 5)]))]
    [[3, 4, 5], [1, 2]]
    """
    return sorted(nx.connected_components(G), key=lambda c: (-len(c), min(str(n) for n in c)))


# --------------------------------------------------------------------------- the whole analysis


@dataclass(frozen=True, slots=True)
class AnalysisSummary:
    projects: int
    organisations: int
    places: int
    pairs: int  # project pairs sharing an organisation, city or country
    country_pairs: int  # of which sharing a country
    pairs_listed: int  # rows of overlaps.csv: the pairs sharing most, at most max_pairs
    communities: int
    components: int
    largest_component: int
    betweenness_sample: int | None  # None: exact
    nodes: int  # of the two-mode network the measures run on
    edges: int
    network_nodes: int  # of the whole partnership network graph.graphml and graph.gexf hold
    network_edges: int
    files: tuple[Path, ...]

    def lines(self) -> list[str]:
        if self.betweenness_sample is None:
            betweenness = "betweenness exact"
        else:
            betweenness = (
                f"betweenness ESTIMATED from {self.betweenness_sample} sampled source nodes "
                f"of {self.nodes} (seed {SEED}; exact past {EXACT_BETWEENNESS_LIMIT} nodes "
                "would take minutes)"
            )
        return [
            f"measured: {self.projects} projects, {self.organisations} organisations, "
            f"{self.places} places abroad ({self.nodes} nodes, {self.edges} edges; units "
            "counted for their organisation)",
            f"graph.graphml, graph.gexf: {self.network_nodes} nodes, {self.network_edges} edges "
            "(the whole partnership network: also municipalities and organisation units)",
            f"overlaps: {self.pairs} project pairs share an organisation, city or country "
            f"({self.country_pairs} share a country)"
            + (
                f"; overlaps.csv lists the {self.pairs_listed} that share most (--max-pairs)"
                if self.pairs_listed < self.pairs else ""
            ),
            f"communities: {self.communities} (Louvain, seed {SEED}); connected components: "
            f"{self.components}, the largest with {self.largest_component} nodes",
            betweenness,
            "wrote " + ", ".join(str(p) for p in self.files),
        ]


def analyze_store(
    store: ox.Store, out_dir: str | Path, *, max_pairs: int | None = None,
    country_pairs: bool = False, network: NetworkTables | None = None,
) -> AnalysisSummary:
    """Run every measure on the store's graph and write the result files into OUT_DIR.

    overlaps.csv lists every sharing pair up to `max_pairs` (None: no limit),
    else the `max_pairs` pairs sharing most; with `country_pairs`, country-pairs.csv
    lists every pair sharing a country. `network`, the store's network tables as the build
    wrote them (`read_network_file`), is read instead of the store: the same files, sooner.
    """
    G = build_partnership_network(network if network is not None else store)
    G_org, G_place = project_organisation_graph(G), project_place_graph(G)
    index = overlap_index(G_org, G_place)
    overlaps = count_overlaps(index, limit=max_pairs)
    H = analysis_graph(G, G_org, G_place)
    k = betweenness_sample_size(H)
    between = betweenness_centrality(H, k=k)
    degrees = degree(H)
    degree_c = degree_centrality(H)
    found = communities(H)
    parts = components(H)
    community_of = {n: i for i, c in enumerate(found) for n in c}
    component_of = {n: i for i, c in enumerate(parts) for n in c}

    centrality_rows = [
        {
            "node": n,
            "kind": H.nodes[n].get("kind", ""),
            "label": H.nodes[n].get("label", n),
            "degree": degrees[n],
            "degree_centrality": round(degree_c[n], 6),
            "betweenness": round(between[n], 6),
            "community": community_of[n],
            "component": component_of[n],
        }
        for n in H
    ]
    centrality_rows.sort(key=lambda r: (-r["betweenness"], -r["degree"], str(r["label"])))

    # the exported network carries the measures, for colouring and sizing in Gephi
    for n in H:
        G.nodes[n].update(
            degree=degrees[n], betweenness=round(between[n], 6),
            community=community_of[n], component=component_of[n],
        )

    out_dir = Path(out_dir)
    try:
        out_dir.mkdir(parents=True, exist_ok=True)
    except OSError as error:
        raise QueryError(f"{out_dir}: cannot create the output folder: {error}") from error
    types = attribute_types(G)
    files = (
        _write_atomic(
            out_dir / "overlaps.csv",
            lambda f: _write_csv(f, OVERLAP_COLUMNS, overlap_rows(index, overlaps.strongest)),
        ),
        _write_atomic(
            out_dir / "centrality.csv",
            lambda f: _write_csv(f, CENTRALITY_COLUMNS, centrality_rows),
        ),
        _write_atomic(
            out_dir / "communities.json",
            lambda f: json.dump(
                _communities_json(H, found, parts, k), f, ensure_ascii=False, indent=2
            ),
        ),
        _write_atomic(out_dir / "graph.graphml", lambda f: write_graphml(G, f, types=types),
                      binary=True),
        _write_atomic(out_dir / "graph.gexf", lambda f: write_gexf(G, f, types=types),
                      binary=True),
    )
    if country_pairs:
        files += (_write_atomic(
            out_dir / "country-pairs.csv", lambda f: _write_rows(f, COUNTRY_PAIR_COLUMNS,
                                                                 country_pair_rows(index)),
        ),)
    kinds = [H.nodes[n].get("kind") for n in H]
    return AnalysisSummary(
        projects=kinds.count("project"),
        organisations=kinds.count("organisation"),
        places=sum(kinds.count(k) for k in ("city", "region", "country")),
        pairs=overlaps.pairs,
        country_pairs=overlaps.country_pairs,
        pairs_listed=len(overlaps.strongest),
        communities=len(found),
        components=len(parts),
        largest_component=len(parts[0]) if parts else 0,
        betweenness_sample=k,
        nodes=H.number_of_nodes(),
        edges=H.number_of_edges(),
        network_nodes=G.number_of_nodes(),
        network_edges=G.number_of_edges(),
        files=files,
    )


def _communities_json(
    H: nx.Graph, found: list[set[Any]], parts: list[set[Any]], k: int | None
) -> dict[str, Any]:
    def members(nodes: set[Any]) -> dict[str, list[dict[str, str]]]:
        by_kind: dict[str, list[dict[str, str]]] = defaultdict(list)
        for n in sorted(nodes, key=lambda n: (str(H.nodes[n].get("label", n)), str(n))):
            by_kind[H.nodes[n].get("kind", "other")].append(
                {"id": str(n), "label": str(H.nodes[n].get("label", n))}
            )
        return dict(sorted(by_kind.items()))

    return {
        "method": "louvain",
        "seed": SEED,
        "graph": "projects with their organisations (units merged into the top organisation) "
        "and places abroad with role partner, planned or related",
        "nodes": H.number_of_nodes(),
        "edges": H.number_of_edges(),
        "betweenness": "exact" if k is None else f"estimated from {k} sampled sources",
        "communities": [
            {"id": i, "size": len(c), "members": members(c)} for i, c in enumerate(found)
        ],
        "components": [{"id": i, "size": len(c)} for i, c in enumerate(parts)],
    }


def _write_csv(f: Any, columns: tuple[str, ...], rows: Iterable[dict[str, Any]]) -> None:
    writer = csv.DictWriter(f, fieldnames=columns, lineterminator="\n")
    writer.writeheader()
    writer.writerows(rows)


def _write_rows(f: Any, columns: tuple[str, ...], rows: Iterable[tuple]) -> None:
    writer = csv.writer(f, lineterminator="\n")
    writer.writerow(columns)
    writer.writerows(rows)


def _write_atomic(path: Path, write: Callable[[Any], None], *, binary: bool = False) -> Path:
    """Write a file of the analysis atomically (tnkg/files.py): a reader never sees half of it,
    and a failed run leaves the old one."""
    try:
        with atomic_writer(path, durable=False, text=not binary) as f:
            write(f)
    except OSError as error:
        raise QueryError(f"{path}: cannot write: {error}") from error
    return path
