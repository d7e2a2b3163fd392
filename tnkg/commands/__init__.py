"""One module per `tnkg` subcommand.

Each module defines `HELP` (one line), `add_arguments(parser)` and
`run(args) -> int`; `tnkg.cli` imports only the module of the command that
runs, so `tnkg extract` never pays for rdflib or pyvis.
"""
