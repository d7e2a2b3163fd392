"""The web application of `tnkg serve` and the server loop around it.

Routes: the SPARQL 1.1 Protocol at /sparql (GET, POST form, POST query; updates
refused as read-only; GET without a query gives the Service Description), the query page
at /, the bundled queries at /queries and /queries/NAME (JSON, or CSV and TSV by Accept or
`format=`), the interactive graph at /graph, the dataset's VoID description at
/.well-known/void, the dumps at /dumps/NAME, the JSON-LD context at /context.jsonld, the
graph's own IRIs under the path of its base IRI (serve/resources.py) and /health. Queries
go to the worker pool (serve/pool.py); this process only speaks HTTP.

    >>> config = ServeConfig(out_dir=Path("out"))   # doctest: +SKIP
    >>> serve(config, host="127.0.0.1", port=7878)  # doctest: +SKIP
"""

from __future__ import annotations

import asyncio
import contextlib
import signal
import socket
from collections.abc import Iterator
from importlib import resources
from urllib.parse import urlsplit

import uvicorn
from starlette.applications import Starlette
from starlette.middleware import Middleware
from starlette.middleware.cors import CORSMiddleware
from starlette.requests import Request
from starlette.responses import FileResponse, HTMLResponse, JSONResponse, Response
from starlette.routing import Route

from tnkg.errors import QueryError
from tnkg.kg.export import read_base_iri
from tnkg.kg.jsonld import published_context
from tnkg.kg.store import open_store
from tnkg.kg.void import DUMPS
from tnkg.queries.runner import list_queries
from tnkg.queries.sparql_text import is_update
from tnkg.serve.config import DEFAULT_HOST, DEFAULT_PORT, ServeConfig
from tnkg.serve.description import rdf_reply, service_description, void_description
from tnkg.serve.execution import STORED_FORMATS, TEXT, QueryJob, Reply, StoredJob
from tnkg.serve.negotiation import SOLUTION_ALIASES, NotAcceptable, parse_accept
from tnkg.serve.pool import QueryPool, QueryTimeout, QueueFull
from tnkg.serve.resources import DescribeJob, document_for, split_document

# On Ctrl-C / SIGTERM, queries still running after QUERY_GRACE seconds are ended with a
# 503 (their workers killed); uvicorn cuts whatever is left at STOP_GRACE.
QUERY_GRACE = 3
STOP_GRACE = 5


def _job_from(query: str, params: dict[str, list[str]], accept: str,
              max_results: int, base_iri: str) -> QueryJob:
    format_values = params.get("format") or params.get("output") or [None]
    return QueryJob(
        query=query,
        accept=accept,
        format_name=format_values[0],
        default_graphs=tuple(params.get("default-graph-uri", ())),
        named_graphs=tuple(params.get("named-graph-uri", ())),
        max_results=max_results,
        base_iri=base_iri,
    )


def _stored_media(accept: str, format_name: str | None) -> str:
    """JSON unless `format=csv|tsv` or an Accept header preferring CSV or TSV asks otherwise."""
    if format_name:
        media = SOLUTION_ALIASES.get(format_name.lower(), format_name.lower())
        if media not in STORED_FORMATS:
            raise NotAcceptable(f"format {format_name!r} is not offered; use json, csv or tsv")
        return media
    for media in parse_accept(accept):
        media = SOLUTION_ALIASES.get(media, media)
        if media in STORED_FORMATS:
            return media
    return "application/json"


def _multi(items: Iterator[tuple[str, object]]) -> dict[str, list[str]]:
    out: dict[str, list[str]] = {}
    for key, value in items:
        if isinstance(value, str):
            out.setdefault(key, []).append(value)
    return out


READ_ONLY = "this endpoint is read-only: SPARQL updates are refused"


