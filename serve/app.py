"""A read-only SPARQL 1.1 Protocol endpoint over the built store (`tnkg serve`).

Queries never run in the web server's own process: a small pool of worker
processes each holds the store open read-only and answers one query at a time.
A query that outruns the time limit is ended by killing its worker (a thread
running a pyoxigraph query cannot be stopped), and a fresh worker takes its
place, so a runaway query costs one worker for at most the time limit and
never wedges the server.

    >>> config = ServeConfig(out_dir=Path("out"))   # doctest: +SKIP
    >>> serve(config, host="127.0.0.1", port=7878)  # doctest: +SKIP
"""

from __future__ import annotations

import asyncio
import contextlib
import json
import logging
import multiprocessing
import os
import re
import signal
import socket
from collections.abc import Iterator
from dataclasses import dataclass
from importlib import resources
from itertools import islice
from multiprocessing.connection import Connection
from pathlib import Path

import pyoxigraph as ox

from tnkg.errors import QueryError, TnkgError

DEFAULT_HOST = "127.0.0.1"
DEFAULT_PORT = 7878
DEFAULT_TIMEOUT = 30.0
DEFAULT_MAX_RESULTS = 10_000
DEFAULT_WORKERS = 2
# On Ctrl-C / SIGTERM, queries still running after QUERY_GRACE seconds are ended with a
# 503 (their workers killed); uvicorn cuts whatever is left at STOP_GRACE.
QUERY_GRACE = 3
STOP_GRACE = 5

TEXT = "text/plain; charset=utf-8"
XSD_STRING = "http://www.w3.org/2001/XMLSchema#string"

# Prefixes written into Turtle answers so they read like MODEL.md; data IRIs stay whole
# (`id:country\/FI` is valid Turtle but reads badly).
PREFIXES = {
    "tnkg": "https://w3id.org/tnkg/ontology#",
    "org": "http://www.w3.org/ns/org#",
    "schema": "https://schema.org/",
    "dcterms": "http://purl.org/dc/terms/",
    "prov": "http://www.w3.org/ns/prov#",
    "skos": "http://www.w3.org/2004/02/skos/core#",
    "owl": "http://www.w3.org/2002/07/owl#",
    "rdfs": "http://www.w3.org/2000/01/rdf-schema#",
    "xsd": "http://www.w3.org/2001/XMLSchema#",
}

# media type -> format; the first entry of each table is the default answer.
SOLUTION_FORMATS: dict[str, ox.QueryResultsFormat] = {
    "application/sparql-results+json": ox.QueryResultsFormat.JSON,
    "application/sparql-results+xml": ox.QueryResultsFormat.XML,
    "text/csv": ox.QueryResultsFormat.CSV,
    "text/tab-separated-values": ox.QueryResultsFormat.TSV,
}
GRAPH_FORMATS: dict[str, ox.RdfFormat] = {
    "text/turtle": ox.RdfFormat.TURTLE,
    "application/n-triples": ox.RdfFormat.N_TRIPLES,
    "application/ld+json": ox.RdfFormat.JSON_LD,
    "application/rdf+xml": ox.RdfFormat.RDF_XML,
}
# Other names clients use for the same formats: generic media types in Accept
# headers, and the short `format=` / `output=` values SPARQLWrapper and others send.
SOLUTION_ALIASES = {
    "application/json": "application/sparql-results+json",
    "json": "application/sparql-results+json",
    "application/xml": "application/sparql-results+xml",
    "text/xml": "application/sparql-results+xml",
    "xml": "application/sparql-results+xml",
    "csv": "text/csv",
    "tsv": "text/tab-separated-values",
}
GRAPH_ALIASES = {
    "application/x-turtle": "text/turtle",
    "turtle": "text/turtle",
    "ttl": "text/turtle",
    "n3": "text/turtle",  # Turtle is valid N3
    "text/rdf+n3": "text/turtle",
    "text/n3": "text/turtle",
    "text/plain": "application/n-triples",
    "nt": "application/n-triples",
    "ntriples": "application/n-triples",
    "n-triples": "application/n-triples",
    "application/json": "application/ld+json",
    "json": "application/ld+json",
    "json-ld": "application/ld+json",
    "jsonld": "application/ld+json",
    "application/xml": "application/rdf+xml",
    "text/xml": "application/rdf+xml",
    "xml": "application/rdf+xml",
    "rdf+xml": "application/rdf+xml",
}


