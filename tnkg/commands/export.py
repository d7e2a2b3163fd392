"""`tnkg export`: write the built graph as Turtle, N-Triples, N-Quads, TriG or JSON-LD."""

from __future__ import annotations

import argparse
import sys

from tnkg.kg.export import FORMATS


def add_arguments(parser: argparse.ArgumentParser) -> None:
    parser.description = (
        "Read DIR/store and write the graph to FILE (default: standard output). "
        "ttl and nt hold the union of the page graphs; nq, trig and jsonld keep each "
        "source page's named graph."
    )
    parser.add_argument("--out", default="tnkg-out", metavar="DIR", help="the build's folder")
    parser.add_argument("--format", required=True, choices=sorted(FORMATS), help="output format")
    parser.add_argument("-o", "--output", metavar="FILE", help="file to write (default: stdout)")


def run(args: argparse.Namespace) -> int:
    from tnkg.kg.export import export_graph

    count = export_graph(args.out, args.format, args.output)
    if args.output and args.output != "-":
        print(f"wrote {count} statements as {args.format} to {args.output}", file=sys.stderr)
    return 0