def create_app(config: ServeConfig):
    """The Starlette application serving `config.out_dir`."""
    pool = QueryPool(config.out_dir, size=config.workers, timeout=config.timeout,
                     extra=config.lanes)
    base_iri = read_base_iri(config.out_dir)

    def error(status: int, message: str, headers: dict | None = None) -> Response:
        return Response(message + "\n", status_code=status, media_type=TEXT, headers=headers)

    def reply_response(reply: Reply) -> Response:
        return Response(reply.body, status_code=reply.status, media_type=reply.media_type,
                        headers={"Vary": "Accept"})

    async def answer(job: QueryJob | StoredJob | DescribeJob, request: Request) -> Response:
        try:
            reply = await pool.run(job, client=request.client.host if request.client else None)
        except QueryTimeout as timeout:
            return error(503, str(timeout))
        except QueueFull:
            return error(429, f"you have {pool.max_queued} queries waiting already; send this "
                              "one again when they are answered", {"Retry-After": "1"})
        return reply_response(reply)

    def site(request: Request) -> str:
        return str(request.base_url)

    def described(triples, request: Request) -> Response:
        params = request.query_params
        try:
            reply = rdf_reply(triples, request.headers.get("accept", ""),
                              params.get("format") or params.get("output"), base_iri)
        except NotAcceptable as refused:
            return error(406, str(refused))
        return reply_response(reply)

    async def sparql(request: Request) -> Response:
        accept = request.headers.get("accept", "")
        url_params = _multi(request.query_params.multi_items())
        if request.method == "GET":
            if "update" in url_params:
                return error(403, READ_ONLY)
            queries = url_params.get("query", [])
            params = url_params
            if not queries:
                return described(service_description(site(request)), request)
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
        if is_update(queries[0]):
            return error(403, READ_ONLY)
        return await answer(
            _job_from(queries[0], params, accept, config.max_results, base_iri), request)

    async def page(request: Request) -> Response:
        html = resources.files("tnkg.serve").joinpath("page.html").read_text("utf-8")
        return HTMLResponse(html)

    async def graph_page(request: Request) -> Response:
        path = config.out_dir / "graph.html"
        if not path.is_file():
            return error(404, f"{path}: no graph page yet; run `tnkg viz` to write it")
        return FileResponse(path, media_type="text/html; charset=utf-8")

    async def stored_queries(request: Request) -> Response:
        return JSONResponse([{
            "name": query.name, "title": query.title, "description": query.description,
            "params": [{"name": param.name, "type": param.datatype,
                        "description": param.description, "required": param.required}
                       for param in query.params],
            "columns": list(query.columns), "sparql": query.text,
        } for query in list_queries()])

    async def stored_query_results(request: Request) -> Response:
        # an empty form field means "not given"; `format` chooses the answer's format
        params = tuple((key, value) for key, value in request.query_params.multi_items()
                       if value != "" and key != "format")
        name = request.path_params["name"]
        try:
            media = _stored_media(request.headers.get("accept", ""),
                                  request.query_params.get("format"))
        except NotAcceptable as refused:
            return error(406, str(refused))
        return await answer(StoredJob(name, params, config.max_results, media), request)

    async def void(request: Request) -> Response:
        triples = void_description(config.out_dir, site(request))
        if not triples:
            return error(404, "this build has no void.ttl: build it again with this tnkg")
        return described(triples, request)

    async def dump(request: Request) -> Response:
        name = request.path_params["name"]
        if name not in DUMPS:
            return error(404, f"no dump {name!r}; there are {', '.join(DUMPS)}")
        path = config.out_dir / name
        if not path.is_file():
            return error(404, f"{path} is not there: run `tnkg build`")
        return FileResponse(path, media_type=DUMPS[name])

    async def context(request: Request) -> Response:
        return JSONResponse({"@context": published_context()},
                            media_type="application/ld+json")

    async def resource(request: Request) -> Response:
        # the raw path: the graph's IRIs keep their percent-escapes (`%C3%B6`)
        raw = request.scope.get("raw_path", b"").decode("ascii", "replace")
        path, extension = split_document(raw[len(base_path):])
        if extension is None:
            target = f"{base_path}{path}.{document_for(request.headers.get('accept', ''))}"
            return Response(status_code=303, headers={"Location": target, "Vary": "Accept"})
        return await answer(DescribeJob(base_iri + path, extension, base_iri), request)

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
        # a public page (YASGUI) querying this server on the user's machine: Chrome's
        # preflight asks for Private Network Access and goes on only when it is allowed
        middleware.append(Middleware(
            CORSMiddleware, allow_origins=[config.cors_origin], allow_methods=["GET", "POST"],
            allow_headers=["Accept", "Content-Type"], allow_private_network=True,
        ))
    base_path = urlsplit(base_iri).path
    routes = [
        Route("/sparql", sparql, methods=["GET", "POST"]),
        Route("/", page, methods=["GET"]),
        Route("/graph", graph_page, methods=["GET"]),
        Route("/queries", stored_queries, methods=["GET"]),
        Route("/queries/{name}", stored_query_results, methods=["GET"]),
        Route("/health", health, methods=["GET"]),
        Route("/.well-known/void", void, methods=["GET"]),
        Route("/dumps/{name}", dump, methods=["GET"]),
        Route("/context.jsonld", context, methods=["GET"]),
        # last: a base IRI at the root of its host would take every path
        Route(base_path + "{path:path}", resource, methods=["GET"]),
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


def serve(config: ServeConfig, *, host: str = DEFAULT_HOST, port: int = DEFAULT_PORT,
          sock: socket.socket | None = None) -> None:
    """Serve until Ctrl-C or SIGTERM, then stop the workers and return. `sock` is a socket
    `bind_socket` already bound (so that the caller can say where it listens only once it
    does); without it, host and port are bound here."""
    open_store(config.out_dir)  # fail with a clear message when there is nothing to serve
    sock = sock or bind_socket(host, port)
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