@dataclass(frozen=True, slots=True)
class ServeConfig:
    """What `tnkg serve` serves and the limits it enforces."""

    out_dir: Path
    timeout: float = DEFAULT_TIMEOUT
    max_results: int = DEFAULT_MAX_RESULTS
    cors_origin: str | None = None
    workers: int = DEFAULT_WORKERS


@dataclass(frozen=True, slots=True)
class QueryJob:
    """One SPARQL query as it travels to a worker process."""

    query: str
    accept: str = ""
    format_name: str | None = None
    default_graphs: tuple[str, ...] = ()
    named_graphs: tuple[str, ...] = ()
    max_results: int = DEFAULT_MAX_RESULTS


@dataclass(frozen=True, slots=True)
class StoredJob:
    """A bundled query (queries/*.rq) by name, with its parameter values."""

    name: str
    params: tuple[tuple[str, str], ...] = ()
    max_results: int = DEFAULT_MAX_RESULTS


@dataclass(frozen=True, slots=True)
class Reply:
    """An HTTP answer as it travels back from a worker process."""

    status: int
    media_type: str
    body: bytes

    @classmethod
    def error(cls, status: int, message: str) -> Reply:
        return cls(status, TEXT, (message + "\n").encode("utf-8"))


class NotAcceptable(Exception):
    """No format the client accepts fits the kind of result."""


def open_read_only(out_dir: Path) -> ox.Store:
    """The built store in DIR/store, read-only; a one-line error when there is none."""
    from tnkg.kg.store import open_store

    return open_store(out_dir, read_only=True)


def store_generation(out_dir: Path) -> str:
    """Which build generation DIR/store points at (`tnkg build` swaps a symbolic link)."""
    return os.path.realpath(out_dir / "store")


# --- content negotiation ----------------------------------------------------------------


def parse_accept(accept: str) -> list[str]:
    """Media ranges of an Accept header, most preferred first; q=0 ranges dropped."""
    ranked = []
    for position, part in enumerate(accept.split(",")):
        media, *params = (piece.strip() for piece in part.split(";"))
        quality = 1.0
        for param in params:
            name, _, value = param.partition("=")
            if name.strip().lower() == "q":
                try:
                    quality = float(value)
                except ValueError:
                    quality = 0.0
        if media and quality > 0:
            ranked.append((-quality, position, media.lower()))
    return [media for _, _, media in sorted(ranked)]


def choose_format(kind: str, accept: str, format_name: str | None = None) -> str:
    """The media type to answer with for a `kind` ("solutions" or "graph") result.

    An explicit `format=` / `output=` value wins over the Accept header.

    >>> choose_format("solutions", "text/csv;q=0.5, application/sparql-results+xml")
    'application/sparql-results+xml'
    >>> choose_format("graph", "", "json-ld")
    'application/ld+json'
    """
    formats = SOLUTION_FORMATS if kind == "solutions" else GRAPH_FORMATS
    aliases = SOLUTION_ALIASES if kind == "solutions" else GRAPH_ALIASES
    supported = ", ".join(formats)
    if format_name:
        name = format_name.strip().lower()
        media = aliases.get(name, name)
        if media in formats:
            return media
        raise NotAcceptable(f"format {format_name!r} is not offered for this query; use one of: "
                            f"{supported}")
    if not accept.strip():
        return next(iter(formats))
    for media_range in parse_accept(accept):
        media = aliases.get(media_range, media_range)
        if media in formats:
            return media
        if media_range == "*/*":
            return next(iter(formats))
        if media_range.endswith("/*"):
            family = media_range[:-1]
            matching = [known for known in formats if known.startswith(family)]
            if matching:
                return matching[0]
    raise NotAcceptable(f"none of the accepted types ({accept}) fits this query; "
                        f"use one of: {supported}")


# --- what the endpoint refuses before running -------------------------------------------

# Strings, IRIs and comments, removed before looking for keywords so that a title
# containing "service" is not mistaken for a SERVICE clause.
_NOT_KEYWORDS = re.compile(
    r'"""(?:[^"\\]|\\.|"(?!""))*"""'
    r"|'''(?:[^'\\]|\\.|'(?!''))*'''"
    r'|"(?:[^"\\\n]|\\.)*"'
    r"|'(?:[^'\\\n]|\\.)*'"
    r"|<[^<>\"{}|^`\\\s]*>"
    r"|#[^\n]*",
    re.DOTALL,
)
_SERVICE = re.compile(r"(?<![\w:?$])SERVICE(?![\w:-])", re.IGNORECASE)


