"""Partner-overlap measures on the networkx graphs of `tnkg.queries.networks`.

One function per measure, taking a graph `G` and returning plain dicts or rows.
Pair-wise overlap grows with the square of the projects, so it is never
computed over all pairs of projects: only pairs that share an organisation or
place are ever seen (a sparse matrix product, `count_overlaps`). Even so, with
an agency in half the projects, 10,000 projects make tens of millions of
sharing pairs: they are all counted, and overlaps.csv can list only the
`max_pairs` that share most.

`analyze_store(store, out_dir)` runs them all and writes overlaps.csv,
centrality.csv, communities.json, graph.graphml and graph.gexf (each
atomically), which is what `tnkg analyze` does.
"""

from __future__ import annotations

import csv
import json
from collections import defaultdict
from collections.abc import Callable, Iterable, Iterator
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import networkx as nx
import numpy as np
import pyoxigraph as ox
import scipy.sparse as sp

from tnkg.errors import QueryError
from tnkg.files import atomic_writer
from tnkg.queries.exports import write_gexf, write_graphml
from tnkg.queries.networks import (
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


@dataclass(frozen=True, slots=True)
class OverlapIndex:
    """Projects against the organisations, places and countries they share, as a sparse matrix.

    Row i is `projects[i]` (sorted by title, then IRI); column h is a hub tied to
    two or more projects, with its layer (0 organisation, 1 city or region,
    2 country) and the name a row shows; `sizes[i]` counts every organisation
    and place of project i, shared or not (the Jaccard denominator).
    """

    projects: list[Any]
    titles: list[str]
    hub_layers: np.ndarray
    hub_names: list[str]
    incidence: sp.csr_matrix  # projects x hubs, 1 where a project is tied to a hub
    sizes: np.ndarray


def overlap_index(G_org: nx.Graph, G_place: nx.Graph) -> OverlapIndex:
    """The `OverlapIndex` of the bipartite graphs of `project_organisation_graph` and
    `project_place_graph`."""
    def label(G: nx.Graph, node: Any) -> str:
        return str(G.nodes[node].get("label") or node)

    projects = sorted(
        {n for G in (G_org, G_place) for n in G if _is_project(G, n)},
        key=lambda n: (label(G_org if n in G_org else G_place, n), str(n)),
    )
    rank = {n: i for i, n in enumerate(projects)}
    layers: list[int] = []
    names: list[str] = []
    rows: list[int] = []
    columns: list[int] = []
    for G, is_org in ((G_org, True), (G_place, False)):
        for hub in G:
            if _is_project(G, hub):
                continue
            ranks = [rank[n] for n in G[hub] if _is_project(G, n)]
            if len(ranks) < 2:  # shared by no pair
                continue
            if is_org:
                layer, name = 0, label(G, hub)
            elif G.nodes[hub].get("kind") == "country":
                layer, name = 2, str(G.nodes[hub].get("code") or label(G, hub))
            else:
                layer, name = 1, label(G, hub)
            rows += ranks
            columns += [len(layers)] * len(ranks)
            layers.append(layer)
            names.append(name)
    incidence = sp.csr_matrix(
        (np.ones(len(rows), dtype=np.int32), (rows, columns)),
        shape=(len(projects), len(layers)),
    )
    incidence.sort_indices()
    sizes = np.array([
        (G_org.degree(n) if n in G_org else 0) + (G_place.degree(n) if n in G_place else 0)
        for n in projects
    ], dtype=np.int64)
    titles = [label(G_org if n in G_org else G_place, n) for n in projects]
    return OverlapIndex(
        projects, titles, np.array(layers, dtype=np.int8), names, incidence, sizes
    )


@dataclass(frozen=True, slots=True)
class OverlapCount:
    pairs: int  # project pairs sharing an organisation, a city or region, or a country
    country_pairs: int  # of which sharing a country
    strongest: list[tuple[int, int]]  # (i, j), i < j, sorted: the pairs sharing most
    shared: list[int]  # how many organisations and places each of them shares


def count_overlaps(
    index: OverlapIndex, *, limit: int | None = None, block: int = 512
) -> OverlapCount:
    """Count the project pairs that share something, and pick the `limit` sharing most.

    A sparse matrix product (incidence times its transpose) gives every pair's
    shared count without visiting pairs that share nothing, in C. It runs a
    block of projects at a time against the projects after them, keeping at
    most twice `limit` candidates, so memory holds one block's pairs, not all
    of them. "Most" is the number of shared organisations and places, then the
    Jaccard overlap, then title order. `limit` None keeps every pair.
    """
    M = index.incidence
    countries = M.multiply(index.hub_layers[np.newaxis, :] == 2).tocsr()
    pairs = country_pairs = 0
    kept: list[tuple[np.ndarray, ...]] = []
    kept_rows = 0
    least_shared = 1  # a pair sharing fewer than the weakest kept one cannot get in
    for start in range(0, M.shape[0], block):
        i, j, shared = _upper_pairs(M, start, block)
        pairs += len(i)
        country_pairs += len(_upper_pairs(countries, start, block)[0])
        if least_shared > 1:
            strong = shared >= least_shared
            i, j, shared = i[strong], j[strong], shared[strong]
        kept.append((i, j, shared, shared / (index.sizes[i] + index.sizes[j] - shared)))
        kept_rows += len(i)
        if limit is not None and kept_rows > 2 * limit:
            kept = [_strongest(kept, limit)]
            kept_rows = len(kept[0][0])
            least_shared = int(kept[0][2].min())
    i, j, shared, _ = _strongest(kept, limit) if kept else (np.array([], dtype=np.int64),) * 4
    order = np.lexsort((j, i))
    strongest = list(zip(i[order].tolist(), j[order].tolist(), strict=True))
    return OverlapCount(pairs, country_pairs, strongest, shared[order].tolist())


def _upper_pairs(M: sp.csr_matrix, start: int, block: int) -> tuple[np.ndarray, ...]:
    """(i, j, shared count) of the pairs of rows start..start+block with later rows, j > i."""
    coo = (M[start:start + block] @ M[start:].T).tocoo()
    upper = coo.col > coo.row  # column c is row start + c, as row r is start + r
    i = coo.row[upper].astype(np.int64) + start
    j = coo.col[upper].astype(np.int64) + start
    return i, j, coo.data[upper].astype(np.int64)


def _strongest(kept: list[tuple[np.ndarray, ...]], limit: int | None) -> tuple[np.ndarray, ...]:
    """The `limit` pairs of the blocks sharing most (count, Jaccard, then i and j)."""
    i, j, shared, jaccard = (np.concatenate(column) for column in zip(*kept, strict=True))
    if limit is None or len(i) <= limit:
        return i, j, shared, jaccard
    keep = np.lexsort((j, i, -jaccard, -shared))[:limit]
    return i[keep], j[keep], shared[keep], jaccard[keep]


def overlap_rows(index: OverlapIndex, pairs: Iterable[tuple[int, int]]) -> Iterator[dict]:
    """The overlaps.csv row of each pair (i, j) of `index`: shared names sorted, countries
    as ISO codes, `jaccard` the shared share of all organisations and places of the two."""
    M = index.incidence
    for i, j in pairs:
        found: tuple[list[str], list[str], list[str]] = ([], [], [])
        hubs_a = M.indices[M.indptr[i]:M.indptr[i + 1]]
        hubs_b = M.indices[M.indptr[j]:M.indptr[j + 1]]
        for hub in np.intersect1d(hubs_a, hubs_b, assume_unique=True).tolist():
            found[index.hub_layers[hub]].append(index.hub_names[hub])
        orgs, places, countries = (sorted(names) for names in found)
        n_shared = len(orgs) + len(places) + len(countries)
        yield {
            "project_a": index.titles[i],
            "project_b": index.titles[j],
            "organisations": "; ".join(orgs),
            "cities": "; ".join(places),
            "countries": " ".join(countries),
            "n_organisations": len(orgs),
            "n_cities": len(places),
            "n_countries": len(countries),
            "jaccard": round(n_shared / int(index.sizes[i] + index.sizes[j] - n_shared), 4),
            "project_a_iri": index.projects[i],
            "project_b_iri": index.projects[j],
        }


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
    pairs_listed: int  # rows of overlaps.csv: the pairs sharing most, at most max_pairs
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
    store: ox.Store, out_dir: str | Path, *, max_pairs: int | None = None
) -> AnalysisSummary:
    """Run every measure on the store's graph and write the result files into OUT_DIR.

    overlaps.csv lists every sharing pair up to `max_pairs` (None: no limit),
    else the `max_pairs` pairs sharing most.
    """
    G = build_partnership_network(store)
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
        _write_atomic(out_dir / "graph.graphml", lambda f: write_graphml(G, f), binary=True),
        _write_atomic(out_dir / "graph.gexf", lambda f: write_gexf(G, f), binary=True),
    )
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


def _write_atomic(path: Path, write: Callable[[Any], None], *, binary: bool = False) -> Path:
    """Write a file of the analysis atomically (tnkg/files.py): a reader never sees half of it,
    and a failed run leaves the old one."""
    try:
        with atomic_writer(path, durable=False, text=not binary) as f:
            write(f)
    except OSError as error:
        raise QueryError(f"{path}: cannot write: {error}") from error
    return path
