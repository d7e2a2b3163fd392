"""Project overlaps: which projects share organisations, places abroad or countries.

Two projects overlap when they share an organisation (a unit counting for the
organisation at the top of its chain), a city or region abroad, or a country
(a city or region counting for its country), the places taken with role
partner, planned or related. Pairs grow with the square of the projects (with
an agency in nearly every project, 10,000 projects make 46 million sharing
pairs), so they are never listed pair by pair: a sparse matrix product
(projects x hubs, times its transpose) counts every pair's shared hubs in C,
a block of projects at a time.

`OverlapIndex` is that matrix; `count_overlaps` picks from it the pairs sharing
most overall and each project's strongest overlaps; `overlap_triples` writes
those pairs as `tnkg:ProjectOverlap` nodes, the build's overlap graph
(ontology/MODEL.md), and `overlap_rows` as the rows of overlaps.csv. The index
is made from records here (`record_overlap_index`, for the build) and from the
network read out of the store by `tnkg.queries.analysis` (for `tnkg analyze`);
a test holds the two to the same pairs.

"Most" is the number of shared hubs, then the Jaccard overlap (shared hubs over
all organisations and places of the two), then the projects' order by title.
"""

from __future__ import annotations

from collections.abc import Iterable, Iterator, Mapping
from dataclasses import dataclass
from itertools import islice
from typing import Any
from urllib.parse import unquote

import numpy as np
import scipy.sparse as sp
from rdflib import Literal, URIRef
from rdflib.namespace import RDF, XSD

from tnkg.extract import registers
from tnkg.extract.record import ProjectRecord
from tnkg.extract.vocabulary import PARTNERSHIP_PLACE_ROLES
from tnkg.kg.iri import Minter, project_key
from tnkg.kg.namespace import TNKG
from tnkg.kg.nodes import Triple, place_iri
from tnkg.kg.triples import scb_municipality_code

ORGANISATION, PLACE, COUNTRY = 0, 1, 2  # the layers of a hub

TOP_PAIRS = 1000  # the pairs sharing most overall that the overlap graph holds
NEAREST = 10  # each project's strongest overlaps that the overlap graph holds
# pairs of projects counted at once: each costs about 100 bytes while its block is counted
PAIRS_PER_BLOCK = 2_000_000


@dataclass(frozen=True, slots=True)
class OverlapIndex:
    """Projects against the organisations, places and countries they share, as a sparse matrix.

    Row i is `projects[i]` (sorted by title, then IRI); column h is a hub tied to
    two or more projects (`hubs[h]` its IRI or node), with its layer
    (ORGANISATION, PLACE or COUNTRY) and the name a row shows; `sizes[i]` counts
    every organisation and place of project i, shared or not (the Jaccard
    denominator); `municipalities[i]` the Swedish municipalities project i lists (not hubs:
    an overlap only names those its two projects share).
    """

    projects: list[Any]
    titles: list[str]
    hubs: list[Any]
    hub_layers: np.ndarray
    hub_names: list[str]
    incidence: sp.csr_matrix  # projects x hubs, 1 where a project is tied to a hub
    sizes: np.ndarray
    municipalities: list[frozenset[Any]]


def make_overlap_index(
    titles: Mapping[Any, str],
    ties: Mapping[Any, set[Any]],
    hub_facts: Mapping[Any, tuple[int, str]],
    municipalities: Mapping[Any, frozenset[Any]] | None = None,
) -> OverlapIndex:
    """The index of projects (`titles`: project -> title), their hubs (`ties`: project ->
    hubs, shared or not), each hub's (layer, name) and, where given, the municipalities
    each project lists."""
    projects = sorted(titles, key=lambda p: (titles[p], str(p)))
    rank = {p: i for i, p in enumerate(projects)}
    members: dict[Any, list[int]] = {}
    for project, hubs in ties.items():
        for hub in hubs:
            members.setdefault(hub, []).append(rank[project])
    shared = sorted((hub for hub, ranks in members.items() if len(ranks) > 1), key=str)
    rows = [i for hub in shared for i in members[hub]]
    columns = [h for h, hub in enumerate(shared) for _ in members[hub]]
    incidence = sp.csr_matrix(
        (np.ones(len(rows), dtype=np.int32), (rows, columns)),
        shape=(len(projects), len(shared)),
    )
    incidence.sort_indices()
    return OverlapIndex(
        projects=projects,
        titles=[titles[p] for p in projects],
        hubs=shared,
        hub_layers=np.array([hub_facts[hub][0] for hub in shared], dtype=np.int8),
        hub_names=[hub_facts[hub][1] for hub in shared],
        incidence=incidence,
        sizes=np.array([len(ties.get(p, ())) for p in projects], dtype=np.int64),
        municipalities=[(municipalities or {}).get(p, frozenset()) for p in projects],
    )