def uses_service(query: str) -> bool:
    """Whether the query has a SERVICE clause (federation), which would make the
    server fetch URLs a client chooses; the endpoint refuses those.

    >>> uses_service('SELECT * { SERVICE <http://x/sparql> { ?s ?p ?o } }')
    True
    >>> uses_service('SELECT * { ?s <http://x/SERVICE> "public service" }')
    False
    """
    return bool(_SERVICE.search(_NOT_KEYWORDS.sub(" ", query)))


# --- running one query (inside a worker process) ----------------------------------------


def _term_json(term: ox.NamedNode | ox.BlankNode | ox.Literal | ox.Triple) -> dict:
    if isinstance(term, ox.NamedNode):
        return {"type": "uri", "value": term.value}
    if isinstance(term, ox.BlankNode):
        return {"type": "bnode", "value": term.value}
    if isinstance(term, ox.Literal):
        out = {"type": "literal", "value": term.value}
        if term.language:
            out["xml:lang"] = term.language
        elif term.datatype.value != XSD_STRING:
            out["datatype"] = term.datatype.value
        return out
    return {
        "type": "triple",
        "value": {
            "subject": _term_json(term.subject),
            "predicate": _term_json(term.predicate),
            "object": _term_json(term.object),
        },
    }


def _solutions_json(variables: list[ox.Variable], rows: list[ox.QuerySolution]) -> bytes:
    names = [variable.value for variable in variables]
    bindings = [
        {name: _term_json(term) for name, term in zip(names, row, strict=True) if term is not None}
        for row in rows
    ]
    document = {"head": {"vars": names}, "results": {"bindings": bindings}}
    return json.dumps(document, ensure_ascii=False).encode("utf-8")


def _too_many(job: QueryJob | StoredJob, what: str) -> Reply:
    return Reply.error(
        422,
        f"the result has more than {job.max_results} {what}, the server's limit; "
        "add a LIMIT to the query or start the server with a larger --max-results",
    )


def _serialize(result: ox.QuerySolutions | ox.QueryBoolean | ox.QueryTriples,
               job: QueryJob) -> Reply:
    if isinstance(result, ox.QueryTriples):
        media = choose_format("graph", job.accept, job.format_name)
        # One past the limit tells "exactly at the limit" from "over it".
        triples = list(islice(result, job.max_results + 1))
        if len(triples) > job.max_results:
            return _too_many(job, "triples")
        body = ox.serialize(triples, format=GRAPH_FORMATS[media], prefixes=PREFIXES)
        return Reply(200, media, body)
    media = choose_format("solutions", job.accept, job.format_name)
    if isinstance(result, ox.QueryBoolean):
        return Reply(200, media, result.serialize(format=SOLUTION_FORMATS[media]))
    # Rows are counted before anything is written, so the size limit holds for every
    # format; pyoxigraph then writes the format from the JSON form of the kept rows.
    rows = list(islice(result, job.max_results + 1))
    if len(rows) > job.max_results:
        return _too_many(job, "rows")
    body = _solutions_json(result.variables, rows)
    if media != "application/sparql-results+json":
        solutions = ox.parse_query_results(body, format=ox.QueryResultsFormat.JSON)
        body = solutions.serialize(format=SOLUTION_FORMATS[media])
    return Reply(200, media, body)


def execute_query(store: ox.Store, job: QueryJob) -> Reply:
    """Run one query against the store and serialise the answer the client asked for."""
    if uses_service(job.query):
        return Reply.error(400, "SERVICE (federated query) is disabled on this endpoint")
    options: dict = {}
    try:
        if job.named_graphs:
            options["named_graphs"] = [ox.NamedNode(iri) for iri in job.named_graphs]
        if job.default_graphs:
            options["default_graph"] = [ox.NamedNode(iri) for iri in job.default_graphs]
        else:
            options["use_default_graph_as_union"] = True
    except ValueError as error:
        return Reply.error(400, f"bad graph IRI: {error}")
    try:
        result = store.query(job.query, **options)
    except SyntaxError as error:
        return Reply.error(400, f"malformed query: {error}")
    try:
        return _serialize(result, job)
    except NotAcceptable as error:
        return Reply.error(406, str(error))
    except (RuntimeError, ValueError, TypeError) as error:
        return Reply.error(400, f"query failed: {error}")
    except OSError as error:
        return Reply.error(500, f"the store could not be read: {error}")


_STORED_NAME = re.compile(r"[A-Za-z0-9_-]+")


