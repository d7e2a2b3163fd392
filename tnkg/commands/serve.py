"""`tnkg serve`: a read-only SPARQL endpoint over the built store."""

from __future__ import annotations

import argparse
from pathlib import Path

from tnkg.commands import import_extra
from tnkg.errors import QueryError
from tnkg.serve.config import (
    DEFAULT_HOST,
    DEFAULT_LANES,
    DEFAULT_MAX_RESULTS,
    DEFAULT_PORT,
    DEFAULT_TIMEOUT,
    DEFAULT_WORKERS,
    ServeConfig,
)


def _positive_float(text: str) -> float:
    value = float(text)
    if value <= 0:
        raise argparse.ArgumentTypeError(f"must be more than 0, not {text}")
    return value


def _positive_int(text: str) -> int:
    value = int(text)
    if value <= 0:
        raise argparse.ArgumentTypeError(f"must be more than 0, not {text}")
    return value


def add_arguments(parser: argparse.ArgumentParser) -> None:
    parser.description = (
        "Serve the store that `tnkg build` wrote to DIR/store as a read-only SPARQL 1.1 "
        "Protocol endpoint at /sparql, with a query page at /, the bundled queries at "
        "/queries, the interactive graph (DIR/graph.html) at /graph and /health. "
        "Stops cleanly on Ctrl-C or SIGTERM."
    )
    parser.add_argument("--out", type=Path, default=Path("tnkg-out"), metavar="DIR",
                        help="directory of the built graph (default: tnkg-out)")
    parser.add_argument("--host", default=DEFAULT_HOST,
                        help=f"address to listen on (default: {DEFAULT_HOST}, "
                             "this machine only)")
    parser.add_argument("--port", type=int, default=DEFAULT_PORT,
                        help=f"port to listen on (default: {DEFAULT_PORT})")
    parser.add_argument("--timeout", type=_positive_float, default=DEFAULT_TIMEOUT,
                        metavar="S", help="stop a query after S seconds (default: "
                                          f"{DEFAULT_TIMEOUT:g})")
    parser.add_argument("--max-results", type=_positive_int, default=DEFAULT_MAX_RESULTS,
                        metavar="N", help="refuse results with more than N rows or triples "
                                          f"(default: {DEFAULT_MAX_RESULTS})")
    parser.add_argument("--cors", metavar="ORIGIN", default=None,
                        help="allow browser pages from ORIGIN (e.g. https://yasgui.org) to "
                             "query; off by default")
    parser.add_argument("--workers", type=_positive_int, default=DEFAULT_WORKERS,
                        metavar="N", help="queries answered at the same time, one process "
                                          f"each (default: {DEFAULT_WORKERS})")
    parser.add_argument("--lanes", type=int, default=DEFAULT_LANES, metavar="N",
                        help="while queries run long (over half a second), start up to N more "
                             "workers so that short ones never wait for them (default: "
                             f"{DEFAULT_LANES}; 0: none)")


def run(args: argparse.Namespace) -> int:
    from tnkg.kg.store import open_store

    app = import_extra("tnkg.serve.app", "serve")
    if not 0 < args.port < 65536:
        raise QueryError(f"--port {args.port}: not a port number (1-65535)")
    config = ServeConfig(
        out_dir=args.out, timeout=args.timeout, max_results=args.max_results,
        cors_origin=args.cors, workers=args.workers, lanes=max(args.lanes, 0),
    )
    open_store(config.out_dir)  # say so now when there is nothing to serve
    sock = app.bind_socket(args.host, args.port)  # a port in use is said before anything else
    print(f"tnkg serve: SPARQL endpoint at http://{args.host}:{args.port}/sparql "
          f"over {args.out / 'store'} (Ctrl-C to stop)", flush=True)
    app.serve(config, sock=sock)
    return 0