def record_overlap_index(records: Iterable[ProjectRecord], *, minter: Minter) -> OverlapIndex:
    """The index of the build's records: their projects (two pages of one project are one),
    their organisations' top organisations and their places abroad with a partnership role,
    each city or region also tying its project to its country, and the municipalities
    they list. Hubs are IRIs."""
    titles: dict[URIRef, str] = {}
    ties: dict[URIRef, set[URIRef]] = {}
    facts: dict[URIRef, tuple[int, str]] = {}
    municipalities: dict[URIRef, frozenset[URIRef]] = {}
    for rec in records:
        project = minter.project(project_key(rec))
        title = rec.title or str(project)
        titles[project] = min(titles.get(project, title), title)
        hubs = ties.setdefault(project, set())
        municipalities[project] = municipalities.get(project, frozenset()) | {
            minter.municipality(code)
            for code in map(scb_municipality_code, rec.municipalities) if code
        }
        for membership in rec.memberships:
            top = membership.organisation
            while top.parent is not None:
                top = top.parent
            hub = minter.organisation(top.key)
            hubs.add(hub)
            facts.setdefault(hub, (ORGANISATION, top.name))
        for place in rec.places:
            if place.role not in PARTNERSHIP_PLACE_ROLES:
                continue
            hub = place_iri(place, minter=minter)
            if hub is None:
                continue
            hubs.add(hub)
            country = place.country
            if place.kind == "city":
                city = registers.city_info(place.geonames_id)
                country = city.country if city else place.country
            if place.kind != "country":
                facts.setdefault(hub, (PLACE, place.name))
                hub = minter.country(country)
                hubs.add(hub)
            facts.setdefault(hub, (COUNTRY, country.upper()))
    return make_overlap_index(titles, ties, facts, municipalities)


def layer_index(index: OverlapIndex, layer: int) -> OverlapIndex:
    """The index of one layer's hubs alone (COUNTRY: the pairs sharing a country)."""
    keep = index.hub_layers == layer
    columns = keep.nonzero()[0]
    return OverlapIndex(
        projects=index.projects, titles=index.titles,
        hubs=[index.hubs[h] for h in columns], hub_layers=index.hub_layers[keep],
        hub_names=[index.hub_names[h] for h in columns],
        incidence=index.incidence[:, columns].tocsr(), sizes=index.sizes,
        municipalities=index.municipalities,
    )


@dataclass(frozen=True, slots=True)
class OverlapCount:
    pairs: int  # project pairs sharing an organisation, a city or region, or a country
    country_pairs: int  # of which sharing a country
    strongest: list[tuple[int, int]]  # (i, j), i < j, sorted: the pairs sharing most
    shared: list[int]  # how many organisations and places each of them shares
    # (i, j), i < j, sorted: the pairs among each project's `nearest` strongest overlaps
    nearest: list[tuple[int, int]]