def execute_stored(store: ox.Store, job: StoredJob) -> Reply:
    """Run a bundled query with its parameters bound by the query runner, as JSON rows."""
    from tnkg.queries.runner import load_query, run_query

    # load_query also takes file paths; over HTTP only bundled names are allowed.
    if not _STORED_NAME.fullmatch(job.name):
        return Reply.error(404, f"unknown query {job.name!r}; see /queries")
    try:
        result = run_query(store, load_query(job.name), dict(job.params))
    except QueryError as error:
        return Reply.error(404 if "unknown query" in str(error) else 400, str(error))
    if len(result.rows) > job.max_results:
        return _too_many(job, "rows")
    document = {"query": job.name, "columns": list(result.columns),
                "rows": [list(row) for row in result.rows]}
    return Reply(200, "application/json", json.dumps(document, ensure_ascii=False).encode())


def _worker_main(out_dir: str, conn: Connection) -> None:
    """Worker process: open the store read-only, then answer jobs until told to stop."""
    # Ctrl-C in a terminal reaches the whole process group; the server stops the workers.
    signal.signal(signal.SIGINT, signal.SIG_IGN)
    path = Path(out_dir)
    try:
        store, generation = open_read_only(path), store_generation(path)
    except TnkgError as error:
        conn.send(str(error))
        return
    conn.send("ready")
    while True:
        try:
            job = conn.recv()
        except (EOFError, OSError):  # the server has gone away
            return
        if job is None:
            return
        # A new `tnkg build` swaps DIR/store; answer from the new graph from then on.
        if store_generation(path) != generation:
            with contextlib.suppress(TnkgError):
                store, generation = open_read_only(path), store_generation(path)
        if isinstance(job, StoredJob):
            conn.send(execute_stored(store, job))
        else:
            conn.send(execute_query(store, job))


# --- the pool of worker processes (inside the server) -----------------------------------


class QueryTimeout(Exception):
    """A query ran past the time limit and its worker was stopped."""


class _Worker:
    def __init__(self, out_dir: Path) -> None:
        context = multiprocessing.get_context("spawn")  # no forking of a threaded server
        self.conn, child_conn = context.Pipe()
        self.process = context.Process(
            target=_worker_main, args=(str(out_dir), child_conn), daemon=True
        )
        self.process.start()
        child_conn.close()

    async def receive(self, timeout: float | None) -> object:
        loop = asyncio.get_running_loop()
        readable = loop.create_future()
        fd = self.conn.fileno()
        loop.add_reader(fd, lambda: readable.done() or readable.set_result(None))
        try:
            await asyncio.wait_for(readable, timeout)
        finally:
            loop.remove_reader(fd)
        return self.conn.recv()

    def stop(self) -> None:
        with contextlib.suppress(OSError, ValueError):
            self.conn.send(None)
        self.process.join(timeout=2)
        self.kill()

    def kill(self) -> None:
        if self.process.is_alive():
            self.process.kill()
        self.process.join()
        self.conn.close()


class QueryPool:
    """Worker processes answering queries, at most one query per worker at a time."""

    def __init__(self, out_dir: Path, *, size: int, timeout: float) -> None:
        self.out_dir = out_dir
        self.size = size
        self.timeout = timeout
        self._idle: asyncio.Queue[_Worker] = asyncio.Queue()
        self._all: set[_Worker] = set()
        self._spawning: set[asyncio.Task] = set()
        self._closing = False
        self._busy: set[_Worker] = set()
        self.problem = ""  # why the last worker failed to start, for the error answer

    async def start(self) -> None:
        await asyncio.gather(*(self._spawn() for _ in range(self.size)))

    async def _spawn(self) -> None:
        worker = _Worker(self.out_dir)
        self._all.add(worker)
        try:
            # Opening the store and importing pyoxigraph can take a while on a busy machine.
            greeting = await worker.receive(timeout=60)
        except (TimeoutError, EOFError, OSError) as error:
            greeting = f"a query worker did not start: {error or type(error).__name__}"
        if greeting != "ready":
            self._all.discard(worker)
            worker.kill()
            self.problem = str(greeting)
            raise QueryError(self.problem)
        self._idle.put_nowait(worker)

    async def _respawn(self) -> None:
        try:
            await self._spawn()
        except QueryError as error:
            logging.getLogger("uvicorn.error").error("tnkg serve: %s", error)

    def _replace(self, worker: _Worker) -> None:
        self._all.discard(worker)
        worker.kill()
        if self._closing:
            return
        task = asyncio.get_running_loop().create_task(self._respawn())
        self._spawning.add(task)
        task.add_done_callback(self._spawning.discard)

    @property
    def alive(self) -> int:
        return sum(worker.process.is_alive() for worker in self._all)

    async def run(self, job: QueryJob | StoredJob) -> Reply:
        if not self._all:
            return Reply.error(503, f"no query worker is running: {self.problem}")
        worker = await self._idle.get()
        self._busy.add(worker)
        try:
            worker.conn.send(job)
            reply = await worker.receive(timeout=self.timeout)
        except TimeoutError:
            self._replace(worker)
            raise QueryTimeout(
                f"the query ran longer than the time limit of {self.timeout:g} s and was "
                "stopped; narrow it down (a LIMIT, fewer OPTIONALs) or start the server "
                "with a larger --timeout"
            ) from None
        except (EOFError, OSError):
            self._replace(worker)
            if self._closing:
                return Reply.error(503, "the server is stopping; the query was not finished")
            return Reply.error(500, "the query worker died while answering; try again")
        except BaseException:
            # Cancelled mid-query (client gone, server stopping): the worker's state is
            # unknown, so it is not reused.
            self._replace(worker)
            raise
        finally:
            self._busy.discard(worker)
        self._idle.put_nowait(worker)
        return reply

    def end_running(self) -> None:
        """Server stopping: end the queries still running (each gets a 503), start no more."""
        self._closing = True
        for worker in list(self._busy):
            worker.process.kill()

    async def close(self) -> None:
        self._closing = True
        for task in list(self._spawning):
            task.cancel()
        for worker in list(self._all):
            worker.stop()
        self._all.clear()


