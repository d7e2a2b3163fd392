"""`tnkg query`: run a bundled or ad hoc SPARQL query on the built graph."""

from __future__ import annotations

import argparse
import sys
import textwrap
from pathlib import Path

from tnkg.commands import import_extra
from tnkg.errors import QueryError
from tnkg.queries.formats import FORMATS
from tnkg.queries.runner import LANGUAGES


def add_arguments(parser: argparse.ArgumentParser) -> None:
    parser.description = (
        "Run a SPARQL query on the graph built in DIR (`tnkg build`), over the union of its "
        "page graphs, or on any SPARQL 1.1 endpoint (--endpoint), and print the result. "
        "NAME is a bundled query (see --list), FILE.rq a query file with the same header. "
        "Parameters are bound as RDF terms, never pasted into the query text. An ad hoc "
        "query may use the project's prefixes (schema:, tnkg:, org:, country: ...) without "
        "declaring them; ASK prints true or false, CONSTRUCT and DESCRIBE print the graph "
        "(Turtle unless --format asks for nt, jsonld or xml)."
    )
    parser.add_argument("query", nargs="?", metavar="NAME|FILE.rq",
                        help="bundled query name or path of a .rq file")
    parser.add_argument("--sparql", metavar="QUERY", help="run this ad hoc query instead")
    parser.add_argument("--list", action="store_true",
                        help="list the bundled queries with their parameters and columns")
    parser.add_argument("--param", action="append", default=[], metavar="NAME=VALUE",
                        help="bind a query parameter (repeatable)")
    parser.add_argument("--format", choices=FORMATS, default="table",
                        help="output format (default: table)")
    parser.add_argument("--lang", choices=LANGUAGES, default="en",
                        help="names of places abroad in English or Swedish (default: en)")
    parser.add_argument("--out", metavar="DIR", default="tnkg-out",
                        help="directory of the built graph (default: tnkg-out)")
    parser.add_argument("--endpoint", metavar="URL",
                        help="run on this SPARQL 1.1 endpoint instead of the graph in DIR "
                             "(after `tnkg push`)")
    parser.add_argument("--user", help="user name, for an endpoint that asks for one")
    parser.add_argument("--password", help="password for --user (default: $TNKG_PASSWORD)")


def run(args: argparse.Namespace) -> int:
    from tnkg.kg.export import read_base_iri
    from tnkg.kg.iri import DEFAULT_BASE_IRI
    from tnkg.kg.store import open_store
    from tnkg.queries.formats import format_result
    from tnkg.queries.runner import list_queries, load_query, run_query

    if args.list:
        print(describe_queries(list_queries()), end="")
        return 0
    if bool(args.query) == bool(args.sparql):
        raise QueryError("give a query NAME or FILE.rq, or --sparql 'SELECT ...' (one of them)")
    params = parse_params(args.param)
    # an ad hoc query has no header: every parameter binds as a string
    query = args.sparql if args.sparql else load_query(args.query)
    if args.endpoint:
        remote = import_extra("tnkg.queries.remote", "remote")
        auth = import_extra("tnkg.kg.remote", "remote").credentials(args.user, args.password)
        result = remote.run_remote(args.endpoint, query, params, auth=auth, lang=args.lang)
        base_iri = DEFAULT_BASE_IRI
    else:
        base_iri = read_base_iri(Path(args.out))
        result = run_query(open_store(args.out), query, params, base_iri=base_iri,
                           lang=args.lang)
    sys.stdout.write(format_result(result, args.format, base_iri=base_iri))
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
        if q.heavy:
            name, params = q.bounded
            given = "".join(f" --param {p}=..." for p in params)
            lines += textwrap.wrap(f"heavy: {q.heavy}; bounded: tnkg query {name}{given}",
                                   width=92, initial_indent="    ", subsequent_indent="      ")
        blocks.append("\n".join(lines))
    return "\n\n".join(blocks) + "\n"
