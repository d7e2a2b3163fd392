"""Partner-overlap measures on the networkx graphs of `tnkg.queries.networks`.

One function per measure, taking a graph `G` and returning plain dicts or rows.
Pair-wise overlap grows with the square of the projects, so it is never
computed over all pairs of projects: each organisation or place hands out the
pairs of its own projects, and only pairs that share something are ever seen.

`analyze_store(store, out_dir)` runs them all and writes overlaps.csv,
centrality.csv, communities.json, graph.graphml and graph.gexf (each
atomically), which is what `tnkg analyze` does.
"""

from __future__ import annotations

import csv
import json
import os
import tempfile
from bisect import bisect_right
from collections import defaultdict
from collections.abc import Callable, Iterable, Iterator
from dataclasses import dataclass
from itertools import combinations
from pathlib import Path
from typing import Any

import networkx as nx
import pyoxigraph as ox

from tnkg.errors import QueryError
from tnkg.queries.networks import (
    analysis_graph,
    build_partnership_network,
    project_organisation_graph,
    project_place_graph,
)

SEED = 42
EXACT_BETWEENNESS_LIMIT = 2000  # nodes; past this betweenness is estimated from k sources
BETWEENNESS_EDGE_BUDGET = 10_000_000  # about k * edges traversals a sampled estimate may take
MIN_BETWEENNESS_SAMPLE = 64

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


def _project_pairs(G: nx.Graph, hubs: Iterable[Any]) -> Iterable[tuple[Any, Any, Any]]:
    """(project_a, project_b, hub) for every two projects tied to the same hub node."""
    for hub in hubs:
        projects = sorted((n for n in G[hub] if _is_project(G, n)), key=str)
        for a, b in combinations(projects, 2):
            yield a, b, hub


