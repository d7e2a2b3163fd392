"""`tnkg push`: load the built graph into an external SPARQL server (Graph Store Protocol)."""

from __future__ import annotations

import argparse
import sys

from tnkg.commands import import_extra


def add_arguments(parser: argparse.ArgumentParser) -> None:
    parser.description = (
        "Load the graph built in DIR into any SPARQL 1.1 Graph Store HTTP Protocol server "
        "(Virtuoso, Fuseki, GraphDB, ...): one named graph per source page, the shared graph "
        "and the dataset's VoID description, each replacing what was there. Running it twice "
        "changes nothing; the graphs of pages removed from the build since the last push are "
        "deleted there. Then `tnkg query NAME --endpoint URL` queries the server."
    )
    parser.add_argument("--graph-store", required=True, metavar="URL",
                        help="the server's Graph Store Protocol address, e.g. "
                             "http://localhost:8890/sparql-graph-crud-auth (Virtuoso)")
    parser.add_argument("--out", default="tnkg-out", metavar="DIR", help="the build's folder")
    parser.add_argument("--user", help="user name, for a server that asks for one")
    parser.add_argument("--password", help="password for --user (default: $TNKG_PASSWORD)")


def run(args: argparse.Namespace) -> int:
    remote = import_extra("tnkg.kg.remote", "remote")
    report = remote.push_graphs(
        args.out, args.graph_store, auth=remote.credentials(args.user, args.password)
    )
    removed = f", {len(report.removed)} removed" if report.removed else ""
    print(f"pushed {report.graphs} graphs ({report.statements} statements{removed}) "
          f"to {args.graph_store}", file=sys.stderr)
    return 0
