"""networkx graphs of the partnership graph, read from the store by the queries of queries/network/.

`build_partnership_network(store)` makes one typed graph of everything a page or
an analysis needs; the bipartite graphs of the analysis are cut from it:

- `project_organisation_graph(G)`: project - organisation, a unit counting for the
  organisation at the top of its `org:unitOf` chain (as in the bundled query
  `organisations-in-several-projects`);
- `project_place_graph(G)`: project - place abroad with role partner, planned or
  related, a city or region also tying the project to its country;
- `municipality_city_graph(G)`: Swedish municipality - city abroad, through projects
  that list the municipality and name the city as a partner or planned partner.

Nodes are the IRIs of the graph. Node attribute `kind` is one of NODE_KINDS,
`label` a readable name; edge attribute `role` says what ties the two (the
roles of extract/vocabulary.py). Attribute values are str, int or float only,
so that every graph writes to GraphML and GEXF as it is.
"""

from __future__ import annotations

from collections import defaultdict
from typing import Any

import networkx as nx
import pyoxigraph as ox

from tnkg.extract.vocabulary import (
    NODE_KINDS,
    ORGANISATION_ROLES,
    PARTNERSHIP_PLACE_ROLES,
    PLACE_ROLES,
)
from tnkg.queries.runner import QUERY_DIR, load_query, run_query

NETWORK_QUERY_DIR = QUERY_DIR / "network"


# the queries of queries/network/ that `build_partnership_network` reads
NETWORK_TABLES = ("projects", "organisations", "memberships", "places", "place-ties",
                  "municipalities", "municipality-lists")


class NetworkTables:
    """The rows `select_rows` gives for each of NETWORK_TABLES, held in memory (read from the
    build's network file, queries/network_file.py): a stand-in for the store."""

    def __init__(self, tables: dict[str, list[dict[str, Any]]]) -> None:
        self._tables = tables

    def rows(self, name: str) -> list[dict[str, Any]]:
        return self._tables[name]


def _rows(source: ox.Store | NetworkTables, name: str) -> list[dict[str, Any]]:
    if isinstance(source, NetworkTables):
        return source.rows(name)
    return select_rows(source, name)


def select_rows(store: ox.Store, name: str) -> list[dict[str, Any]]:
    """The rows of a query of queries/network/ over the union of the store's graphs, as sorted
    plain dicts.

    Sorted so that graphs are built in the same order every time, and seeded
    measures (Louvain, sampled betweenness) give the same result.
    """
    result = run_query(store, load_query(NETWORK_QUERY_DIR / f"{name}.rq"))
    rows = sorted(result.rows, key=lambda row: tuple("" if v is None else str(v) for v in row))
    return [dict(zip(result.columns, row, strict=True)) for row in rows]


def count_projects(source: ox.Store | NetworkTables) -> int:
    """How many projects the graph holds."""
    if isinstance(source, NetworkTables):
        return len({row["p"] for row in source.rows("projects")})
    (row,) = run_query(source, load_query(NETWORK_QUERY_DIR / "project-count.rq")).rows
    return int(row[0])


def _facts(**facts: Any) -> dict[str, Any]:
    """Node or edge attributes without the missing ones (GraphML has no null)."""
    return {k: v for k, v in facts.items() if v is not None and v != ""}


def build_partnership_network(
    store: ox.Store | NetworkTables, *, kinds: tuple[str, ...] = NODE_KINDS
) -> nx.Graph:
    """The typed network of projects, organisations, municipalities and places abroad, read
    from the store or from the tables the build wrote of it (`NetworkTables`; the same rows).

    Node attributes: `kind` (NODE_KINDS), `label`, and facts by kind --
    project: title, owner, start_date, end_date, period, esf_grant_sek, region, fund;
    organisation: parent (IRI of the org:unitOf parent);
    municipality: code, latitude, longitude;
    city: country (the country's node), country_code, geonames_id, name_sv, latitude, longitude;
    region: country, country_code, iso3166_2;
    country: code, name_sv.
    Edge attribute `role`: for project - organisation the strongest of the
    membership roles (owner, co-financier, partner, participant; all of them in
    `roles`, space-separated); for project - place abroad the place role (partner,
    planned, related, mention) and `evidence`, the page's sentence behind it where the
    record has one; otherwise one of NETWORK_EDGE_ROLES.

    `kinds` leaves out what a caller does not need: without "organisation" or
    "municipality" their rows (most of the graph: 217,000 memberships at 10,000
    pages) are not read. Projects and places abroad are always read.

    >>> G = build_partnership_network(ox.Store())
    >>> G.number_of_nodes()
    0
    """
    G = nx.Graph()
    for row in _rows(store, "projects"):
        if row["p"] in G:  # a second title, date or region: keep the first, sorted
            continue
        period = " – ".join(d for d in (row["start"], row["end"]) if d) or None
        grant = row["grant"]
        G.add_node(row["p"], **_facts(
            kind="project", label=row["title"] or row["p"], title=row["title"],
            start_date=row["start"], end_date=row["end"], period=period,
            esf_grant_sek=int(grant) if grant is not None else None, region=row["region"],
            fund=row["fund"],
        ))
    if "organisation" in kinds:
        _add_organisations(G, store)
    _add_places(G, _rows(store, "places"))
    for row in _rows(store, "place-ties"):
        if row["p"] in G and row["x"] in G and row["role"] in PLACE_ROLES:
            G.add_edge(row["p"], row["x"], **_facts(role=row["role"], evidence=row["evidence"]))
    if "municipality" in kinds:
        _add_municipalities(G, store)
    return G


