"""The `tnkg` command line: a thin layer over importable functions.

Exit codes (kept in step with docs/exit-codes.md):
  0  success
  1  `tnkg validate`: the graph does not conform to the shapes
  2  bad input or usage: some input files failed, a bad query or parameter
  130 interrupted (Ctrl-C)
"""

from __future__ import annotations

import argparse
import importlib
import sys

from tnkg import __version__
from tnkg.errors import TnkgError

# name -> (module, one-line help); modules load only when their command runs
COMMANDS: dict[str, tuple[str, str]] = {
    "extract": ("tnkg.commands.extract", "parse project pages into records (JSON)"),
    "build": ("tnkg.commands.build", "build the knowledge graph, store and exports"),
    "validate": ("tnkg.commands.validate", "check the built graph against the SHACL shapes"),
    "export": ("tnkg.commands.export", "write the built graph as Turtle, N-Triples, TriG, JSON-LD"),
    "query": ("tnkg.commands.query", "run a bundled or ad hoc SPARQL query"),
    "analyze": ("tnkg.commands.analyze", "partner-overlap network analysis with networkx"),
    "viz": ("tnkg.commands.viz", "write an interactive network page (vis-network)"),
    "serve": ("tnkg.commands.serve", "serve the graph as a SPARQL endpoint"),
    "push": ("tnkg.commands.push", "load the graph into an external SPARQL server"),
}


def make_parser(command: str | None) -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(
        prog="tnkg",
        description="A knowledge graph of transnational partnerships in Swedish ESF projects.",
    )
    parser.add_argument("--version", action="version", version=f"tnkg {__version__}")
    sub = parser.add_subparsers(dest="command", metavar="COMMAND")
    for name, (module_name, help_text) in COMMANDS.items():
        sub_parser = sub.add_parser(name, help=help_text, description=help_text)
        if name == command:
            module = importlib.import_module(module_name)
            module.add_arguments(sub_parser)
            sub_parser.set_defaults(run=module.run)
    return parser


def main(argv: list[str] | None = None) -> int:
    argv = sys.argv[1:] if argv is None else argv
    command = next((a for a in argv if not a.startswith("-")), None)
    try:
        # the command's module loads here (spaCy and rdflib take seconds): Ctrl-C may land now
        parser = make_parser(command if command in COMMANDS else None)
    except KeyboardInterrupt:
        print(f"tnkg {command}: interrupted" if command else "tnkg: interrupted", file=sys.stderr)
        return 130
    args = parser.parse_args(argv)
    if not getattr(args, "run", None):
        parser.print_help()
        return 2
    try:
        return args.run(args)
    except TnkgError as error:
        print(f"tnkg {args.command}: {error}", file=sys.stderr)
        return 2
    except KeyboardInterrupt:
        print(f"tnkg {args.command}: interrupted", file=sys.stderr)
        return 130
    except BrokenPipeError:
        return 0


if __name__ == "__main__":
    sys.exit(main())
