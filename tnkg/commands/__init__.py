"""One module per `tnkg` subcommand.

Each module defines `add_arguments(parser)` and `run(args) -> int`; its one-line
help is in `tnkg.cli.COMMANDS`, which imports only the module of the command
that runs, so `tnkg extract` never pays for rdflib or the web stack.
"""

from __future__ import annotations

import importlib
from types import ModuleType

from tnkg.errors import TnkgError

# the extras `make demo` installs (the Makefile's run install; tests/test_make_demo.py)
DEMO_EXTRAS = ("serve", "viz", "remote")


def import_extra(module: str, extra: str) -> ModuleType:
    """A module that needs an optional extra of tnkg (`serve`, `viz`); a one-line error
    saying what to install when its dependencies are missing."""
    try:
        return importlib.import_module(module)
    except ModuleNotFoundError as error:
        if error.name and error.name.split(".")[0] == "tnkg":
            raise
        demo = " (make demo does)" if extra in DEMO_EXTRAS else ""
        raise TnkgError(
            f"{error.name} is not installed: pip install 'tnkg[{extra}]'{demo}"
        ) from None