# --- the web application ----------------------------------------------------------------


def _job_from(query: str, params: dict[str, list[str]], accept: str,
              max_results: int) -> QueryJob:
    format_values = params.get("format") or params.get("output") or [None]
    return QueryJob(
        query=query,
        accept=accept,
        format_name=format_values[0],
        default_graphs=tuple(params.get("default-graph-uri", ())),
        named_graphs=tuple(params.get("named-graph-uri", ())),
        max_results=max_results,
    )


def _multi(items: Iterator[tuple[str, object]]) -> dict[str, list[str]]:
    out: dict[str, list[str]] = {}
    for key, value in items:
        if isinstance(value, str):
            out.setdefault(key, []).append(value)
    return out


READ_ONLY = "this endpoint is read-only: SPARQL updates are refused"


def create_app(config: ServeConfig):
    """The Starlette application serving `config.out_dir`."""
    # Imported here so that worker processes, which import this module, skip the web stack.
    from starlette.applications import Starlette
    from starlette.middleware import Middleware
    from starlette.middleware.cors import CORSMiddleware
    from starlette.requests import Request
    from starlette.responses import FileResponse, HTMLResponse, JSONResponse, Response
    from starlette.routing import Route

    pool = QueryPool(config.out_dir, size=config.workers, timeout=config.timeout)

    def error(status: int, message: str) -> Response:
        return Response(message + "\n", status_code=status, media_type=TEXT)

    async def answer(job: QueryJob | StoredJob) -> Response:
        try:
            reply = await pool.run(job)
        except QueryTimeout as timeout:
            return error(503, str(timeout))
        return Response(reply.body, status_code=reply.status, media_type=reply.media_type,
                        headers={"Vary": "Accept"})

    async def sparql(request: Request) -> Response:
        accept = request.headers.get("accept", "")
        url_params = _multi(request.query_params.multi_items())
        if request.method == "GET":
            if "update" in url_params:
                return error(403, READ_ONLY)
            queries = url_params.get("query", [])
            params = url_params
        else:
            content_type = request.headers.get("content-type", "").split(";")[0].strip().lower()
            if content_type == "application/sparql-update":
                return error(403, READ_ONLY)
            if content_type == "application/sparql-query":
                body = await request.body()
                try:
                    queries = [body.decode("utf-8")]
                except UnicodeDecodeError:
                    return error(400, "the query is not valid UTF-8")
                params = url_params
            elif content_type in ("application/x-www-form-urlencoded", "multipart/form-data"):
                form = await request.form()
                params = {**url_params, **_multi(form.multi_items())}
                if "update" in params:
                    return error(403, READ_ONLY)
                queries = params.get("query", [])
            else:
                return error(415, f"unsupported Content-Type {content_type!r}; send "
                                  "application/sparql-query or a form with query=")
        if len(queries) != 1:
            return error(400, "give exactly one query (the `query` parameter)")
        return await answer(_job_from(queries[0], params, accept, config.max_results))

    async def page(request: Request) -> Response:
        html = resources.files("tnkg.kg").joinpath("server_page.html").read_text("utf-8")
        return HTMLResponse(html)

    async def graph_page(request: Request) -> Response:
        path = config.out_dir / "graph.html"
        if not path.is_file():
            return error(404, f"{path}: no graph page yet; run `tnkg viz` to write it")
        return FileResponse(path, media_type="text/html; charset=utf-8")

    async def stored_queries(request: Request) -> Response:
        from tnkg.queries.runner import list_queries

        return JSONResponse([{
            "name": query.name, "title": query.title, "description": query.description,
            "params": [{"name": param.name, "type": param.datatype,
                        "description": param.description, "required": param.required}
                       for param in query.params],
            "columns": list(query.columns), "sparql": query.text,
        } for query in list_queries()])

    async def stored_query_results(request: Request) -> Response:
        params = tuple((key, value) for key, value in request.query_params.multi_items()
                       if value != "")  # an empty form field means "not given"
        name = request.path_params["name"]
        return await answer(StoredJob(name, params, config.max_results))

    async def health(request: Request) -> Response:
        alive = pool.alive
        return JSONResponse(
            {"status": "ok" if alive else "down", "workers": alive,
             "timeout": config.timeout, "max_results": config.max_results},
            status_code=200 if alive else 503,
        )

    @contextlib.asynccontextmanager
    async def lifespan(app):
        await pool.start()
        try:
            yield
        finally:
            await pool.close()

    middleware = []
    if config.cors_origin:
        middleware.append(Middleware(
            CORSMiddleware, allow_origins=[config.cors_origin], allow_methods=["GET", "POST"],
            allow_headers=["Accept", "Content-Type"],
        ))
    routes = [
        Route("/sparql", sparql, methods=["GET", "POST"]),
        Route("/", page, methods=["GET"]),
        Route("/graph", graph_page, methods=["GET"]),
        Route("/queries", stored_queries, methods=["GET"]),
        Route("/queries/{name}", stored_query_results, methods=["GET"]),
        Route("/health", health, methods=["GET"]),
    ]
    app = Starlette(routes=routes, middleware=middleware, lifespan=lifespan)
    app.state.pool = pool
    return app


