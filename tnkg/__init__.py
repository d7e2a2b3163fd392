"""tnkg: a knowledge graph of transnational partnerships in Swedish ESF projects."""

from importlib.metadata import PackageNotFoundError, version

try:
    __version__ = version("tnkg")
except PackageNotFoundError:  # running from a source tree that is not installed
    __version__ = "0.0.0"


def open(out_dir="tnkg-out"):  # noqa: A001 - `tnkg.open` as a notebook spells it
    """The graph `tnkg build` wrote into `out_dir`, for a notebook (docs/python.md):
    `.query(name, **params)`, `.network()`, `.viz(...)`."""
    from tnkg.notebook import BuiltGraph

    return BuiltGraph(out_dir)