def _add_organisations(G: nx.Graph, store: ox.Store | NetworkTables) -> None:
    for row in _rows(store, "organisations"):
        if row["o"] not in G:
            G.add_node(row["o"], **_facts(kind="organisation", label=row["name"] or row["o"]))
        if row["parent"] and "parent" not in G.nodes[row["o"]]:
            G.nodes[row["o"]]["parent"] = row["parent"]
    for node, parent in list(G.nodes(data="parent")):
        if parent is not None and G.nodes[node].get("kind") == "organisation":
            if parent not in G:
                G.add_node(parent, kind="organisation", label=parent)
            G.add_edge(node, parent, role="unit-of")
    _add_memberships(G, _rows(store, "memberships"))


def _add_municipalities(G: nx.Graph, store: ox.Store | NetworkTables) -> None:
    municipalities = {row["m"]: row for row in _rows(store, "municipalities")}
    for row in _rows(store, "municipality-lists"):
        if row["m"] not in G:
            facts = municipalities.get(row["m"]) or {"name": None, "code": None, "lat": None,
                                                     "lon": None}
            G.add_node(row["m"], **_facts(
                kind="municipality", label=facts["name"] or facts["code"] or row["m"],
                code=facts["code"], latitude=facts["lat"], longitude=facts["lon"],
            ))
        if row["p"] in G:
            G.add_edge(row["p"], row["m"], role="municipality")


def _add_memberships(G: nx.Graph, rows: list[dict[str, Any]]) -> None:
    rank = {role: i for i, role in enumerate(ORGANISATION_ROLES)}
    roles: dict[tuple[str, str], set[int]] = defaultdict(set)
    for row in rows:
        if row["p"] in G and row["role"] in rank:  # a role concept tnkg does not know: none
            if row["o"] not in G:
                G.add_node(row["o"], kind="organisation", label=row["o"])
            roles[row["p"], row["o"]].add(rank[row["role"]])
    for (project, organisation), found in roles.items():
        ordered = [ORGANISATION_ROLES[i] for i in sorted(found)]
        G.add_edge(project, organisation, role=ordered[0], roles=" ".join(ordered))
    owners: dict[str, list[str]] = defaultdict(list)
    for (project, organisation), found in sorted(roles.items()):
        if rank["owner"] in found:
            owners[project].append(str(G.nodes[organisation]["label"]))
    for project, names in owners.items():
        G.nodes[project]["owner"] = "; ".join(names)


def _add_places(G: nx.Graph, rows: list[dict[str, Any]]) -> None:
    countries = {row["x"]: row for row in rows if row["kind"] == "country"}
    for row in rows:
        if row["x"] in G:
            continue
        country = countries.get(row["country"]) if row["country"] else None
        G.add_node(row["x"], **_facts(
            kind=row["kind"], label=row["name"] or row["name_sv"] or row["code"] or row["x"],
            name_sv=row["name_sv"], latitude=row["lat"], longitude=row["lon"],
            code=row["code"] if row["kind"] == "country" else None,
            iso3166_2=row["code"] if row["kind"] == "region" else None,
            geonames_id=row["geonames"], country=row["country"],
            country_code=country["code"] if country else None,
        ))
    for node, country in list(G.nodes(data="country")):
        if country is not None and G.nodes[node].get("kind") in ("city", "region"):
            if country not in G:
                G.add_node(country, kind="country", label=country)
            G.add_edge(node, country, role="in")


def _nodes_of_kind(G: nx.Graph, kind: str) -> list[Any]:
    return [n for n, k in G.nodes(data="kind") if k == kind]