def bind_socket(host: str, port: int) -> socket.socket:
    """Listen on host:port, or say in one line why not (before any worker starts)."""
    family = socket.AF_INET6 if ":" in host else socket.AF_INET
    sock = socket.socket(family, socket.SOCK_STREAM)
    sock.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)
    try:
        sock.bind((host, port))
    except OSError as error:
        sock.close()
        raise QueryError(f"cannot listen on {host}:{port}: {error.strerror or error}") from None
    return sock


def serve(config: ServeConfig, *, host: str = DEFAULT_HOST, port: int = DEFAULT_PORT) -> None:
    """Serve until Ctrl-C or SIGTERM, then stop the workers and return."""
    import uvicorn

    open_read_only(config.out_dir)  # fail with a clear message when there is nothing to serve
    sock = bind_socket(host, port)
    app = create_app(config)

    class Server(uvicorn.Server):
        def handle_exit(self, sig: int, frame) -> None:
            # uvicorn takes a second Ctrl-C as "exit now", skipping the lifespan shutdown that
            # stops the query workers and printing a traceback; every signal asks for the same
            # clean stop here (a stuck server still ends within STOP_GRACE, or by SIGKILL);
            # uvicorn never forces an exit on SIGTERM
            super().handle_exit(signal.SIGTERM, frame)

        async def shutdown(self, sockets=None) -> None:
            asyncio.get_running_loop().call_later(QUERY_GRACE, app.state.pool.end_running)
            await super().shutdown(sockets)

    server = Server(uvicorn.Config(
        app, log_level="info",
        timeout_graceful_shutdown=STOP_GRACE,
    ))
    # uvicorn shuts down gracefully on SIGINT/SIGTERM and then re-raises the signal
    # with the handler that was in place before; a no-op handler there lets the command
    # return 0 after a clean stop instead of dying of the re-raised signal.
    previous = {sig: signal.signal(sig, lambda *_: None)
                for sig in (signal.SIGINT, signal.SIGTERM)}
    try:
        server.run(sockets=[sock])
    except SystemExit:
        raise QueryError(f"could not start serving {config.out_dir} (see the log above)") from None
    finally:
        for sig, handler in previous.items():
            signal.signal(sig, handler)
        sock.close()