def weighted_projection(B: nx.Graph) -> nx.Graph:
    """The projects of a bipartite graph, linked when they share a neighbour.

    Edge `weight` counts the shared neighbours, `jaccard` divides it by the
    neighbours either project has. Sparse: only pairs that share a node are made.

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
    hubs = [n for n in B if not _is_project(B, n)]
    for a, b, _hub in _project_pairs(B, hubs):
        if P.has_edge(a, b):
            P.edges[a, b]["weight"] += 1
        else:
            P.add_edge(a, b, weight=1)
    for a, b, data in P.edges(data=True):
        data["jaccard"] = round(data["weight"] / (B.degree(a) + B.degree(b) - data["weight"]), 4)
    return P


def iter_project_overlaps(G_org: nx.Graph, G_place: nx.Graph) -> Iterator[dict[str, Any]]:
    """Project pairs sharing organisations, cities (or regions) abroad or countries, one by one.

    `G_org` and `G_place` are the bipartite graphs of `project_organisation_graph`
    and `project_place_graph`. One row per pair, `project_a` the title sorting
    first, rows in the order of (project_a, project_b); shared names sorted,
    countries as ISO codes; `jaccard` is the shared share of all organisations
    and places of the two projects.

    Row by row, like a sparse matrix product: for each project, only the
    projects reached through its own organisations and places are visited, and
    a row is handed out before the next project starts, so memory stays that
    of one project's row however many pairs there are.

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
    >>> row = next(iter_project_overlaps(O, L))
    >>> row["project_a"], row["organisations"], row["countries"], row["jaccard"]
    ('A', 'Arbetsförmedlingen', 'GB', 0.6667)
    """
    def label(G: nx.Graph, node: Any) -> str:
        return str(G.nodes[node].get("label") or node)

    projects = sorted(
        {n for G in (G_org, G_place) for n in G if _is_project(G, n)},
        key=lambda n: (label(G_org if n in G_org else G_place, n), str(n)),
    )
    rank = {n: i for i, n in enumerate(projects)}
    # each hub: its layer (0 organisations, 1 cities and regions, 2 countries), its name, and
    # the ranks of its projects, sorted, so that a project finds the later ones by bisection
    hubs: dict[Any, tuple[int, str, list[int]]] = {}
    for G, is_org in ((G_org, True), (G_place, False)):
        for hub in G:
            if _is_project(G, hub):
                continue
            if is_org:
                layer, name = 0, label(G, hub)
            elif G.nodes[hub].get("kind") == "country":
                layer, name = 2, str(G.nodes[hub].get("code") or label(G, hub))
            else:
                layer, name = 1, label(G, hub)
            ranks = sorted(rank[n] for n in G[hub] if _is_project(G, n))
            if len(ranks) > 1:
                hubs[hub] = (layer, name, ranks)
    size = [
        (G_org.degree(n) if n in G_org else 0) + (G_place.degree(n) if n in G_place else 0)
        for n in projects
    ]
    for i, a in enumerate(projects):
        shared: dict[int, tuple[list[str], list[str], list[str]]] = {}
        for G in (G_org, G_place):
            if a not in G:
                continue
            for hub in G[a]:
                if hub not in hubs:
                    continue
                layer, name, ranks = hubs[hub]
                for j in ranks[bisect_right(ranks, i):]:
                    if j not in shared:
                        shared[j] = ([], [], [])
                    shared[j][layer].append(name)
        for j in sorted(shared):
            orgs, places, countries = shared[j]
            n_shared = len(orgs) + len(places) + len(countries)
            b = projects[j]
            yield {
                "project_a": label(G_org if a in G_org else G_place, a),
                "project_b": label(G_org if b in G_org else G_place, b),
                "organisations": "; ".join(sorted(orgs)),
                "cities": "; ".join(sorted(places)),
                "countries": " ".join(sorted(countries)),
                "n_organisations": len(orgs),
                "n_cities": len(places),
                "n_countries": len(countries),
                "jaccard": round(n_shared / (size[i] + size[j] - n_shared), 4),
                "project_a_iri": a,
                "project_b_iri": b,
            }


def project_overlaps(G_org: nx.Graph, G_place: nx.Graph) -> list[dict[str, Any]]:
    """All rows of `iter_project_overlaps`, as a list (for graphs whose pairs fit in memory).

    >>> project_overlaps(nx.Graph(), nx.Graph())
    []
    """
    return list(iter_project_overlaps(G_org, G_place))


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
        for row in iter_project_overlaps(nx.Graph(), G_place)
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


def betweenness_centrality(G: nx.Graph, *, k: int | None = None, seed: int = SEED) -> dict:
    """Normalised betweenness; estimated from `k` seeded source nodes when k is given.

    >>> betweenness_centrality(nx.path_graph(3))
    {0: 0.0, 1: 1.0, 2: 0.0}
    """
    if k is not None and k < G.number_of_nodes():
        return nx.betweenness_centrality(G, k=k, seed=seed)
    return nx.betweenness_centrality(G)


def communities(G: nx.Graph, *, seed: int = SEED) -> list[set[Any]]:
    """Louvain communities with a fixed seed, largest first (ties by their smallest node).

    >>> G = nx.Graph([(1, 2), (2, 3), (1, 3), (4, 5), (5, 6), (4, 6), (3, 4)])
    >>> [sorted(c) for c in communities(G)]
    [[1, 2, 3], [4, 5, 6]]
    """
    if G.number_of_edges() == 0:
        return [{n} for n in sorted(G, key=str)]
    found = nx.community.louvain_communities(G, seed=seed)
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
    communities: int
    components: int
    largest_component: int
    betweenness_sample: int | None  # None: exact
    nodes: int
    edges: int
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
            f"network: {self.projects} projects, {self.organisations} organisations, "
            f"{self.places} places abroad ({self.nodes} nodes, {self.edges} edges)",
            f"overlaps: {self.pairs} project pairs share an organisation, city or country "
            f"({self.country_pairs} share a country)",
            f"communities: {self.communities} (Louvain, seed {SEED}); connected components: "
            f"{self.components}, the largest with {self.largest_component} nodes",
            betweenness,
            "wrote " + ", ".join(str(p) for p in self.files),
        ]


def analyze_store(store: ox.Store, out_dir: str | Path) -> AnalysisSummary:
    """Run every measure on the store's graph and write the result files into OUT_DIR."""
    G = build_partnership_network(store)
    G_org = project_organisation_graph(G)
    G_place = project_place_graph(G)
    H = analysis_graph(G)
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

    pairs: dict[str, int] = {}  # filled while overlaps.csv is written
    out_dir = Path(out_dir)
    try:
        out_dir.mkdir(parents=True, exist_ok=True)
    except OSError as error:
        raise QueryError(f"{out_dir}: cannot create the output folder: {error}") from error
    files = (
        _write_atomic(
            out_dir / "overlaps.csv",
            lambda f: pairs.update(_write_overlaps(f, iter_project_overlaps(G_org, G_place))),
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
        _write_atomic(out_dir / "graph.graphml", lambda f: nx.write_graphml(G, f), binary=True),
        _write_atomic(out_dir / "graph.gexf", lambda f: nx.write_gexf(G, f), binary=True),
    )
    kinds = [H.nodes[n].get("kind") for n in H]
    return AnalysisSummary(
        projects=kinds.count("project"),
        organisations=kinds.count("organisation"),
        places=sum(kinds.count(k) for k in ("city", "region", "country")),
        pairs=pairs["pairs"],
        country_pairs=pairs["country_pairs"],
        communities=len(found),
        components=len(parts),
        largest_component=len(parts[0]) if parts else 0,
        betweenness_sample=k,
        nodes=H.number_of_nodes(),
        edges=H.number_of_edges(),
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


def _write_overlaps(f: Any, rows: Iterable[dict[str, Any]]) -> dict[str, int]:
    """Stream the overlap rows into a CSV file; how many pairs, and how many share a country."""
    writer = csv.DictWriter(f, fieldnames=OVERLAP_COLUMNS, lineterminator="\n")
    writer.writeheader()
    counts = {"pairs": 0, "country_pairs": 0}
    for row in rows:
        writer.writerow(row)
        counts["pairs"] += 1
        counts["country_pairs"] += bool(row["countries"])
    return counts


def _write_csv(f: Any, columns: tuple[str, ...], rows: list[dict[str, Any]]) -> None:
    writer = csv.DictWriter(f, fieldnames=columns, lineterminator="\n")
    writer.writeheader()
    writer.writerows(rows)


def _write_atomic(path: Path, write: Callable[[Any], None], *, binary: bool = False) -> Path:
    """Write through a temporary file in the same folder, then rename it over PATH.

    A reader never sees a half-written file, and a failed run leaves the old one.
    """
    fd, tmp = tempfile.mkstemp(dir=path.parent, prefix=f".{path.name}.", suffix=".tmp")
    try:
        mode = "wb" if binary else "w"
        with os.fdopen(fd, mode, **({} if binary else {"encoding": "utf-8", "newline": ""})) as f:
            write(f)
        os.replace(tmp, path)
    except BaseException as error:
        Path(tmp).unlink(missing_ok=True)
        if isinstance(error, OSError):
            raise QueryError(f"{path}: cannot write: {error}") from error
        raise
    return path