def top_organisation(G: nx.Graph, organisation: Any) -> Any:
    """The organisation at the top of the `unit-of` chain (itself when it has no parent).

    >>> G = nx.Graph()
    >>> G.add_node("af-umea", kind="organisation", parent="af")
    >>> G.add_node("af", kind="organisation")
    >>> top_organisation(G, "af-umea")
    'af'
    """
    seen = {organisation}
    while (parent := G.nodes[organisation].get("parent")) is not None and parent in G:
        if parent in seen:  # a cycle of units: stop where it closes
            break
        seen.add(parent)
        organisation = parent
    return organisation


def project_organisation_graph(G: nx.Graph) -> nx.Graph:
    """Bipartite project - organisation graph, units merged into their top organisation.

    Projects have `bipartite=0`, organisations `bipartite=1`; edge `roles` lists the
    membership roles (space-separated, strongest first).
    """
    B = nx.Graph()
    for project in _nodes_of_kind(G, "project"):
        B.add_node(project, **G.nodes[project], bipartite=0)
        roles_of: dict[Any, set[str]] = defaultdict(set)
        for neighbour in G[project]:
            if G.nodes[neighbour].get("kind") == "organisation":
                top = top_organisation(G, neighbour)
                roles_of[top].update(G.edges[project, neighbour]["roles"].split())
        for top, roles in sorted(roles_of.items(), key=lambda item: str(item[0])):
            if top not in B:
                attrs = {k: v for k, v in G.nodes[top].items() if k != "parent"}
                B.add_node(top, **attrs, bipartite=1)
            ordered = [r for r in ORGANISATION_ROLES if r in roles]
            B.add_edge(project, top, role=ordered[0], roles=" ".join(ordered))
    return B


def project_place_graph(
    G: nx.Graph, *, roles: tuple[str, ...] = PARTNERSHIP_PLACE_ROLES
) -> nx.Graph:
    """Bipartite project - place abroad graph over the given place roles.

    A city or region also ties its project to its country (edge `via` the place),
    so that two projects with partners in Leeds and in Storbritannien share GB.
    Projects have `bipartite=0`, places `bipartite=1`.
    """
    B = nx.Graph()
    for project in _nodes_of_kind(G, "project"):
        B.add_node(project, **G.nodes[project], bipartite=0)
        for place in sorted(G[project], key=str):
            kind = G.nodes[place].get("kind")
            role = G.edges[project, place].get("role")
            if kind not in ("city", "region", "country") or role not in roles:
                continue
            _add_place_edge(G, B, project, place, role)
            country = G.nodes[place].get("country")
            if kind != "country" and country in G:
                _add_place_edge(G, B, project, country, role, via=place)
    return B


def _add_place_edge(G: nx.Graph, B: nx.Graph, project: Any, place: Any, role: str,
                    via: Any = None) -> None:
    if place not in B:
        B.add_node(place, **G.nodes[place], bipartite=1)
    if B.has_edge(project, place):  # keep the strongest role and the direct tie
        old = B.edges[project, place]
        if PLACE_ROLES.index(role) < PLACE_ROLES.index(old["role"]):
            old["role"] = role
        if via is None:
            old.pop("via", None)
        return
    B.add_edge(project, place, **_facts(role=role, via=via))


def municipality_city_graph(G: nx.Graph) -> nx.Graph:
    """Bipartite municipality - city abroad graph; edge `weight` counts the projects.

    An edge ties a municipality of a project's Kommun list to a city that is a
    partner or planned partner of that project (the pairs of the bundled query
    `municipalities-linked-abroad`); `projects` lists their titles.
    """
    M = nx.Graph()
    for project in _nodes_of_kind(G, "project"):
        municipalities = [n for n in G[project] if G.nodes[n].get("kind") == "municipality"]
        cities = [
            n for n in G[project]
            if G.nodes[n].get("kind") == "city"
            and G.edges[project, n].get("role") in ("partner", "planned")
        ]
        title = str(G.nodes[project].get("label"))
        for m in sorted(municipalities, key=str):
            M.add_node(m, **G.nodes[m], bipartite=0)
            for city in sorted(cities, key=str):
                M.add_node(city, **G.nodes[city], bipartite=1)
                if M.has_edge(m, city):
                    M.edges[m, city]["weight"] += 1
                    M.edges[m, city]["projects"] += f"; {title}"
                else:
                    M.add_edge(m, city, weight=1, projects=title)
    return M


def analysis_graph(
    G: nx.Graph, G_org: nx.Graph | None = None, G_place: nx.Graph | None = None
) -> nx.Graph:
    """The two-mode graph the measures run on: projects with their organisations and places.

    The union of `project_organisation_graph` and `project_place_graph` (pass them
    when they are made already): a project is close to another when they share an
    organisation, a place or a country.
    """
    H = nx.compose(
        G_org if G_org is not None else project_organisation_graph(G),
        G_place if G_place is not None else project_place_graph(G),
    )
    for node in H:
        H.nodes[node].pop("bipartite", None)
    return H