def count_overlaps(
    index: OverlapIndex, *, limit: int | None = None, nearest: int = 0, block: int = 512,
    block_pairs: int = PAIRS_PER_BLOCK,
) -> OverlapCount:
    """Count the project pairs that share something, pick the `limit` sharing most overall
    (None: every pair) and, with `nearest`, each project's `nearest` strongest overlaps.

    The product runs a block of projects (at most `block`, fewer when their pairs would
    exceed `block_pairs`) at a time against all projects, keeping at most twice `limit`
    candidates, so memory holds one block's pairs, not all of them.
    """
    M = index.incidence
    countries = M.multiply(index.hub_layers[np.newaxis, :] == COUNTRY).tocsr()
    pairs = country_pairs = 0
    kept: list[tuple[np.ndarray, ...]] = []
    close: list[np.ndarray] = []
    kept_rows = 0
    least_shared = 1  # a pair sharing fewer than the weakest kept one cannot get in
    for start, stop in _row_blocks(M, block, pairs=block_pairs):
        block = stop - start
        if nearest:
            _, i, j, shared = _block_pairs(M, start, block, full=True)
            close.append(_nearest(index, i, j, shared, nearest))
            upper = j > i
            i, j, shared = i[upper], j[upper], shared[upper]
            pairs += len(i)
            if least_shared > 1:
                strong = shared >= least_shared
                i, j, shared = i[strong], j[strong], shared[strong]
        else:
            found, i, j, shared = _block_pairs(M, start, block, full=False, least=least_shared)
            pairs += found
        country_pairs += _block_pairs(countries, start, block, full=False, least=None)[0]
        kept.append((i, j, shared, shared / (index.sizes[i] + index.sizes[j] - shared)))
        kept_rows += len(i)
        if limit is not None and kept_rows > 2 * limit:
            kept = [_strongest(kept, limit)]
            kept_rows = len(kept[0][0])
            least_shared = int(kept[0][2].min())
    i, j, shared, _ = _strongest(kept, limit) if kept else (np.array([], dtype=np.int64),) * 4
    order = np.lexsort((j, i))
    strongest = list(zip(i[order].tolist(), j[order].tolist(), strict=True))
    near = np.unique(np.concatenate(close)) if close else np.array([], dtype=np.int64)
    n = max(M.shape[0], 1)
    return OverlapCount(
        pairs, country_pairs, strongest, shared[order].tolist(),
        [(int(key // n), int(key % n)) for key in near],
    )


def _row_blocks(M: sp.csr_matrix, rows: int, *, pairs: int) -> Iterator[tuple[int, int]]:
    """(start, stop) of the blocks of at most `rows` rows, fewer where their pairs would
    number more than `pairs` (a row's pairs are at most the projects of its hubs, summed):
    the pairs per project grow with the projects (an agency is in nearly every one), so a
    fixed number of rows would hold ten times the pairs at ten times the pages."""
    bound = np.concatenate(([0], np.cumsum(M @ np.asarray(M.sum(axis=0)).ravel())))
    start, n = 0, M.shape[0]
    while start < n:
        fits = int(np.searchsorted(bound, bound[start] + pairs, side="right")) - 1
        stop = min(max(fits, start + 1), start + rows, n)
        yield start, stop
        start = stop


def _block_pairs(
    M: sp.csr_matrix, start: int, block: int, *, full: bool, least: int | None = 1
) -> tuple[int, np.ndarray, np.ndarray, np.ndarray]:
    """How many pairs the rows start..start+block make with every other row (`full`) or with
    the rows after them (j > i: half the work), and (i, j, shared count) of those sharing at
    least `least` (None: the count alone). The pairs below `least`, most of them once the
    strongest are known, get no coordinates."""
    later = 0 if full else start
    product = M[start:start + block] @ M[later:].T
    rows = np.repeat(np.arange(product.shape[0], dtype=np.int64) + (start - later),
                     np.diff(product.indptr))
    columns = product.indices
    other = columns != rows if full else columns > rows  # both counted from row `later`
    found = int(np.count_nonzero(other))
    if least is None:
        return found, *(np.array([], dtype=np.int64),) * 3
    if least > 1:
        other &= product.data >= least
    return (found, rows[other] + later, columns[other].astype(np.int64) + later,
            product.data[other].astype(np.int64))


def _nearest(
    index: OverlapIndex, i: np.ndarray, j: np.ndarray, shared: np.ndarray, k: int
) -> np.ndarray:
    """Each row's k strongest pairs, as keys min * n + max. For one row, a higher Jaccard
    at equal shared count means a smaller other project, so one integer sort key orders
    them: (row, most shared, smallest other, its index)."""
    n = max(len(index.projects), 1)
    if len(i) == 0:
        return np.array([], dtype=np.int64)
    span_j = n
    span_size = int(index.sizes.max()) + 1
    span_shared = int(shared.max()) + 1
    key = ((i * span_shared + (span_shared - 1 - shared)) * span_size + index.sizes[j]) * span_j + j
    order = np.argsort(key, kind="stable")
    rows = i[order]
    starts = np.flatnonzero(np.r_[True, rows[1:] != rows[:-1]])
    rank = np.arange(len(rows)) - np.repeat(starts, np.diff(np.r_[starts, len(rows)]))
    chosen = order[rank < k]
    low, high = np.minimum(i[chosen], j[chosen]), np.maximum(i[chosen], j[chosen])
    return np.unique(low * n + high)


def _strongest(kept: list[tuple[np.ndarray, ...]], limit: int | None) -> tuple[np.ndarray, ...]:
    """The `limit` pairs of the blocks sharing most (count, Jaccard, then i and j)."""
    i, j, shared, jaccard = (np.concatenate(column) for column in zip(*kept, strict=True))
    if limit is None or len(i) <= limit:
        return i, j, shared, jaccard
    # only pairs sharing at least the limit-th largest count can be among the strongest:
    # the full sort runs on those (found in linear time), not on millions of weaker pairs
    least = np.partition(shared, len(shared) - limit)[len(shared) - limit]
    candidates = np.flatnonzero(shared >= least)
    keep = candidates[np.lexsort((j[candidates], i[candidates], -jaccard[candidates],
                                  -shared[candidates]))[:limit]]
    return i[keep], j[keep], shared[keep], jaccard[keep]


def shared_hubs(index: OverlapIndex, pairs: Iterable[tuple[int, int]], *, block: int = 65536
                ) -> Iterator[list[int]]:
    """The columns (hubs) each pair (i, j) of projects shares, a block of pairs at a time:
    the rows of the pairs' two projects multiplied element by element in C."""
    M = index.incidence
    pairs = iter(pairs)
    while chunk := list(islice(pairs, block)):
        first, second = zip(*chunk, strict=True)
        shared = M[list(first)].multiply(M[list(second)]).tocsr()
        hubs, bounds = shared.indices.tolist(), shared.indptr.tolist()
        for k in range(len(chunk)):
            yield hubs[bounds[k]:bounds[k + 1]]


def jaccard(index: OverlapIndex, i: int, j: int, shared: int) -> float:
    return round(shared / int(index.sizes[i] + index.sizes[j] - shared), 4)


def overlap_rows(index: OverlapIndex, pairs: Iterable[tuple[int, int]]) -> Iterator[dict]:
    """The overlaps.csv row of each pair (i, j) of `index`: shared names sorted, countries
    as ISO codes, `jaccard` the shared share of all organisations and places of the two."""
    pairs = list(pairs)
    layers, hub_names, sizes = index.hub_layers.tolist(), index.hub_names, index.sizes.tolist()
    for (i, j), hubs in zip(pairs, shared_hubs(index, pairs), strict=True):
        found: tuple[list[str], list[str], list[str]] = ([], [], [])
        for hub in hubs:
            found[layers[hub]].append(hub_names[hub])
        orgs, places, countries = (sorted(names) for names in found)
        yield {
            "project_a": index.titles[i],
            "project_b": index.titles[j],
            "organisations": "; ".join(orgs),
            "cities": "; ".join(places),
            "countries": " ".join(countries),
            "n_organisations": len(orgs),
            "n_cities": len(places),
            "n_countries": len(countries),
            "jaccard": round(len(hubs) / (sizes[i] + sizes[j] - len(hubs)), 4),
            "project_a_iri": index.projects[i],
            "project_b_iri": index.projects[j],
        }


def _project_key(project: Any, minter: Minter) -> str:
    return unquote(str(project).removeprefix(f"{minter.base}project/"))


COUNTRY_PAIR_COLUMNS = ("project_a", "project_b", "countries", "n", "project_a_iri",
                        "project_b_iri")


def country_pair_rows(index: OverlapIndex) -> Iterator[tuple]:
    """Every pair of projects sharing a country, the rows of `shared-partner-countries`
    before it read the overlap graph (codes sorted, pairs in title order) with the two IRIs:
    2.7 million rows at 10,000 pages, so the shared codes of a pair come from one bit mask
    per project, and each mask's text is made once."""
    countries = layer_index(index, COUNTRY)
    order = np.argsort(countries.hub_names, kind="stable")
    rank = np.empty(len(order), dtype=np.int64)
    rank[order] = np.arange(len(order))
    M = countries.incidence
    masks = [0] * M.shape[0]  # Python ints: any number of countries
    for i in range(M.shape[0]):
        for h in M.indices[M.indptr[i]:M.indptr[i + 1]]:
            masks[i] |= 1 << int(rank[h])
    names = [countries.hub_names[h] for h in order]
    texts: dict[int, tuple[str, int]] = {}
    counted = count_overlaps(countries, limit=None)
    for i, j in counted.strongest:
        mask = masks[i] & masks[j]
        text = texts.get(mask)
        if text is None:
            codes = [name for bit, name in enumerate(names) if mask >> bit & 1]
            text = texts[mask] = (" ".join(codes), len(codes))
        yield (index.titles[i], index.titles[j], *text, index.projects[i], index.projects[j])


_SHARED_PREDICATES = (TNKG.sharedOrganisation, TNKG.sharedPlace, TNKG.sharedCountry)


def overlap_triples(
    index: OverlapIndex, counted: OverlapCount, *, minter: Minter
) -> Iterator[Triple]:
    """The overlap graph: a `tnkg:ProjectOverlap` for each pair of `counted.strongest` (with
    its rank among them, 1 sharing most) and of `counted.nearest`, with the two projects,
    what they share, how much, the Jaccard overlap, and the municipalities both list (so
    that a municipality's overlaps are looked up, not joined from all its projects')."""
    ranked = sorted(
        zip(counted.strongest, counted.shared, strict=True),
        key=lambda item: (-item[1], -jaccard(index, *item[0], item[1]), item[0]),
    )
    rank = {pair: r for r, (pair, _) in enumerate(ranked, 1)}
    # each project, hub and value made once, not once a pair: at 10,000 pages the graph holds
    # 88,000 overlaps, and rdflib's terms and namespace look-ups are slow to make
    projects = [URIRef(str(p)) for p in index.projects]
    keys = [_project_key(p, minter) for p in projects]
    layers, sizes = index.hub_layers.tolist(), index.sizes.tolist()
    hubs_shared = [(_SHARED_PREDICATES[layers[h]], URIRef(str(hub)))
                   for h, hub in enumerate(index.hubs)]
    counts: dict[int, Literal] = {}
    ratios: dict[float, Literal] = {}
    overlap_of, shared_count, ratio = TNKG.overlapOf, TNKG.sharedCount, TNKG.jaccard
    a_type, overlap_class, overlap_rank = RDF.type, TNKG.ProjectOverlap, TNKG.overlapRank
    shared_municipality = TNKG.sharedMunicipality
    pairs = sorted(set(counted.strongest) | set(counted.nearest))
    for (i, j), hubs in zip(pairs, shared_hubs(index, pairs), strict=True):
        iri = minter.overlap(keys[i], keys[j])
        yield iri, a_type, overlap_class
        yield iri, overlap_of, projects[i]
        yield iri, overlap_of, projects[j]
        for hub in hubs:
            yield iri, *hubs_shared[hub]
        n = len(hubs)
        count = counts.get(n)
        if count is None:
            count = counts[n] = Literal(n)
        yield iri, shared_count, count
        value = round(n / (sizes[i] + sizes[j] - n), 4)  # jaccard(index, i, j, n)
        text = ratios.get(value)
        if text is None:
            text = ratios[value] = Literal(str(value), datatype=XSD.decimal)
        yield iri, ratio, text
        if (i, j) in rank:
            yield iri, overlap_rank, Literal(rank[i, j])
        for municipality in sorted(index.municipalities[i] & index.municipalities[j]):
            yield iri, shared_municipality, municipality
