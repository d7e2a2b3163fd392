"""The graph on an external SPARQL server: the HTTP client, credentials, and `push_graphs`.

`push_graphs` loads a build into any server that speaks the SPARQL 1.1 Graph Store
HTTP Protocol (Virtuoso's /sparql-graph-crud-auth, Fuseki's /DATASET/data, GraphDB's
/repositories/NAME/rdf-graphs/service, ...): one named graph per source page, the shared
graph and the dataset's description, each replaced whole with PUT. What it pushed is
listed in a small manifest graph of its own (`{base}graph/pushed`), so that the next push
deletes exactly the graphs of pages that left the build and never a graph it did not
write. The manifest first lists the old and new graphs together, and only the current
ones at the end, so a push cut off midway leaves nothing that the next push cannot find.

httpx is the client (`pip install 'tnkg[remote]'`): it keeps one connection for the
thousands of requests of a large graph and does both Basic and Digest authentication.
"""

from __future__ import annotations

import os
from collections.abc import Generator, Iterable
from dataclasses import dataclass
from pathlib import Path

import httpx
import pyoxigraph as ox

from tnkg.errors import TnkgError
from tnkg.kg.export import read_base_iri
from tnkg.kg.iri import Minter
from tnkg.kg.store import open_store
from tnkg.kg.void import read_void, void_graph

PASSWORD_ENV = "TNKG_PASSWORD"
N_TRIPLES = "application/n-triples"
HAS_PART = ox.NamedNode("http://purl.org/dc/terms/hasPart")
TIMEOUT = 120.0


class RemoteError(TnkgError):
    """The server could not be reached or refused what was asked of it."""


class ServerAuth(httpx.Auth):
    """The authentication the server asks for, Digest (Virtuoso) or Basic (Fuseki, GraphDB):
    the first request goes without, and its challenge decides for every later one."""

    def __init__(self, user: str, password: str) -> None:
        self._schemes = {"digest": httpx.DigestAuth(user, password),
                         "basic": httpx.BasicAuth(user, password)}
        self._chosen: httpx.Auth | None = None

    def auth_flow(self, request: httpx.Request) -> Generator[httpx.Request, httpx.Response, None]:
        if self._chosen is not None:
            yield from self._chosen.auth_flow(request)
            return
        response = yield request
        scheme = response.headers.get("www-authenticate", "").split(" ", 1)[0].lower()
        if response.status_code != 401 or scheme not in self._schemes:
            return
        self._chosen = self._schemes[scheme]
        yield from self._chosen.auth_flow(request)


def credentials(user: str | None, password: str | None) -> ServerAuth | None:
    """The authentication for --user and --password (or $TNKG_PASSWORD); None without a user."""
    if not user:
        return None
    password = password if password is not None else os.environ.get(PASSWORD_ENV)
    if password is None:
        raise RemoteError(f"--user {user} needs --password or the {PASSWORD_ENV} variable")
    return ServerAuth(user, password)


def client(auth: httpx.Auth | None = None, *, timeout: float = TIMEOUT) -> httpx.Client:
    return httpx.Client(auth=auth, timeout=timeout, follow_redirects=True)


def send(
    http: httpx.Client, method: str, url: str, *, missing_ok: bool = False, **kwargs
) -> httpx.Response:
    """One request; RemoteError naming the server and its answer when it fails (a 404 is
    an answer with `missing_ok`: a graph that is not there)."""
    try:
        response = http.request(method, url, **kwargs)
    except httpx.HTTPError as error:
        raise RemoteError(f"cannot reach {url}: {error}") from None
    if response.status_code == 401:
        raise RemoteError(f"{url} asks for credentials: give --user and --password "
                          f"(or {PASSWORD_ENV})")
    if response.status_code >= 400 and not (missing_ok and response.status_code == 404):
        reason = " ".join(response.text.split())[:200]
        raise RemoteError(f"{url} answered {response.status_code}: {reason}")
    return response


@dataclass(frozen=True, slots=True)
class PushReport:
    graphs: int  # graphs written (pages, shared, description, manifest)
    statements: int
    removed: tuple[str, ...]  # graphs of an earlier push that left the build


def _ntriples(triples: Iterable[ox.Triple]) -> bytes:
    return ox.serialize(sorted(triples, key=str), format=ox.RdfFormat.N_TRIPLES)


def _put(http: httpx.Client, url: str, graph: str, body: bytes) -> None:
    send(http, "PUT", url, params={"graph": graph}, content=body,
         headers={"Content-Type": N_TRIPLES})


def pushed_graphs(http: httpx.Client, url: str, manifest: str) -> set[str]:
    """The graphs the manifest of an earlier push lists; none when there was none."""
    response = send(http, "GET", url, params={"graph": manifest}, headers={"Accept": N_TRIPLES},
                    missing_ok=True)
    if response.status_code == 404 or not response.content.strip():
        return set()
    try:
        triples = ox.parse(response.content, format=ox.RdfFormat.N_TRIPLES)
        return {t.object.value for t in triples if t.predicate == HAS_PART}
    except SyntaxError as error:
        raise RemoteError(f"{url}: the manifest graph {manifest} does not read: {error}") from None


def push_graphs(
    out_dir: str | os.PathLike, graph_store: str, *, auth: httpx.Auth | None = None,
    timeout: float = TIMEOUT,
) -> PushReport:
    """Load the graph built in DIR into a Graph Store Protocol server at `graph_store`,
    replacing what an earlier push put there (see the module's docstring)."""
    out = Path(out_dir)
    store = open_store(out)
    minter = Minter(read_base_iri(out))
    manifest = f"{minter.base}graph/pushed"
    graphs: dict[str, list[ox.Triple]] = {}
    for name in store.named_graphs():
        graphs[name.value] = [ox.Triple(q.subject, q.predicate, q.object)
                              for q in store.quads_for_pattern(None, None, None, name)]
    description = read_void(out)
    if description:
        graphs[void_graph(minter).value] = description

    def listing(names: Iterable[str]) -> bytes:
        return _ntriples(ox.Triple(ox.NamedNode(manifest), HAS_PART, ox.NamedNode(name))
                         for name in names)

    with client(auth, timeout=timeout) as http:
        previous = pushed_graphs(http, graph_store, manifest)
        _put(http, graph_store, manifest, listing(previous | graphs.keys()))
        for name in sorted(graphs):
            _put(http, graph_store, name, _ntriples(graphs[name]))
        removed = sorted(previous - graphs.keys())
        for name in removed:
            send(http, "DELETE", graph_store, params={"graph": name}, missing_ok=True)
        _put(http, graph_store, manifest, listing(graphs))
    return PushReport(len(graphs) + 1, sum(map(len, graphs.values())), tuple(removed))
