"""`tnkg viz`: write the partnership network as an interactive, offline HTML page."""

from __future__ import annotations

import argparse

HELP = "write an interactive network page (pyvis)"

# kept in step with tnkg.queries.viz (a test holds them together); listed here so that
# `tnkg viz --help` does not pay for importing networkx and pyvis
KINDS = ("project", "organisation", "municipality", "city", "region", "country")
ROLES = ("owner", "co-financier", "partner", "participant", "planned", "related", "mention",
         "municipality", "in", "unit-of")


def add_arguments(parser: argparse.ArgumentParser) -> None:
    parser.description = (
        "Read the graph built in DIR (`tnkg build`) and write an interactive page of the "
        "partnership network (default DIR/graph.html): node kinds by shape and colour, "
        "edges by role, tooltips with the facts and evidence sentences, filters and search. "
        "The page works offline. Past --node-limit nodes it shows the country-level summary."
    )
    parser.add_argument("--out", metavar="DIR", default="tnkg-out",
                        help="directory of the built graph (default: tnkg-out)")
    parser.add_argument("-o", "--output", metavar="FILE",
                        help="page to write (default: DIR/graph.html)")
    parser.add_argument("--focus", metavar="NAME|IRI",
                        help="ego view around a project, organisation, municipality or place "
                             "(IRI, exact name, or a unique part of the name)")
    parser.add_argument("--depth", type=int, default=2, metavar="N",
                        help="steps from --focus to include (default: 2)")
    parser.add_argument("--kinds", nargs="+", choices=KINDS, metavar="KIND",
                        help=f"node kinds to draw: {', '.join(KINDS)} (default: all)")
    parser.add_argument("--roles", nargs="+", choices=ROLES, metavar="ROLE",
                        help=f"edge roles to draw: {', '.join(ROLES)} (default: all)")
    parser.add_argument("--summary", action="store_true",
                        help="draw the country-level summary whatever the size")
    parser.add_argument("--node-limit", type=int, default=None, metavar="N",
                        help="past this many nodes draw the country-level summary "
                             "(default: 2000)")


def run(args: argparse.Namespace) -> int:
    from tnkg.queries.viz import NODE_LIMIT, write_graph_page

    page = write_graph_page(
        args.out,
        out_file=args.output,
        focus=args.focus,
        depth=args.depth,
        kinds=args.kinds,
        roles=args.roles,
        summary=args.summary,
        node_limit=NODE_LIMIT if args.node_limit is None else args.node_limit,
    )
    print(f"wrote {page.path}: {page.view}, {page.nodes} nodes, {page.edges} edges")
    for note in page.notes:
        print(f"  {note}")
    return 0
