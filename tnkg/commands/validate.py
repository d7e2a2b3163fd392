"""`tnkg validate`: check the built graph against the SHACL shapes."""

from __future__ import annotations

import argparse


def add_arguments(parser: argparse.ArgumentParser) -> None:
    parser.description = (
        "Validate the graph in DIR/store against ontology/shapes.ttl with pyshacl. "
        "Exit 0 when it conforms, 1 when it does not (one violation per line: "
        "severity, focus node, path, message)."
    )
    parser.add_argument("--out", default="tnkg-out", metavar="DIR", help="the build's folder")


def run(args: argparse.Namespace) -> int:
    from tnkg.kg.validate import validate_graph

    report = validate_graph(args.out)
    for violation in report.violations:
        print(violation)
    if report.conforms:
        print(f"conforms: {report.triples} triples in {args.out} match the shapes")
        return 0
    print(f"does not conform: {len(report.violations)} violations in {args.out}")
    return 1
