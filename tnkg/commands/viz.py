"""`tnkg viz`: write the partnership network as an interactive, offline HTML page."""

from __future__ import annotations

import argparse

from tnkg.commands import import_extra
from tnkg.extract.vocabulary import NETWORK_ROLES, NODE_KINDS


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
    parser.add_argument("--kinds", nargs="+", choices=NODE_KINDS, metavar="KIND",
                        help=f"node kinds to draw: {', '.join(NODE_KINDS)} (default: all)")
    parser.add_argument("--roles", nargs="+", choices=NETWORK_ROLES, metavar="ROLE",
                        help=f"edge roles to draw: {', '.join(NETWORK_ROLES)} (default: all)")
    parser.add_argument("--summary", action="store_true",
                        help="draw the country-level summary whatever the size")
    parser.add_argument("--node-limit", type=int, default=None, metavar="N",
                        help="past this many nodes draw the country-level summary "
                             "(default: 2000)")


def run(args: argparse.Namespace) -> int:
    viz = import_extra("tnkg.viz.page", "viz")
    page = viz.write_graph_page(
        args.out,
        out_file=args.output,
        focus=args.focus,
        depth=args.depth,
        kinds=args.kinds,
        roles=args.roles,
        summary=args.summary,
        node_limit=viz.NODE_LIMIT if args.node_limit is None else args.node_limit,
    )
    print(f"wrote {page.path}: {page.view}, {page.nodes} nodes, {page.edges} edges")
    for note in page.notes:
        print(f"  {note}")
    return 0
