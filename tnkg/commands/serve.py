"""`tnkg serve`: a read-only SPARQL endpoint over the built store."""

from __future__ import annotations

import argparse
from pathlib import Path

from tnkg.errors import QueryError

HELP = "serve the graph as a SPARQL endpoint"


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
    from tnkg.kg import server

    parser.description = (
        "Serve the store that `tnkg build` wrote to DIR/store as a read-only SPARQL 1.1 "
        "Protocol endpoint at /sparql, with a query page at /, the bundled queries at "
        "/queries, the interactive graph (DIR/graph.html) at /graph and /health. "
        "Stops cleanly on Ctrl-C or SIGTERM."
    )
    parser.add_argument("--out", type=Path, default=Path("tnkg-out"), metavar="DIR",
                        help="directory of the built graph (default: tnkg-out)")
    parser.add_argument("--host", default=server.DEFAULT_HOST,
                        help=f"address to listen on (default: {server.DEFAULT_HOST}, "
                             "this machine only)")
    parser.add_argument("--port", type=int, default=server.DEFAULT_PORT,
                        help=f"port to listen on (default: {server.DEFAULT_PORT})")
    parser.add_argument("--timeout", type=_positive_float, default=server.DEFAULT_TIMEOUT,
                        metavar="S", help="stop a query after S seconds (default: "
                                          f"{server.DEFAULT_TIMEOUT:g})")
    parser.add_argument("--max-results", type=_positive_int, default=server.DEFAULT_MAX_RESULTS,
                        metavar="N", help="refuse results with more than N rows or triples "
                                          f"(default: {server.DEFAULT_MAX_RESULTS})")
    parser.add_argument("--cors", metavar="ORIGIN", default=None,
                        help="allow browser pages from ORIGIN (e.g. https://yasgui.org) to "
                             "query; off by default")
    parser.add_argument("--workers", type=_positive_int, default=server.DEFAULT_WORKERS,
                        metavar="N", help="queries answered at the same time, one process "
                                          f"each (default: {server.DEFAULT_WORKERS})")


def run(args: argparse.Namespace) -> int:
    from tnkg.kg import server

    if not 0 < args.port < 65536:
        raise QueryError(f"--port {args.port}: not a port number (1-65535)")
    config = server.ServeConfig(
        out_dir=args.out, timeout=args.timeout, max_results=args.max_results,
        cors_origin=args.cors, workers=args.workers,
    )
    server.open_read_only(config.out_dir)  # say so now when there is nothing to serve
    print(f"tnkg serve: SPARQL endpoint at http://{args.host}:{args.port}/sparql "
          f"over {args.out / 'store'} (Ctrl-C to stop)", flush=True)
    server.serve(config, host=args.host, port=args.port)
    return 0
