"""`tnkg query`: run a bundled or ad hoc SPARQL query on the built graph."""

from __future__ import annotations

import argparse
import sys
import textwrap

from tnkg.errors import QueryError
from tnkg.queries.runner import FORMATS


def add_arguments(parser: argparse.ArgumentParser) -> None:
    parser.description = (
        "Run a SPARQL SELECT query on the graph built in DIR (`tnkg build`), over the union "
        "of its page graphs, and print the result. NAME is a bundled query (see --list), "
        "FILE.rq a query file with the same header. Parameters are bound as RDF terms, "
        "never pasted into the query text."
    )
    parser.add_argument("query", nargs="?", metavar="NAME|FILE.rq",
                        help="bundled query name or path of a .rq file")
    parser.add_argument("--sparql", metavar="QUERY", help="run this ad hoc SELECT query instead")
    parser.add_argument("--list", action="store_true",
                        help="list the bundled queries with their parameters and columns")
    parser.add_argument("--param", action="append", default=[], metavar="NAME=VALUE",
                        help="bind a query parameter (repeatable)")
    parser.add_argument("--format", choices=FORMATS, default="table",
                        help="output format (default: table)")
    parser.add_argument("--out", metavar="DIR", default="tnkg-out",
                        help="directory of the built graph (default: tnkg-out)")


def run(args: argparse.Namespace) -> int:
    from tnkg.kg.store import open_store
    from tnkg.queries.runner import format_result, list_queries, load_query, run_query

    if args.list:
        print(describe_queries(list_queries()), end="")
        return 0
    if bool(args.query) == bool(args.sparql):
        raise QueryError("give a query NAME or FILE.rq, or --sparql 'SELECT ...' (one of them)")
    params = parse_params(args.param)
    # an ad hoc query has no header: every parameter binds as a string
    query = args.sparql if args.sparql else load_query(args.query)
    result = run_query(open_store(args.out), query, params)
    sys.stdout.write(format_result(result, args.format))
    return 0


def parse_params(pairs: list[str]) -> dict[str, str]:
    """`name=value` strings as a dict; the value may hold any character, `=` included."""
    params: dict[str, str] = {}
    for pair in pairs:
        name, sep, value = pair.partition("=")
        if not sep or not name.strip():
            raise QueryError(f"--param {pair!r}: write it as NAME=VALUE")
        if name.strip() in params:
            raise QueryError(f"--param {name.strip()} given twice")
        params[name.strip()] = value
    return params


def describe_queries(queries: list) -> str:
    """The --list text: each query's name, title, description, parameters and columns."""
    blocks = []
    for q in queries:
        lines = [f"{q.name}: {q.title}"]
        lines += textwrap.wrap(q.description, width=92, initial_indent="    ",
                               subsequent_indent="    ")
        if q.params:
            for p in q.params:
                need = "required" if p.required else "optional"
                lines.append(f"    param {p.name} ({p.datatype}, {need}): {p.description}")
        else:
            lines.append("    params: none")
        lines.append(f"    columns: {', '.join(q.columns)}")
        blocks.append("\n".join(lines))
    return "\n\n".join(blocks) + "\n"
